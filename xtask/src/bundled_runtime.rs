//! The runtime's own copy, written beside a crate generated without a runtime option, so the
//! crate builds wherever it was generated (from a checkout or from the installed
//! `smithy-codegen`) without `smithy-client-runtime` being published anywhere.

use smithy_codegen::Files;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/bundled_runtime.rs"));
}

/// The copy's folder: inside the crate's folder for one crate (the crate depends on it by this
/// path), or beside the crates of a batch, which share it.
pub const FOLDER: &str = "smithy-client-runtime";

/// The copy's files, by path relative to the copy's folder.
pub fn files() -> Files {
    let mut files: Files = embedded::FILES.iter().map(|(rel, text)| ((*rel).to_owned(), (*text).to_owned())).collect();
    files.insert("Cargo.toml".to_owned(), embedded::MANIFEST.to_owned());
    files
}

/// The copy's files under `FOLDER/`, to add to a crate's own.
pub fn files_in_crate() -> Files {
    files().into_iter().map(|(rel, text)| (format!("{FOLDER}/{rel}"), text)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_holds_the_runtime_and_a_manifest_that_stands_alone() {
        let files = files_in_crate();
        assert!(files.contains_key("smithy-client-runtime/src/lib.rs"));
        assert!(files.contains_key("smithy-client-runtime/README.md"));
        let manifest = &files["smithy-client-runtime/Cargo.toml"];
        assert!(manifest.contains("name = \"smithy-client-runtime\""), "{manifest}");
        assert!(manifest.contains(&format!("version = \"{}\"", smithy_codegen::RUNTIME_VERSION)), "{manifest}");
        assert!(!manifest.contains(".workspace = true"), "{manifest}");
        assert!(manifest.contains("edition = \"2021\""), "{manifest}");
        assert!(!manifest.contains("[dev-dependencies]") && !manifest.contains("[[bench]]"), "{manifest}");
        assert!(files.keys().all(|k| !k.contains("/tests/") && !k.contains("/benches/")));
    }
}
