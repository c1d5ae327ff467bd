//! The disk side of code generation: which models become which crates, writing them, checking
//! them for drift, and sweeping a folder of models. The generator itself never touches the disk.

pub mod batch;
pub mod bench;
pub mod bundled_runtime;
pub mod cli;
pub mod endpoint_tests;
pub mod figures;
pub mod idl_tests;
pub mod libtest;
pub mod model_files;
pub mod protocol_tests;
pub mod sweep;
pub mod sync;
pub mod validate_tests;

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
    /// The model: a `.json` or `.smithy` file, or a folder of them.
    pub model: PathBuf,
    /// More model files or folders, read together with `model` as one model.
    pub extra_models: Vec<PathBuf>,
    /// The crate folder.
    pub out: PathBuf,
    /// Generator settings.
    pub settings: Settings,
}

/// Every model in `model/`, each mapped to `generated/<file stem>`, or to the crates its
/// `model/<stem>.settings.json` lists.
pub fn workspace_crates(root: &Path) -> Result<Vec<CrateSpec>, String> {
    let dir = root.join("model");
    let mut specs = Vec::new();
    for model in model_dir_files(&dir)? {
        let stem = model.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let settings_file = dir.join(format!("{stem}.settings.json"));
        let crates = if settings_file.exists() { model_settings(&settings_file)? } else { vec![CrateSettings::default()] };
        for c in crates {
            let crate_name = c.crate_name.unwrap_or_else(|| stem.clone());
            check_crate_name(&crate_name).map_err(|e| format!("{}: {e}", dir.join(format!("{stem}.*")).display()))?;
            specs.push(CrateSpec {
                out: root.join("generated").join(&crate_name),
                settings: Settings {
                    crate_name,
                    runtime: smithy_codegen::RuntimeDependency::Path("../../runtime".into()),
                    standalone: false,
                    service: c.service,
                    operations: c.operations,
                    package: c.package,
                    ..Default::default()
                },
                model: model.clone(),
                extra_models: Vec::new(),
            });
        }
    }
    Ok(specs)
}

/// What `model/<stem>.settings.json` says about one crate.
#[derive(Debug, Default)]
struct CrateSettings {
    crate_name: Option<String>,
    package: smithy_codegen::PackageMetadata,
    service: Option<String>,
    operations: Option<Vec<String>>,
}

/// Reads `model/<stem>.settings.json`: one crate's settings (`crate_name`, `service`,
/// `operations`), or `{"crates": [...]}` with several.
fn model_settings(path: &Path) -> Result<Vec<CrateSettings>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let bad = |why: String| format!("{}: {why}", path.display());
    let one = |v: &serde_json::Value| -> Result<CrateSettings, String> {
        let object = v.as_object().ok_or_else(|| bad("a crate's settings must be an object".into()))?;
        let mut settings = CrateSettings::default();
        for (key, value) in object {
            let text = || value.as_str().map(str::to_owned).ok_or_else(|| bad(format!("`{key}` must be a string")));
            match key.as_str() {
                "crate_name" => settings.crate_name = Some(text()?),
                "version" => settings.package.version = Some(text()?),
                "description" => settings.package.description = Some(text()?),
                "license" => settings.package.license = Some(text()?),
                "publish" => settings.package.publish = value.as_bool().ok_or_else(|| bad("`publish` must be true or false".into()))?,
                "service" => settings.service = Some(text()?),
                "operations" => {
                    let list = value.as_array().ok_or_else(|| bad("`operations` must be a list of names".into()))?;
                    let names: Option<Vec<String>> = list.iter().map(|n| n.as_str().map(str::to_owned)).collect();
                    settings.operations = Some(names.ok_or_else(|| bad("`operations` must be a list of names".into()))?);
                }
                other => return Err(bad(format!("unknown setting `{other}` (known: crate_name, service, operations, version, description, license, publish, crates)"))),
            }
        }
        Ok(settings)
    };
    match json.get("crates") {
        Some(serde_json::Value::Array(crates)) if json.as_object().is_some_and(|o| o.len() == 1) => crates.iter().map(one).collect(),
        Some(_) => Err(bad("`crates` must be a list of crate settings and the only key".into())),
        None => Ok(vec![one(&json)?]),
    }
}

/// The models of `model/`: each `*.json` or `*.smithy` file is one model (sorted).
fn model_dir_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "smithy"))
        .filter(|p| !p.to_string_lossy().ends_with(".settings.json"))
        .collect();
    files.sort();
    Ok(files)
}

/// The `*.json` files of a folder, sorted.
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.to_string_lossy().ends_with(".settings.json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Generates one crate in memory from its model (a `.json` or `.smithy` file, or a folder of
/// them, plus `extra_models`). The error text names the model file and every problem, each at
/// the file, line and column where its shape is written when it comes from a `.smithy` file.
/// The warnings about the files come first.
pub fn generate_crate(spec: &CrateSpec) -> Result<smithy_codegen::Generated, String> {
    let mut paths = vec![spec.model.clone()];
    paths.extend(spec.extra_models.iter().cloned());
    let model = model_files::load_model(&paths)?;
    let generated = smithy_codegen::generate(&spec.model.display().to_string(), &model.json, &spec.settings);
    let mut generated = generated.map_err(|e| e.with_sources(model.sources).to_string())?;
    generated.model_warnings.splice(0..0, model.warnings);
    Ok(generated)
}

/// Generates every crate of the workspace in memory: (crate folder, files), or every error.
pub fn generate_workspace(root: &Path) -> Result<BTreeMap<PathBuf, smithy_codegen::Files>, String> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for spec in workspace_crates(root)? {
        match generate_crate(&spec) {
            Ok(generated) => {
                for w in generated.model_warnings.iter().chain(&generated.warnings) {
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

/// A package name made from a model file stem (`cognito-identity-provider`, `weather.v2` →
/// `weather-v2`): lowercase, every character Cargo rejects becomes `-`, runs of `-` collapse, and
/// the name starts with a letter.
pub fn package_name(stem: &str) -> String {
    let mut name = String::new();
    for c in stem.to_lowercase().chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if !(c == '-' && (name.is_empty() || name.ends_with('-'))) {
            name.push(c);
        }
    }
    let name = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-').trim_end_matches('-');
    let name: String = name.chars().take(64).collect();
    if name.is_empty() {
        "smithy-client".to_owned()
    } else {
        name.trim_end_matches('-').to_owned()
    }
}

/// Checks a package name given by the user against Cargo's rules, saying which one it breaks.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
        "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type",
        "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
        "virtual", "yield", "try", "gen", "test", "core", "std", "alloc", "proc-macro", "proc_macro",
    ];
    let problem = if name.is_empty() {
        Some("it is empty".to_owned())
    } else if name.len() > 64 {
        Some("it is longer than 64 characters".to_owned())
    } else if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        Some(format!("it contains {c:?}; a package name may only hold ASCII letters, digits, `-` and `_`"))
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("it must start with a letter".to_owned())
    } else if KEYWORDS.contains(&name) {
        Some("it is a Rust keyword or a name Cargo reserves".to_owned())
    } else {
        None
    };
    match problem {
        Some(why) => Err(format!("the crate name {name:?} is not a valid Cargo package name: {why}")),
        None => Ok(()),
    }
}

/// Lines of Rust among generated files.
pub fn rust_lines(files: &smithy_codegen::Files) -> usize {
    files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, c)| c.lines().count()).sum()
}
