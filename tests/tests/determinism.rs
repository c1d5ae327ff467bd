//! The same model gives byte-identical output, whatever the order of keys in its JSON. Member
//! order is meaningful in Smithy (it is field order), so `members` objects keep theirs.

use serde_json::{Map, Value};
use smithy_codegen::Settings;

fn settings(service: &str) -> Settings {
    Settings {
        crate_name: "determinism".to_owned(),
        runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()),
        standalone: false,
        service: Some(service.to_owned()),
        ..Default::default()
    }
}

/// Reverses the key order of every object except `members` (whose order is semantic).
fn shuffle(value: Value, keep_order: bool) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            if !keep_order {
                entries.reverse();
                let n = entries.len();
                entries.rotate_left(n / 3);
            }
            let mut out = Map::new();
            for (k, v) in entries {
                let keep = k == "members";
                out.insert(k, shuffle(v, keep));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| shuffle(v, false)).collect()),
        other => other,
    }
}

fn check_model(file: &str) {
    let path = xtask::repo_root().join("model").join(file);
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{file}: {e}"));
    let services: Vec<String> = value["shapes"]
        .as_object()
        .map(|shapes| shapes.iter().filter(|(_, s)| s["type"] == "service").map(|(id, _)| id.clone()).collect())
        .unwrap_or_default();
    assert!(!services.is_empty(), "{file} has no service");
    let shuffled = serde_json::to_string_pretty(&shuffle(value, false)).unwrap_or_default();
    assert_ne!(shuffled, json, "the shuffle must change the text");
    for service in &services {
        let a = smithy_codegen::generate(file, &json, &settings(service)).unwrap_or_else(|e| panic!("{e}"));
        let b = smithy_codegen::generate(file, &shuffled, &settings(service)).unwrap_or_else(|e| panic!("{e}"));
        let again = smithy_codegen::generate(file, &json, &settings(service)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.files.keys().collect::<Vec<_>>(), b.files.keys().collect::<Vec<_>>());
        for (path, contents) in &a.files {
            assert_eq!(Some(contents), b.files.get(path), "{file} {service}: {path} differs after shuffling keys");
        }
        assert_eq!(a, again, "{file} {service}: two runs differ");
    }
}

#[test]
fn cognito_output_does_not_depend_on_key_order() {
    check_model("cognito-identity-provider.json");
}

#[test]
fn obstacle_course_output_does_not_depend_on_key_order() {
    check_model("obstacle-course.json");
}
