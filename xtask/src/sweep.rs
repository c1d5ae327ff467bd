//! `cargo xtask sweep DIR`: generate every model of a folder and `cargo check` each crate.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;
use smithy_codegen::Settings;

use crate::{generate_crate, json_files, runtime_dir, sync, CrateSpec};

/// The outcome for one model.
#[derive(Debug)]
pub struct SweepResult {
    /// The model's file name.
    pub model: String,
    /// `None` when it generated and checked; otherwise what failed.
    pub failure: Option<String>,
    /// Generated Rust files and lines.
    pub files: usize,
    /// Generated Rust lines.
    pub lines: usize,
    /// What the generator knowingly left out (its warnings).
    pub warnings: Vec<String>,
    /// What validation observed about the model (not a generator limitation).
    pub model_warnings: Vec<String>,
    /// Seconds spent in `cargo check`.
    pub check_seconds: f64,
    /// Which of the model's operations got a `send()`.
    pub coverage: Option<SendCoverage>,
}

/// The operations of a model's service and which of them the generated crate can send.
#[derive(Debug, Default)]
pub struct SendCoverage {
    /// Operations bound to the service (directly or through resources).
    pub operations: usize,
    /// Operations whose fluent builder has `send()`.
    pub with_send: usize,
    /// Operations without `send()`: a failure (event-stream operations included).
    pub missing: Vec<String>,
}

/// Which models a sweep takes, and whether it compiles them.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only these models (file stems, `s3` for `s3.json`); all when empty. A name that is not
    /// in the folder is an error.
    pub only: Vec<String>,
    /// Write and `cargo check` each crate; without it every model is generated in memory and
    /// only the generator's outcome (errors, warnings, `send()` coverage) is reported.
    pub compile: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { only: Vec::new(), compile: true }
    }
}

/// Generates and checks every model; `work` holds the crates and a shared target folder.
pub fn sweep(dir: &Path, work: &Path, options: &Options) -> Result<Vec<SweepResult>, String> {
    let mut models = json_files(dir)?;
    if models.is_empty() {
        return Err(format!("no *.json models in {}", dir.display()));
    }
    if !options.only.is_empty() {
        let stem = |p: &PathBuf| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let missing: Vec<&String> = options.only.iter().filter(|name| !models.iter().any(|m| &stem(m) == *name)).collect();
        if !missing.is_empty() {
            return Err(format!("--only names models that {} does not hold: {missing:?}", dir.display()));
        }
        models.retain(|m| options.only.contains(&stem(m)));
    }
    let target = work.join("target");
    let mut results = Vec::new();
    for model in models {
        let result = sweep_one(&model, work, &target, options.compile);
        print_line(&result);
        results.push(result);
    }
    Ok(results)
}

fn sweep_one(model: &Path, work: &Path, target: &Path, compile: bool) -> SweepResult {
    let name = model.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = model.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let crate_name = format!("sweep-{}", crate::package_name(&stem));
    let out = work.join(&crate_name);
    let spec = CrateSpec {
        model: model.to_path_buf(),
        extra_models: Vec::new(),
        out: out.clone(),
        settings: Settings {
            crate_name,
            runtime: smithy_codegen::RuntimeDependency::Path(runtime_dir().display().to_string()),
            standalone: true,
            service: None,
        ..Default::default()
        },
    };
    let mut result =
        SweepResult { model: name, failure: None, files: 0, lines: 0, warnings: Vec::new(), model_warnings: Vec::new(), check_seconds: 0.0, coverage: None };
    let generated = match generate_crate(&spec) {
        Ok(g) => g,
        Err(e) => {
            result.failure = Some(format!("generation failed:\n{e}"));
            return result;
        }
    };
    result.files = generated.files.keys().filter(|p| p.ends_with(".rs")).count();
    result.lines = crate::rust_lines(&generated.files);
    result.warnings = generated.warnings.clone();
    result.model_warnings = generated.model_warnings.clone();
    match send_coverage(model, &generated.files) {
        Ok(coverage) => {
            if !coverage.missing.is_empty() {
                result.failure = Some(format!("no `send()` for {}", coverage.missing.join(", ")));
            }
            result.coverage = Some(coverage);
        }
        Err(e) => result.failure = Some(e),
    }
    if result.failure.is_some() || !compile {
        return result;
    }
    if let Err(e) = sync::write(&out, &generated.files, true) {
        result.failure = Some(e);
        return result;
    }
    let start = Instant::now();
    result.failure = cargo_check(&out, target).err();
    result.check_seconds = start.elapsed().as_secs_f64();
    result
}

/// Reads the model's service and its operations, and looks in the generated fluent builders
/// for `send()`: every operation must have one, event-stream operations like any other.
fn send_coverage(model: &Path, files: &smithy_codegen::Files) -> Result<SendCoverage, String> {
    let text = std::fs::read_to_string(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", model.display()))?;
    let shapes = doc.get("shapes").and_then(Value::as_object).ok_or_else(|| format!("{}: no shapes", model.display()))?;
    let services: Vec<&String> = shapes.iter().filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("service")).map(|(id, _)| id).collect();
    let [service] = services.as_slice() else {
        return Err(format!("{}: expected one service, found {}", model.display(), services.len()));
    };
    let (operations, _) = crate::protocol_tests::bound_operations(shapes, service);
    let mut coverage = SendCoverage { operations: operations.len(), ..SendCoverage::default() };
    for op in &operations {
        let name = op.rsplit('#').next().unwrap_or(op);
        let builders = format!("src/operation/{}/builders.rs", smithy_codegen::naming::module_name(name));
        if files.get(&builders).is_some_and(|code| code.contains("fn send(")) {
            coverage.with_send += 1;
        } else {
            coverage.missing.push(name.to_owned());
        }
    }
    Ok(coverage)
}

fn cargo_check(dir: &Path, target: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-Dwarnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr.lines().take(40).collect();
    Err(format!("cargo check failed:\n{}", tail.join("\n")))
}

fn print_line(r: &SweepResult) {
    let status = if r.failure.is_some() { "FAIL" } else { "ok  " };
    let send = r.coverage.as_ref().map_or_else(String::new, |c| {
        format!("  send() {}/{} operations", c.with_send, c.operations)
    });
    println!(
        "{status} {:<36} {:>5} files {:>7} lines  check {:>6.1}s  {} warning(s), {} model note(s){send}",
        r.model,
        r.files,
        r.lines,
        r.check_seconds,
        r.warnings.len(),
        r.model_warnings.len()
    );
    for w in &r.warnings {
        println!("       warning: {w}");
    }
    for w in &r.model_warnings {
        println!("       model note: {w}");
    }
    if let Some(f) = &r.failure {
        for line in f.lines() {
            println!("       {line}");
        }
    }
}

/// A temporary work folder for a sweep.
pub fn default_work_dir() -> PathBuf {
    std::env::temp_dir().join("smithy-codegen-sweep")
}
