//! Writing generated files and checking them for drift, through one comparison.
//!
//! Every crate folder the generator writes holds a manifest, [`MANIFEST`], listing the files it
//! wrote. Only those are ever deleted (when a later generation no longer produces them), and a
//! folder holding files the generator did not write is refused, listing them, unless the caller
//! forces it (then those files are kept, and overwritten only where a generated file has the same
//! path). `target/` and `Cargo.lock` are Cargo's, and dotfiles and dot-folders (`.git/`,
//! `.gitignore`, `.github/`) the repository's; they are left alone and never block a write.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use smithy_codegen::Files;

/// The manifest of generated files, at the root of each crate folder.
pub const MANIFEST: &str = ".smithy-codegen-files";

/// How many unowned files a refusal lists before summarising.
const LISTED: usize = 20;

/// How the files on disk differ from the generated ones.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Generated but not on disk.
    pub missing: Vec<PathBuf>,
    /// On disk with other contents.
    pub changed: Vec<PathBuf>,
    /// Written by an earlier generation (listed in its manifest) but no longer generated.
    pub stale: Vec<PathBuf>,
    /// On disk, not written by the generator (not in the manifest), and not generated now.
    pub foreign: Vec<PathBuf>,
    /// On disk with other contents than a generated file of the same path, and not written by
    /// the generator: writing would overwrite someone else's file.
    pub overwritten: Vec<PathBuf>,
}

impl Drift {
    /// Whether disk and generator agree.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.stale.is_empty() && self.foreign.is_empty()
    }

    /// One line per differing file.
    pub fn report(&self) -> String {
        let mut lines = Vec::new();
        let groups = [("missing", &self.missing), ("changed", &self.changed), ("stale", &self.stale), ("not generated", &self.foreign)];
        for (label, paths) in groups {
            lines.extend(paths.iter().map(|p| format!("  {label}: {}", p.display())));
        }
        lines.join("\n")
    }

    /// What a forced write does to files the generator did not write: one line per file it
    /// overwrites, and a count of those it keeps.
    pub fn forced_report(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.overwritten.iter().map(|p| format!("--force: overwrote {}", p.display())).collect();
        if !self.foreign.is_empty() {
            lines.push(format!("--force: kept {} file(s) the generator did not write", self.foreign.len()));
        }
        lines
    }

    /// Files the generator did not write that a write would overwrite or leave beside its own.
    fn unowned(&self) -> Vec<&PathBuf> {
        let mut all: Vec<&PathBuf> = self.foreign.iter().chain(&self.overwritten).collect();
        all.sort();
        all
    }
}

/// The generated files with the manifest that lists them.
fn with_manifest(files: &Files) -> Files {
    let mut text = String::from("# Files written by smithy-codegen (`cargo xtask codegen`); it deletes only files listed here.\n");
    for path in files.keys() {
        text.push_str(path);
        text.push('\n');
    }
    let mut all = files.clone();
    all.insert(MANIFEST.to_owned(), text);
    all
}

/// The files an earlier generation wrote into `dir`, by relative path.
fn claimed(dir: &Path) -> BTreeSet<String> {
    let text = fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default();
    let mut paths: BTreeSet<String> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect();
    if dir.join(MANIFEST).exists() {
        paths.insert(MANIFEST.to_owned());
    }
    paths
}

/// Compares generated files with a crate folder. Line endings are compared as LF.
pub fn diff(dir: &Path, files: &Files) -> Drift {
    let files = with_manifest(files);
    let claimed = claimed(dir);
    let mut drift = Drift::default();
    for (rel, contents) in &files {
        let path = dir.join(rel);
        match fs::read_to_string(&path) {
            Ok(on_disk) if on_disk.replace("\r\n", "\n") == *contents => {}
            Ok(_) => {
                if !claimed.contains(rel) {
                    drift.overwritten.push(path.clone());
                }
                drift.changed.push(path);
            }
            Err(_) if path.exists() => {
                // Not text: someone else's file where a generated one goes.
                drift.overwritten.push(path.clone());
                drift.changed.push(path);
            }
            Err(_) => drift.missing.push(path),
        }
    }
    for rel in files_on_disk(dir) {
        if files.contains_key(&rel) {
            continue;
        }
        if claimed.contains(&rel) {
            drift.stale.push(dir.join(rel));
        } else {
            drift.foreign.push(dir.join(rel));
        }
    }
    drift
}

/// Brings a crate folder in line with the generated files: writes what differs, deletes files an
/// earlier generation wrote that are no longer generated, and empty folders under `src/`.
/// Unchanged files keep their timestamps. A folder holding files the generator did not write is
/// refused, listing them, unless `force` (which keeps them, overwriting only same-path files).
pub fn write(dir: &Path, files: &Files, force: bool) -> Result<Drift, String> {
    let drift = diff(dir, files);
    let unowned = drift.unowned();
    if !unowned.is_empty() && !force {
        let mut listed: Vec<String> = unowned.iter().take(LISTED).map(|p| format!("  {}", p.display())).collect();
        if unowned.len() > LISTED {
            listed.push(format!("  ... and {} more", unowned.len() - LISTED));
        }
        return Err(format!(
            "{} holds {} file(s) the generator did not write; nothing was written:\n{}\n\
             generate into an empty or new folder, or pass --force to write anyway (those files are kept, \
             except where a generated file has the same path)",
            dir.display(),
            unowned.len(),
            listed.join("\n")
        ));
    }
    let files = with_manifest(files);
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

/// Every file under `dir`, by relative path with `/`, except Cargo's (`target/`, `Cargo.lock`)
/// and dotfiles and dot-folders (`.git/`, `.gitignore`, `.github/`: the repository's, never
/// generated) other than the manifest.
fn files_on_disk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    collect(dir, dir, &mut out);
    out.retain(|rel| rel != "Cargo.lock");
    out.sort();
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let dotted = entry.file_name().to_string_lossy().starts_with('.') && rel != MANIFEST;
        if dotted {
            continue;
        }
        if path.is_dir() {
            if dir == root && rel == "target" {
                continue;
            }
            collect(root, &path, out);
        } else {
            out.push(rel);
        }
    }
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
