//! Generator speed on the real AWS models in ../shared/models (skipped, with a message, when
//! they are absent): the full Cognito model alone, and all eight models together.
//!
//! Run: `cargo bench -p smithy-codegen --bench generate` (add `--features system-allocator` to
//! measure without mimalloc).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use smithy_codegen::Settings;

// The same allocator as the `cargo xtask` binary, so the figures are the ones users get;
// `--features system-allocator` measures with the system allocator instead.
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn models_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models");
    dir.is_dir().then_some(dir)
}

fn load(dir: &PathBuf) -> Vec<(String, String)> {
    let mut models: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read_to_string(&p).ok()?)))
                .collect()
        })
        .unwrap_or_default();
    models.sort();
    models
}

fn settings(name: &str) -> Settings {
    Settings { crate_name: name.trim_end_matches(".json").to_owned(), runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()), standalone: true, ..Default::default() }
}

fn generate_all(models: &[(String, String)]) -> usize {
    models
        .iter()
        .map(|(name, json)| smithy_codegen::generate(name, json, &settings(name)).map(|g| g.files.len()).unwrap_or(0))
        .sum()
}

fn bench(c: &mut Criterion) {
    let Some(dir) = models_dir() else {
        eprintln!("SKIPPED: ../shared/models is absent; nothing to benchmark");
        return;
    };
    let models = load(&dir);
    let cognito: Vec<(String, String)> = models.iter().filter(|(n, _)| n.starts_with("cognito")).cloned().collect();
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.bench_function("cognito-identity-provider (full AWS model)", |b| b.iter(|| generate_all(&cognito)));
    group.bench_function("all 8 models in ../shared/models", |b| b.iter(|| generate_all(&models)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
