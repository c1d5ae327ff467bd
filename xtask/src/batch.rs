//! `cargo xtask codegen --models DIR --out DIR`: one crate per model, generated in parallel.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use smithy_codegen::Settings;

use crate::{generate_crate, json_files, sync, CrateSpec};

/// What one model produced.
#[derive(Debug, Clone, Default)]
pub struct BatchLine {
    /// The model file name.
    pub model: String,
    /// Operations generated.
    pub operations: usize,
    /// Files written.
    pub files: usize,
    /// Lines of Rust.
    pub lines: usize,
    /// Seconds to generate and write.
    pub seconds: f64,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// Generates every model of `models` into `out/<stem>` on all cores; prints a line per model
/// as it finishes. `operations` restricts every crate to those operations.
pub fn generate_all(models: &Path, out: &Path, operations: Option<Vec<String>>, runtime: smithy_codegen::RuntimeDependency, force: bool) -> Result<Vec<BatchLine>, String> {
    let queue: Arc<Mutex<Vec<PathBuf>>> = Arc::new(Mutex::new(json_files(models)?.into_iter().rev().collect()));
    let results: Arc<Mutex<Vec<BatchLine>>> = Arc::new(Mutex::new(Vec::new()));
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (queue, results, out, operations) = (queue.clone(), results.clone(), out.to_path_buf(), operations.clone());
            let runtime = runtime.clone();
            std::thread::spawn(move || loop {
                let next = queue.lock().ok().and_then(|mut q| q.pop());
                let Some(model) = next else { break };
                let line = generate_one(&model, &out, operations.clone(), runtime.clone(), force);
                print_line(&line);
                if let Ok(mut r) = results.lock() {
                    r.push(line);
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let mut lines = results.lock().map(|r| r.clone()).unwrap_or_default();
    lines.sort_by(|a, b| a.model.cmp(&b.model));
    Ok(lines)
}

fn generate_one(model: &Path, out: &Path, operations: Option<Vec<String>>, runtime: smithy_codegen::RuntimeDependency, force: bool) -> BatchLine {
    let start = Instant::now();
    let name = model.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = model.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let spec = CrateSpec {
        model: model.to_path_buf(),
        extra_models: Vec::new(),
        out: out.join(&stem),
        settings: Settings {
            crate_name: crate::package_name(&stem),
            runtime,
            standalone: true,
            operations,
            ..Default::default()
        },
    };
    let mut line = BatchLine { model: name, ..Default::default() };
    match generate_crate(&spec).and_then(|g| sync::write(&spec.out, &g.files, force).map(|_| g)) {
        Ok(g) => {
            line.operations = g.files.keys().filter(|p| p.starts_with("src/client/")).count();
            line.files = g.files.len();
            line.lines = crate::rust_lines(&g.files);
        }
        Err(e) => line.error = Some(e),
    }
    line.seconds = start.elapsed().as_secs_f64();
    line
}

fn print_line(l: &BatchLine) {
    match &l.error {
        None => println!("ok   {:<36} {:>4} operations {:>5} files {:>7} lines {:>6.2}s", l.model, l.operations, l.files, l.lines, l.seconds),
        Some(e) => println!("FAIL {:<36} {e}", l.model),
    }
}
