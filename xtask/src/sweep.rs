//! `cargo xtask sweep DIR`: generate every model of a folder and `cargo check` each crate.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

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
    /// Warnings the generator gave.
    pub warnings: Vec<String>,
    /// Seconds spent in `cargo check`.
    pub check_seconds: f64,
}

/// Generates and checks every model; `work` holds the crates and a shared target folder.
pub fn sweep(dir: &Path, work: &Path) -> Result<Vec<SweepResult>, String> {
    let models = json_files(dir)?;
    if models.is_empty() {
        return Err(format!("no *.json models in {}", dir.display()));
    }
    let target = work.join("target");
    let mut results = Vec::new();
    for model in models {
        let result = sweep_one(&model, work, &target);
        print_line(&result);
        results.push(result);
    }
    Ok(results)
}

fn sweep_one(model: &Path, work: &Path, target: &Path) -> SweepResult {
    let name = model.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = model.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let crate_name = format!("sweep-{}", crate::package_name(&stem));
    let out = work.join(&crate_name);
    let spec = CrateSpec {
        model: model.to_path_buf(),
        out: out.clone(),
        settings: Settings {
            crate_name,
            runtime_path: runtime_dir().display().to_string(),
            standalone: true,
            service: None,
        ..Default::default()
        },
    };
    let mut result = SweepResult { model: name, failure: None, files: 0, lines: 0, warnings: Vec::new(), check_seconds: 0.0 };
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
    if let Err(e) = sync::write(&out, &generated.files) {
        result.failure = Some(e);
        return result;
    }
    let start = Instant::now();
    result.failure = cargo_check(&out, target).err();
    result.check_seconds = start.elapsed().as_secs_f64();
    result
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
    println!(
        "{status} {:<36} {:>5} files {:>7} lines  check {:>6.1}s  {} warning(s)",
        r.model,
        r.files,
        r.lines,
        r.check_seconds,
        r.warnings.len()
    );
    for w in &r.warnings {
        println!("       warning: {w}");
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
