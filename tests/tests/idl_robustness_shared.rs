//! Robustness of the IDL reader on the reference loader's valid files: every `.smithy` file of
//! ../shared/idl-tests/loader/valid and `IDL_MUTANTS` mutants of each (seed `IDL_SEED`, default
//! fixed) go through `parse` and `load` on a 2 MiB stack without a panic, every error with a
//! position and a message. The mutations are codegen/tests/idl_robustness.rs's (its inline
//! inputs stay there); this test lives here because this crate's build script knows whether
//! ../shared is at hand: when it is absent the test is reported as ignored, with the reason.

#[path = "../../codegen/tests/support/idl_fuzz.rs"]
mod idl_fuzz;

use std::path::{Path, PathBuf};

use idl_fuzz::{fuzz, on_small_stack, seed};

fn valid_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/idl-tests/loader/valid");
    assert!(dir.is_dir(), "{} is absent: the reference loader's suites sit beside the checkout in CI", dir.display());
    dir
}

fn smithy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            smithy_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "smithy") {
            out.push(path);
        }
    }
}

/// The `.smithy` files under `dir`, sorted, by their path relative to it.
fn read_smithy_files(dir: &Path) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    smithy_files(dir, &mut paths);
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.strip_prefix(dir).unwrap_or(p).display().to_string();
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, text)
        })
        .collect()
}

#[test]
#[cfg_attr(no_shared_idl_tests, ignore = "../shared/idl-tests is absent (it sits beside the checkout in CI)")]
fn mutated_loader_valid_files_do_not_panic() {
    let dir = valid_dir();
    let inputs = read_smithy_files(&dir);
    assert!(!inputs.is_empty(), "no .smithy file in {}", dir.display());
    let stats = on_small_stack(move || fuzz(&inputs, seed()));
    stats.report("loader/valid files");
}
