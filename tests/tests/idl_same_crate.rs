//! Same model, same crate: each protocol-test IDL folder (../shared/idl-tests/protocol-tests-idl,
//! read with its project's shared files and the trait models, as `cargo xtask idl-tests` reads
//! it) and the ../shared/protocol-tests JSON AST file Smithy made of it give, for every service
//! both define, byte-identical crates, protocol tests included. Member order, docs and trait
//! values all come through the IDL reader as Smithy's JSON AST has them. Reported as ignored when
//! ../shared/idl-tests is absent (tests/build.rs sets `no_shared_idl_tests`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use smithy_codegen::{Generated, Settings};

fn settings(service: &str) -> Settings {
    Settings {
        crate_name: "same-crate".into(),
        runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()),
        service: Some(service.to_owned()),
        protocol_tests: true,
        ..Default::default()
    }
}

/// The ids of the services a JSON AST defines.
fn services(model: &serde_json::Value) -> BTreeSet<String> {
    let shapes = model.get("shapes").and_then(serde_json::Value::as_object).into_iter().flatten();
    shapes.filter(|(_, s)| s.get("type").and_then(serde_json::Value::as_str) == Some("service")).map(|(id, _)| id.clone()).collect()
}

/// The first difference between two generations: the file, and the first line that differs.
fn first_difference(from_idl: &Generated, from_json: &Generated) -> Option<String> {
    let paths: BTreeSet<&String> = from_idl.files.keys().chain(from_json.files.keys()).collect();
    for path in paths {
        let (a, b) = (from_idl.files.get(path), from_json.files.get(path));
        if a == b {
            continue;
        }
        let (a, b) = (a.map_or("", String::as_str), b.map_or("", String::as_str));
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or_else(|| a.lines().count().min(b.lines().count()));
        let show = |t: &str| t.lines().nth(line).unwrap_or("(end of file)").trim().to_owned();
        return Some(format!("{path} line {}: from IDL `{}`, from JSON `{}`", line + 1, show(a), show(b)));
    }
    None
}

/// Compares the crates of every service one IDL folder and the JSON file both define; returns
/// how many were compared, and a line per difference.
fn compare_folder(root: &Path, json_name: &str, json: &str, paths: &[PathBuf]) -> (usize, Vec<String>) {
    let files = xtask::idl_tests::read_files(root, paths);
    let loaded = match smithy_codegen::idl::load_with_sources(&files) {
        Ok(loaded) => loaded,
        Err(errors) => return (0, vec![format!("{json_name}: the IDL folder does not load: {}", errors[0])]),
    };
    let json_model: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let idl_text = loaded.to_json();
    let mut problems = Vec::new();
    let both: Vec<String> = services(&loaded.model).intersection(&services(&json_model)).cloned().collect();
    for service in &both {
        let from_idl = smithy_codegen::generate("idl", &idl_text, &settings(service));
        let from_json = smithy_codegen::generate(json_name, json, &settings(service));
        match (from_idl, from_json) {
            (Ok(a), Ok(b)) => problems.extend(first_difference(&a, &b).map(|d| format!("{json_name} {service}: {d}"))),
            (a, b) => problems.push(format!("{json_name} {service}: from IDL {:?}, from JSON {:?}", a.err(), b.err())),
        }
    }
    (both.len(), problems)
}

#[test]
#[cfg_attr(no_shared_idl_tests, ignore = "../shared/idl-tests is absent (it sits beside the checkout in CI)")]
fn each_protocol_folder_gives_the_crate_of_its_json_ast() {
    let root = xtask::repo_root().join("../shared/idl-tests");
    assert!(root.is_dir(), "{} is absent: the IDL suites sit beside the checkout in CI", root.display());
    let json_dir = root.join("../protocol-tests");
    let mut compared = 0;
    let mut problems = Vec::new();
    for (json_name, folders) in xtask::idl_tests::protocol_folders(&root) {
        let json = std::fs::read_to_string(json_dir.join(json_name)).unwrap_or_else(|e| panic!("{json_name}: {e}"));
        for paths in &folders {
            let (n, found) = compare_folder(&root, json_name, &json, paths);
            compared += n;
            problems.extend(found);
        }
    }
    println!("{compared} services compared");
    assert!(problems.is_empty(), "{} of {compared} services differ:\n{}", problems.len(), problems.join("\n"));
    assert!(compared >= 9, "only {compared} services compared");
}
