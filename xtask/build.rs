//! Embeds a copy of the runtime (`../runtime`: its manifest, README and `src/`), so that a crate
//! generated without a runtime option (by `cargo xtask codegen --out` or the installed
//! `smithy-codegen`) gets the runtime written beside it and builds wherever it was generated.
//!
//! The copy's `Cargo.toml` stands alone: values the workspace gives (`edition.workspace = true`)
//! are written out, and the tables that need files the copy leaves out (`[dev-dependencies]`,
//! `[[bench]]`) are dropped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let runtime = manifest_dir.join("../runtime");
    let workspace = manifest_dir.join("../Cargo.toml");
    for watched in [runtime.join("Cargo.toml"), runtime.join("README.md"), runtime.join("src"), workspace.clone()] {
        println!("cargo::rerun-if-changed={}", watched.display());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("bundled_runtime.rs");
    let code = match bundle(&runtime, &workspace) {
        Ok(code) => code,
        Err(e) => panic!("cannot embed the runtime from {}: {e}", runtime.display()),
    };
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// The Rust source that embeds the runtime's files.
fn bundle(runtime: &Path, workspace: &Path) -> Result<String, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let manifest = standalone_manifest(&read(&runtime.join("Cargo.toml"))?, &read(workspace)?);
    let mut files = vec![runtime.join("README.md")];
    rust_files(&runtime.join("src"), &mut files)?;
    files.sort();
    let mut code = String::from("/// The runtime's files, by path relative to its folder (its manifest comes apart).\npub const FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file.strip_prefix(runtime).map_err(|e| e.to_string())?.to_string_lossy().replace('\\', "/");
        let _ = writeln!(code, "    ({rel:?}, include_str!({:?})),", file.display().to_string());
    }
    let _ = writeln!(code, "];\n\n/// The runtime's `Cargo.toml`, made to stand alone.\npub const MANIFEST: &str = {manifest:?};");
    Ok(code)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The runtime's manifest without workspace inheritance and without the tables for tests and
/// benchmarks, which the copy does not carry.
fn standalone_manifest(manifest: &str, workspace: &str) -> String {
    let inherited = workspace_package(workspace);
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            skipping = matches!(trimmed, "[dev-dependencies]" | "[[bench]]" | "[[test]]");
        }
        if skipping {
            continue;
        }
        let replaced = trimmed
            .strip_suffix(".workspace = true")
            .and_then(|key| inherited.iter().find(|(k, _)| k == key))
            .map(|(key, value)| format!("{key} = {value}"));
        out.push_str(&replaced.unwrap_or_else(|| line.to_owned()));
        out.push('\n');
    }
    out
}

/// `key = value` lines of the workspace's `[workspace.package]` table.
fn workspace_package(workspace: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut values = Vec::new();
    for line in workspace.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[workspace.package]";
        } else if inside {
            if let Some((key, value)) = line.split_once('=') {
                values.push((key.trim().to_owned(), value.trim().to_owned()));
            }
        }
    }
    values
}
