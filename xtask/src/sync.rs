//! Writing generated files and checking them for drift, through one comparison.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use smithy_codegen::Files;

/// How the files on disk differ from the generated ones.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Generated but not on disk.
    pub missing: Vec<PathBuf>,
    /// On disk with other contents.
    pub changed: Vec<PathBuf>,
    /// On disk under `src/` but no longer generated.
    pub stale: Vec<PathBuf>,
}

impl Drift {
    /// Whether disk and generator agree.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.stale.is_empty()
    }

    /// One line per differing file.
    pub fn report(&self) -> String {
        let mut lines = Vec::new();
        for (label, paths) in [("missing", &self.missing), ("changed", &self.changed), ("stale", &self.stale)] {
            lines.extend(paths.iter().map(|p| format!("  {label}: {}", p.display())));
        }
        lines.join("\n")
    }
}

/// Compares generated files with a crate folder. Line endings are compared as LF.
pub fn diff(dir: &Path, files: &Files) -> Drift {
    let mut drift = Drift::default();
    for (rel, contents) in files {
        let path = dir.join(rel);
        match fs::read_to_string(&path) {
            Ok(on_disk) if on_disk.replace("\r\n", "\n") == *contents => {}
            Ok(_) => drift.changed.push(path),
            Err(_) => drift.missing.push(path),
        }
    }
    let wanted: BTreeSet<PathBuf> = files.keys().map(|rel| dir.join(rel)).collect();
    drift.stale = rust_files(&dir.join("src")).into_iter().filter(|p| !wanted.contains(p)).collect();
    drift
}

/// Brings a crate folder in line with the generated files: writes what differs, deletes stale
/// `src/` files and empty folders. Unchanged files keep their timestamps.
pub fn write(dir: &Path, files: &Files) -> Result<Drift, String> {
    let drift = diff(dir, files);
    for path in drift.missing.iter().chain(&drift.changed) {
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let contents = files.get(&rel.to_string_lossy().replace('\\', "/")).map_or("", String::as_str);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for path in &drift.stale {
        fs::remove_file(path).map_err(|e| format!("cannot delete {}: {e}", path.display()))?;
    }
    remove_empty_dirs(&dir.join("src"));
    Ok(drift)
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        if entry.path().is_dir() {
            remove_empty_dirs(&entry.path());
            let _ = fs::remove_dir(entry.path());
        }
    }
}
