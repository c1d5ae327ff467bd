//! Every file generated from every model in model/ is locked by an insta snapshot.

use std::path::Path;

fn snapshot_name(crate_dir: &Path, rel: &str) -> String {
    let krate = crate_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{krate}__{}", rel.replace('/', "__"))
}

#[test]
fn every_generated_file_matches_its_snapshot() {
    let root = xtask::repo_root();
    let crates = xtask::generate_workspace(&root).unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    assert!(crates.len() >= 2, "expected the Cognito and obstacle-course models in model/");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root.join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    let mut expected = std::collections::BTreeSet::new();
    settings.bind(|| {
        for (dir, files) in &crates {
            for (rel, contents) in files {
                let name = snapshot_name(dir, rel);
                insta::assert_snapshot!(name.clone(), contents);
                expected.insert(format!("{name}.snap"));
            }
        }
    });
    let unreferenced: Vec<String> = std::fs::read_dir(root.join("tests/snapshots"))
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect::<Vec<String>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|name: &String| name.ends_with(".snap") && !expected.contains(name))
        .collect();
    assert!(unreferenced.is_empty(), "snapshots of files no longer generated (delete them): {unreferenced:?}");
}
