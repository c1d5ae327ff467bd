//! The disk side of code generation: which models become which crates, writing them, checking
//! them for drift, and sweeping a folder of models. The generator itself never touches the disk.

pub mod batch;
pub mod bench;
pub mod protocol_tests;
pub mod sweep;
pub mod sync;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use smithy_codegen::Settings;

/// The repository root (the parent of this crate's folder).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or_else(|| manifest.to_path_buf(), Path::to_path_buf)
}

/// The runtime crate's folder, absolute.
pub fn runtime_dir() -> PathBuf {
    repo_root().join("runtime")
}

/// One model under `model/` and the crate it becomes under `generated/`.
#[derive(Debug, Clone)]
pub struct CrateSpec {
    /// The model file.
    pub model: PathBuf,
    /// The crate folder.
    pub out: PathBuf,
    /// Generator settings.
    pub settings: Settings,
}

/// Every model in `model/`, each mapped to `generated/<file stem>`.
pub fn workspace_crates(root: &Path) -> Result<Vec<CrateSpec>, String> {
    let dir = root.join("model");
    let mut specs = Vec::new();
    for model in json_files(&dir)? {
        let stem = model.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        specs.push(CrateSpec {
            out: root.join("generated").join(&stem),
            settings: Settings {
                crate_name: stem,
                runtime_path: "../../runtime".to_owned(),
                standalone: false,
                service: None,
            ..Default::default()
            },
            model,
        });
    }
    Ok(specs)
}

/// The `*.json` files of a folder, sorted.
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Generates one crate in memory. The error text names the model file and every problem.
pub fn generate_crate(spec: &CrateSpec) -> Result<smithy_codegen::Generated, String> {
    let json = fs::read_to_string(&spec.model).map_err(|e| format!("cannot read {}: {e}", spec.model.display()))?;
    smithy_codegen::generate(&spec.model.display().to_string(), &json, &spec.settings).map_err(|e| e.to_string())
}

/// Generates every crate of the workspace in memory: (crate folder, files), or every error.
pub fn generate_workspace(root: &Path) -> Result<BTreeMap<PathBuf, smithy_codegen::Files>, String> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for spec in workspace_crates(root)? {
        match generate_crate(&spec) {
            Ok(generated) => {
                for w in &generated.warnings {
                    eprintln!("warning: {}: {w}", spec.model.display());
                }
                out.insert(spec.out, generated.files);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.join("\n"))
    }
}

/// A package name made from a model file stem (`cognito-identity-provider`, `sweep-sqs`).
pub fn package_name(stem: &str) -> String {
    stem.to_lowercase().replace(['_', '.'], "-")
}

/// Lines of Rust among generated files.
pub fn rust_lines(files: &smithy_codegen::Files) -> usize {
    files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, c)| c.lines().count()).sum()
}
