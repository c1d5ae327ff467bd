//! The same model gives byte-identical output, whatever the order of keys in its JSON where that
//! order means nothing (the shapes, traits, trait values, metadata). Member order is meaningful
//! in Smithy (it is field order): each shape's `members` keep theirs, and a test shows that
//! reordering them reorders the fields.

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

/// A new order for an object's entries (reversed, then rotated by a third).
fn reorder(mut entries: Vec<(String, Value)>) -> Value {
    entries.reverse();
    let n = entries.len();
    entries.rotate_left(n / 3);
    Value::Object(entries.into_iter().collect::<Map<String, Value>>())
}

/// Every object with its keys in a new order (list items keep theirs: a list is ordered).
fn shuffle(value: Value) -> Value {
    match value {
        Value::Object(map) => reorder(map.into_iter().map(|(k, v)| (k, shuffle(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(shuffle).collect()),
        other => other,
    }
}

/// A model with the keys of every object in a new order, except where the order is the model's:
/// the members of each shape keep theirs (it is the order of fields and docs), each member's
/// own keys shuffled.
fn shuffle_model(model: Value) -> Value {
    let Value::Object(root) = model else { return model };
    reorder(root.into_iter().map(|(k, v)| if k == "shapes" { (k, shuffle_shapes(v)) } else { (k, shuffle(v)) }).collect())
}

fn shuffle_shapes(shapes: Value) -> Value {
    let Value::Object(shapes) = shapes else { return shapes };
    reorder(shapes.into_iter().map(|(id, shape)| (id, shuffle_shape(shape))).collect())
}

fn shuffle_shape(shape: Value) -> Value {
    let Value::Object(shape) = shape else { return shape };
    let entries = shape.into_iter().map(|(k, v)| match (k.as_str(), v) {
        ("members", Value::Object(members)) => (k, Value::Object(members.into_iter().map(|(name, m)| (name, shuffle(m))).collect())),
        (_, v) => (k, shuffle(v)),
    });
    reorder(entries.collect())
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
    let shuffled = serde_json::to_string_pretty(&shuffle_model(value)).unwrap_or_default();
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

#[test]
fn the_course_models_output_does_not_depend_on_key_order() {
    for file in ["rest-course.json", "xml-course.json", "query-course.json", "cbor-course.json", "bookstore.json"] {
        check_model(file);
    }
}

/// The fields of the output struct generated for a structure with these `members`.
fn field_order(members: Value) -> Vec<String> {
    let model = serde_json::json!({"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}]},
        "ex#Op": {"type": "operation", "output": {"target": "ex#Forecast"}},
        "ex#Forecast": {"type": "structure", "members": members}
    }});
    let generated = smithy_codegen::generate("order.json", &model.to_string(), &settings("ex#Svc")).unwrap_or_else(|e| panic!("{e}"));
    let output = generated.files.iter().find(|(p, _)| p.ends_with("/_op_output.rs")).map(|(_, c)| c.clone());
    let text = output.unwrap_or_else(|| panic!("no output file among {:?}", generated.files.keys().collect::<Vec<_>>()));
    text.lines().filter(|l| !l.contains("fn ")).filter_map(|l| l.trim().strip_prefix("pub ")?.split_once(": Option<")).map(|(name, _)| name.to_owned()).collect()
}

#[test]
fn member_order_is_field_order() {
    let string = serde_json::json!({"target": "smithy.api#String"});
    let declared: Map<String, Value> = ["zeta", "alpha", "mid"].iter().map(|n| (n.to_string(), string.clone())).collect();
    let reversed: Map<String, Value> = ["mid", "alpha", "zeta"].iter().map(|n| (n.to_string(), string.clone())).collect();
    assert_eq!(field_order(Value::Object(declared)), ["zeta", "alpha", "mid"]);
    assert_eq!(field_order(Value::Object(reversed)), ["mid", "alpha", "zeta"]);
}
