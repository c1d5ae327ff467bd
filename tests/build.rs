//! Tells the tests which outside inputs are at hand, so a test whose input is missing is
//! reported by libtest as `ignored` (with the reason) rather than passing without checking.
//!
//! Each input has a cfg that is set when it is absent:
//! - `no_shared_models`: `../shared/models` (the real AWS models), beside the checkout;
//! - `no_shared_protocol_tests`: `../shared/protocol-tests`;
//! - `no_shared_idl_tests`: `../shared/idl-tests`;
//! - `no_shared_jmespath_tests`: `../shared/jmespath-tests`;
//! - `no_moto`: `moto_server` on `PATH`;
//! - `no_reference_crate`: aws-sdk-cognitoidentityprovider 1.144.0's sources in the cargo registry.
//!
//! `SMITHY_CODEGEN_REQUIRE_SHARED=1`, `SMITHY_CODEGEN_REQUIRE_MOTO=1` and
//! `SMITHY_CODEGEN_REQUIRE_REFERENCE=1` (set by .ci/run) never set the cfg of that input: the
//! tests then run, and fail naming what is missing.

use std::path::{Path, PathBuf};

fn required(var: &str) -> bool {
    println!("cargo::rerun-if-env-changed={var}");
    std::env::var(var).is_ok_and(|v| v == "1")
}

/// Sets `cfg` unless `present` or the input is required.
fn mark(cfg: &str, present: bool, require_var: &str) {
    println!("cargo::rustc-check-cfg=cfg({cfg})");
    if !present && !required(require_var) {
        println!("cargo::rustc-cfg={cfg}");
    }
}

fn on_path(program: &str) -> bool {
    println!("cargo::rerun-if-env-changed=PATH");
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

fn reference_crate() -> bool {
    println!("cargo::rerun-if-env-changed=CARGO_HOME");
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(registry) = home.map(|h| h.join("registry/src")) else { return false };
    println!("cargo::rerun-if-changed={}", registry.display());
    std::fs::read_dir(&registry)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .any(|e| e.path().join("aws-sdk-cognitoidentityprovider-1.144.0/src").is_dir())
}

fn shared(dir: &Path, name: &str) -> bool {
    let path = dir.join(name);
    println!("cargo::rerun-if-changed={}", path.display());
    path.is_dir()
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let shared_dir = manifest.join("../../shared");
    mark("no_shared_models", shared(&shared_dir, "models"), "SMITHY_CODEGEN_REQUIRE_SHARED");
    mark("no_shared_protocol_tests", shared(&shared_dir, "protocol-tests"), "SMITHY_CODEGEN_REQUIRE_SHARED");
    mark("no_shared_idl_tests", shared(&shared_dir, "idl-tests"), "SMITHY_CODEGEN_REQUIRE_SHARED");
    mark("no_shared_jmespath_tests", shared(&shared_dir, "jmespath-tests"), "SMITHY_CODEGEN_REQUIRE_SHARED");
    mark("no_moto", on_path("moto_server"), "SMITHY_CODEGEN_REQUIRE_MOTO");
    mark("no_reference_crate", reference_crate(), "SMITHY_CODEGEN_REQUIRE_REFERENCE");
    println!("cargo::rerun-if-changed=build.rs");
}
