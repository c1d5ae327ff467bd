//! The commands a user runs outside this repository, shared by `cargo xtask` and the installed
//! `smithy-codegen`: generate a crate (or one per model), print a model's JSON AST, validate a
//! model. Output goes through [`say`], which stops quietly when the reader has gone (`| head`).

use std::io::Write as _;
use std::path::PathBuf;

use smithy_codegen::{RuntimeDependency, Settings};

use crate::{bundled_runtime, generate_crate, sync, CrateSpec};

/// Writes a line to standard output; a closed pipe ends the output, not the program.
pub fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}

/// `--flag value` pairs and bare `--flag`s, in order.
pub struct Args {
    pairs: Vec<(String, Option<String>)>,
}

impl Args {
    /// Reads `args`, accepting the flags with a value and the bare ones given; anything else is
    /// an error naming it.
    pub fn parse(args: &[String], with_value: &[&str], bare: &[&str]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if with_value.contains(&a.as_str()) {
                let v = it.next().ok_or_else(|| format!("{a} needs a value"))?;
                pairs.push((a.clone(), Some(v.clone())));
            } else if bare.contains(&a.as_str()) {
                pairs.push((a.clone(), None));
            } else {
                return Err(format!("unknown argument `{a}`"));
            }
        }
        Ok(Self { pairs })
    }

    /// The value of a flag (its first occurrence).
    pub fn value(&self, flag: &str) -> Option<&str> {
        self.pairs.iter().find(|(f, _)| f == flag).and_then(|(_, v)| v.as_deref())
    }

    /// Every value of a flag given several times, in order.
    pub fn values(&self, flag: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(f, _)| f == flag).filter_map(|(_, v)| v.as_deref()).collect()
    }

    /// Whether a bare flag is given.
    pub fn has(&self, flag: &str) -> bool {
        self.pairs.iter().any(|(f, _)| f == flag)
    }
}

/// The flags of `generate` that take a value, and the bare ones.
pub const GENERATE_VALUES: &[&str] =
    &["--model", "--models", "--out", "--crate-name", "--service", "--runtime-path", "--runtime-version", "--runtime-git", "--operations"];
/// The bare flags of `generate`.
pub const GENERATE_BARE: &[&str] = &["--force"];

/// How a crate generated from the command line gets the runtime.
pub enum RuntimeChoice {
    /// As the options say (`--runtime-version`, `--runtime-path`, `--runtime-git`).
    Given(RuntimeDependency),
    /// No option: a copy of the runtime is written beside the crate, so it builds anywhere.
    Bundled,
}

impl RuntimeChoice {
    /// The choice the flags make; more than one runtime flag is an error.
    pub fn from_args(args: &Args) -> Result<Self, String> {
        let given: Vec<RuntimeDependency> = [
            args.value("--runtime-version").map(|v| RuntimeDependency::Version(v.to_owned())),
            args.value("--runtime-path").map(|p| RuntimeDependency::Path(p.to_owned())),
            args.value("--runtime-git").map(|g| RuntimeDependency::Git(g.to_owned())),
        ]
        .into_iter()
        .flatten()
        .collect();
        match given.len() {
            0 => Ok(RuntimeChoice::Bundled),
            1 => Ok(given.into_iter().next().map_or(RuntimeChoice::Bundled, RuntimeChoice::Given)),
            _ => Err("give at most one of --runtime-version, --runtime-path and --runtime-git".to_owned()),
        }
    }

    /// The dependency, with a bundled copy at `bundled_path` (relative to the crate).
    pub fn dependency(&self, bundled_path: &str) -> RuntimeDependency {
        match self {
            RuntimeChoice::Given(dependency) => dependency.clone(),
            RuntimeChoice::Bundled => RuntimeDependency::Path(bundled_path.to_owned()),
        }
    }
}

/// `--operations A,B`, when given.
pub fn operation_list(args: &Args) -> Option<Vec<String>> {
    args.value("--operations").map(|list| list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
}

/// `generate --model PATH... --out DIR`: one standalone crate from the model the paths hold.
pub fn generate_one(args: &Args, model: &str, out: &str) -> Result<(), String> {
    let model = PathBuf::from(model);
    let stem = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let crate_name = match args.value("--crate-name") {
        Some(name) => {
            crate::check_crate_name(name)?;
            name.to_owned()
        }
        None => crate::package_name(&stem),
    };
    let choice = RuntimeChoice::from_args(args)?;
    eprintln!("generating the crate {crate_name} from {} into {out} ...", model.display());
    let settings = Settings {
        crate_name,
        runtime: choice.dependency(bundled_runtime::FOLDER),
        standalone: true,
        service: args.value("--service").map(str::to_owned),
        operations: operation_list(args),
        ..Default::default()
    };
    let extra_models = args.values("--model").into_iter().skip(1).map(PathBuf::from).collect();
    let spec = CrateSpec { model, extra_models, out: PathBuf::from(out), settings };
    let mut generated = generate_crate(&spec)?;
    for w in generated.model_warnings.iter().chain(&generated.warnings) {
        eprintln!("warning: {}: {w}", spec.model.display());
    }
    if matches!(choice, RuntimeChoice::Bundled) {
        generated.files.extend(bundled_runtime::files_in_crate());
    }
    let drift = sync::write(&spec.out, &generated.files, args.has("--force"))?;
    for line in drift.forced_report() {
        eprintln!("{line}");
    }
    say(&format!("{}: wrote {} files", spec.out.display(), generated.files.len()));
    Ok(())
}

/// `generate --models DIR --out DIR`: one crate per model, in parallel, with one bundled runtime
/// copy beside them that they share (unless a runtime flag is given).
pub fn generate_batch(args: &Args, models: &str, out: &str) -> Result<(), String> {
    let start = std::time::Instant::now();
    let choice = RuntimeChoice::from_args(args)?;
    let out_dir = PathBuf::from(out);
    if matches!(choice, RuntimeChoice::Bundled) {
        sync::write(&out_dir.join(bundled_runtime::FOLDER), &bundled_runtime::files(), args.has("--force"))?;
    }
    let runtime = choice.dependency(&format!("../{}", bundled_runtime::FOLDER));
    let lines = crate::batch::generate_all(&PathBuf::from(models), &out_dir, operation_list(args), runtime, args.has("--force"))?;
    let failed = lines.iter().filter(|l| l.error.is_some()).count();
    let sum = |f: fn(&crate::batch::BatchLine) -> usize| lines.iter().map(f).sum::<usize>();
    say(&format!(
        "batch: {} models ({failed} failed), {} operations, {} files, {} lines, {:.2}s, peak memory {}",
        lines.len(),
        sum(|l| l.operations),
        sum(|l| l.files),
        sum(|l| l.lines),
        start.elapsed().as_secs_f64(),
        peak_memory().unwrap_or_else(|| "unknown".to_owned())
    ));
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("batch: {failed} model(s) failed"))
    }
}

/// `model-json PATH...`: the JSON AST of the model the files or folders hold, keys sorted.
pub fn model_json(paths: &[String]) -> Result<(), String> {
    if paths.is_empty() {
        return Err("model-json needs at least one model file or folder".to_owned());
    }
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let json = crate::model_files::read_model(&paths)?;
    let value: serde_json::Value = serde_json::from_str(&json).map_err(|e| format!("the model is not JSON: {e}"))?;
    say(&smithy_codegen::json_text::model_to_pretty(&value));
    Ok(())
}

/// The process's peak resident memory, from /proc (Linux only).
pub fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(format!("{:.0} MB", kb as f64 / 1024.0))
}

/// `validate PATH...`: the model checked as the generator checks it; every problem (placed in
/// its file) and every warning printed. An error when the model has problems.
pub fn validate(paths: &[String]) -> Result<(), String> {
    if paths.is_empty() {
        return Err("validate needs at least one model file or folder".to_owned());
    }
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let model = crate::model_files::load_model(&paths)?;
    let name = paths[0].display().to_string();
    let warnings = smithy_codegen::validate_model(&name, &model.json).map_err(|e| e.with_sources(model.sources).to_string())?;
    for warning in model.warnings.iter().chain(&warnings) {
        say(&format!("warning: {name}: {warning}"));
    }
    say(&format!("{name}: the model is valid ({} warning(s))", model.warnings.len() + warnings.len()));
    Ok(())
}
