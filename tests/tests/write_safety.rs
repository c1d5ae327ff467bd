//! The generator never deletes or overwrites a file it did not write: each crate folder keeps a
//! manifest of what the generator wrote; a folder with other files is refused unless forced,
//! and then those files are kept. Crate names Cargo would reject are refused or made valid.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use xtask::sync;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smithy-write-safety-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries.iter().map(|(p, c)| ((*p).to_owned(), (*c).to_owned())).collect()
}

fn read(dir: &Path, rel: &str) -> Option<String> {
    fs::read_to_string(dir.join(rel)).ok()
}

#[test]
fn a_new_folder_gets_the_files_and_a_manifest() {
    let dir = scratch("new");
    let generated = files(&[("Cargo.toml", "[package]\n"), ("src/lib.rs", "// lib\n")]);
    sync::write(&dir, &generated, false).expect("an empty folder is written");
    assert_eq!(read(&dir, "src/lib.rs").as_deref(), Some("// lib\n"));
    let manifest = read(&dir, sync::MANIFEST).expect("manifest");
    assert!(manifest.lines().any(|l| l == "src/lib.rs") && manifest.lines().any(|l| l == "Cargo.toml"), "{manifest}");
    assert!(sync::diff(&dir, &generated).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_folder_with_the_users_files_is_refused_and_left_untouched() {
    let dir = scratch("users-crate");
    fs::create_dir_all(dir.join("src")).expect("src");
    fs::write(dir.join("src/main.rs"), "fn main() {}\n").expect("main.rs");
    fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("Cargo.toml");
    let generated = files(&[("Cargo.toml", "[package]\nname = \"generated\"\n"), ("src/lib.rs", "// lib\n")]);
    let err = sync::write(&dir, &generated, false).expect_err("refused");
    assert!(err.contains("src/main.rs") && err.contains("Cargo.toml") && err.contains("--force"), "{err}");
    assert_eq!(read(&dir, "src/main.rs").as_deref(), Some("fn main() {}\n"));
    assert_eq!(read(&dir, "Cargo.toml").as_deref(), Some("[package]\nname = \"mine\"\n"));
    assert!(read(&dir, "src/lib.rs").is_none() && read(&dir, sync::MANIFEST).is_none(), "nothing was written");

    sync::write(&dir, &generated, true).expect("--force writes");
    assert_eq!(read(&dir, "src/main.rs").as_deref(), Some("fn main() {}\n"), "the user's file is kept");
    assert_eq!(read(&dir, "src/lib.rs").as_deref(), Some("// lib\n"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn only_files_the_generator_wrote_are_deleted() {
    let dir = scratch("stale");
    let first = files(&[("Cargo.toml", "[package]\n"), ("src/lib.rs", "// lib\n"), ("src/old.rs", "// old\n")]);
    sync::write(&dir, &first, false).expect("first generation");
    fs::write(dir.join("src/notes.rs"), "// the user's\n").expect("user file");
    let second = files(&[("Cargo.toml", "[package]\n"), ("src/lib.rs", "// lib\n")]);
    let err = sync::write(&dir, &second, false).expect_err("a file the generator did not write is there");
    assert!(err.contains("src/notes.rs") && !err.contains("src/old.rs"), "{err}");
    let drift = sync::write(&dir, &second, true).expect("forced");
    assert_eq!(drift.stale, vec![dir.join("src/old.rs")]);
    assert!(read(&dir, "src/old.rs").is_none(), "the generator's own stale file is deleted");
    assert_eq!(read(&dir, "src/notes.rs").as_deref(), Some("// the user's\n"), "the user's file is kept");
    // Cargo's files are never the user's work.
    fs::create_dir_all(dir.join("target/debug")).expect("target");
    fs::write(dir.join("target/debug/x"), "").expect("target file");
    fs::write(dir.join("Cargo.lock"), "").expect("lock");
    fs::remove_file(dir.join("src/notes.rs")).expect("remove");
    sync::write(&dir, &second, false).expect("target/ and Cargo.lock do not block");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn dotfiles_of_the_repository_never_block_regeneration() {
    let dir = scratch("dotfiles");
    let generated = files(&[("Cargo.toml", "[package]\n"), ("src/lib.rs", "// lib\n")]);
    sync::write(&dir, &generated, false).expect("first generation");
    fs::write(dir.join(".gitignore"), "/target\n").expect(".gitignore");
    fs::create_dir_all(dir.join(".github/workflows")).expect(".github");
    fs::write(dir.join(".github/workflows/ci.yml"), "on: push\n").expect("workflow");
    fs::write(dir.join("src/.keep"), "").expect("nested dotfile");
    let drift = sync::write(&dir, &generated, false).expect("dotfiles do not block");
    assert!(drift.foreign.is_empty(), "{drift:?}");
    assert_eq!(read(&dir, ".gitignore").as_deref(), Some("/target\n"), "kept");
    assert_eq!(read(&dir, ".github/workflows/ci.yml").as_deref(), Some("on: push\n"), "kept");
    assert!(sync::diff(&dir, &generated).is_empty(), "no drift reported for them either");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_forced_write_lists_every_file_it_overwrites() {
    let dir = scratch("forced");
    fs::create_dir_all(dir.join("src")).expect("src");
    fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("Cargo.toml");
    fs::write(dir.join("README.md"), "mine\n").expect("README");
    fs::write(dir.join("src/main.rs"), "fn main() {}\n").expect("main.rs");
    let generated = files(&[("Cargo.toml", "[package]\n"), ("README.md", "generated\n"), ("src/lib.rs", "// lib\n")]);
    let drift = sync::write(&dir, &generated, true).expect("forced");
    let report = drift.forced_report();
    assert!(report.iter().any(|l| l.ends_with("Cargo.toml")) && report.iter().any(|l| l.ends_with("README.md")), "{report:?}");
    assert!(report.iter().any(|l| l.contains("kept 1 file")), "{report:?}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn crate_names_follow_cargos_rules() {
    assert_eq!(xtask::package_name("weather.v2"), "weather-v2");
    assert_eq!(xtask::package_name("My Weather_API"), "my-weather-api");
    assert_eq!(xtask::package_name("2024-service"), "service");
    assert_eq!(xtask::package_name("cognito-identity-provider"), "cognito-identity-provider");
    assert!(xtask::check_crate_name("my-weather").is_ok());
    let err = xtask::check_crate_name("my weather").expect_err("a space");
    assert!(err.contains("' '") && err.contains("ASCII letters, digits"), "{err}");
    assert!(xtask::check_crate_name("").is_err());
    assert!(xtask::check_crate_name("9lives").is_err());
    assert!(xtask::check_crate_name("self").is_err());
    assert!(xtask::check_crate_name(&"a".repeat(65)).is_err());
}
