//! IDL reader speed on the protocol-test IDL sources in `../../shared/idl-tests` (or
//! `$SMITHY_SHARED_DIR/idl-tests`; skipped, with a message, when they are absent):
//!
//! - `load protocol-test suites`: every suite folder of `protocol-tests-idl` loaded with
//!   [`smithy_codegen::idl::load`] the way `tests/idl_conformance.rs` groups them (the folder's
//!   `.smithy` files, the project's `shared-types.smithy` / `aws-config.smithy`, and the trait
//!   definitions of `trait-models` except `prelude.smithy`), all suites in one iteration;
//! - `parse largest file`: the largest `.smithy` file of `protocol-tests-idl` read alone with
//!   [`smithy_codegen::idl::parse`].
//!
//! Files are read once, outside the timed loop. Run: `cargo bench -p smithy-codegen --bench idl`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use smithy_codegen::idl;

// The same allocator as the `cargo xtask` binary (see benches/generate.rs).
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `idl-tests` in `$SMITHY_SHARED_DIR` when set, else in `../../shared` from the crate.
fn suite_dir() -> PathBuf {
    let shared = match std::env::var_os("SMITHY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    shared.join("idl-tests")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "smithy") {
            out.push(path);
        }
    }
}

fn read(root: &Path, paths: &[PathBuf]) -> Vec<(String, String)> {
    paths
        .iter()
        .filter_map(|p| {
            let name = p.strip_prefix(root).unwrap_or(p).display().to_string();
            std::fs::read_to_string(p).ok().map(|t| (name, t))
        })
        .collect()
}

/// The protocol-test suites, each as the list of files `idl_conformance.rs` loads together.
fn suites(root: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let mut trait_models = Vec::new();
    files_under(&root.join("trait-models"), &mut trait_models);
    trait_models.retain(|p| p.file_name().is_some_and(|n| n != "prelude.smithy"));
    trait_models.sort();
    let mut out = Vec::new();
    for project in ["smithy-aws-protocol-tests", "smithy-protocol-tests"] {
        let model_dir = root.join("protocol-tests-idl").join(project).join("model");
        let Ok(entries) = std::fs::read_dir(&model_dir) else { continue };
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for dir in dirs {
            let mut paths = Vec::new();
            files_under(&dir, &mut paths);
            paths.sort();
            for shared in ["shared-types.smithy", "aws-config.smithy"] {
                let p = model_dir.join(shared);
                if p.is_file() {
                    paths.push(p);
                }
            }
            paths.extend(trait_models.iter().cloned());
            let name = dir.strip_prefix(root).unwrap_or(&dir).display().to_string();
            out.push((name, read(root, &paths)));
        }
    }
    out
}

fn bytes(files: &[(String, String)]) -> usize {
    files.iter().map(|(_, t)| t.len()).sum()
}

fn load_all(suites: &[(String, Vec<(String, String)>)]) -> usize {
    suites.iter().map(|(_, files)| idl::load(files).map(|m| m["shapes"].as_object().map_or(0, |s| s.len())).unwrap_or(0)).sum()
}

fn bench(c: &mut Criterion) {
    let root = suite_dir();
    if !root.join("protocol-tests-idl").is_dir() {
        eprintln!("SKIPPED: the IDL test suites ({}) are absent; nothing to benchmark", root.join("protocol-tests-idl").display());
        return;
    }

    let suites = suites(&root);
    let files: usize = suites.iter().map(|(_, f)| f.len()).sum();
    let total: usize = suites.iter().map(|(_, f)| bytes(f)).sum();
    let failed: Vec<&str> = suites.iter().filter(|(_, f)| idl::load(f).is_err()).map(|(n, _)| n.as_str()).collect();
    let from_suites: Vec<&(String, String)> =
        suites.iter().flat_map(|(_, f)| f).filter(|(n, _)| n.starts_with("protocol-tests-idl")).collect();
    let mut unique: Vec<&str> = from_suites.iter().map(|(n, _)| n.as_str()).collect();
    unique.sort_unstable();
    unique.dedup();
    eprintln!(
        "idl/load protocol-test suites: {} suites, {files} files, {total} bytes per iteration ({} protocol-test files of {} bytes, \
         {} distinct, the rest trait definitions); {} shapes; {} suites fail to load{}",
        suites.len(),
        from_suites.len(),
        from_suites.iter().map(|(_, t)| t.len()).sum::<usize>(),
        unique.len(),
        load_all(&suites),
        failed.len(),
        if failed.is_empty() { String::new() } else { format!(": {}", failed.join(", ")) },
    );

    let mut all = Vec::new();
    files_under(&root.join("protocol-tests-idl"), &mut all);
    all.sort();
    let largest = all.iter().max_by_key(|p| p.metadata().map(|m| m.len()).unwrap_or(0)).cloned();
    let single = largest.map(|p| read(&root, &[p])).unwrap_or_default();

    let mut group = c.benchmark_group("idl");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("load protocol-test suites", |b| b.iter(|| load_all(black_box(&suites))));
    if let Some((name, text)) = single.first() {
        let outcome = match idl::parse(name, text) {
            Ok(m) => format!("ok, {} shapes", m["shapes"].as_object().map_or(0, |s| s.len())),
            Err(e) => format!("rejected with {} errors", e.len()),
        };
        eprintln!("idl/parse largest file: 1 file ({name}), {} bytes; {outcome}", text.len());
        group.bench_function("parse largest file", |b| b.iter(|| idl::parse(black_box(name), black_box(text)).is_ok()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
