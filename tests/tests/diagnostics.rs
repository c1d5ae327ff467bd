//! Each kind of model problem is reported with the file, the shape id and what is wrong; all
//! problems of a model come out in one run.

use serde_json::{json, Value};
use smithy_codegen::{GenerateError, Settings};

fn settings() -> Settings {
    Settings { crate_name: "broken".into(), runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()), standalone: false, service: None, ..Default::default() }
}

/// A valid little model: one service, one operation, input with one member.
fn base() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}]},
            "ex#Op": {"type": "operation", "input": {"target": "ex#OpInput"}, "output": {"target": "ex#OpOutput"}},
            "ex#OpInput": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}}},
            "ex#OpOutput": {"type": "structure", "members": {}}
        }
    })
}

fn with(mut model: Value, id: &str, shape: Value) -> Value {
    model["shapes"][id] = shape;
    model
}

fn errors_of(model: &Value) -> GenerateError {
    match smithy_codegen::generate("model/broken.json", &model.to_string(), &settings()) {
        Ok(_) => panic!("the model should have been rejected"),
        Err(e) => e,
    }
}

/// Asserts that one diagnostic names `shape` and contains `text`, and that Display names the file.
fn assert_reports(model: &Value, shape: Option<&str>, text: &str) {
    let err = errors_of(model);
    let shown = err.to_string();
    assert!(shown.starts_with("model/broken.json: "), "{shown}");
    let found = err.diagnostics.iter().any(|d| d.shape_id.as_deref() == shape && d.message.contains(text));
    assert!(found, "expected {shape:?} / {text:?} in:\n{shown}");
}

#[test]
fn base_model_is_valid() {
    let generated = smithy_codegen::generate("base.json", &base().to_string(), &settings());
    assert!(generated.is_ok(), "{:?}", generated.err());
}

#[test]
fn not_json() {
    let err = smithy_codegen::generate("model/broken.json", "{ not json", &settings()).err();
    let err = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("model/broken.json") && err.contains("not a Smithy JSON AST document"), "{err}");
}

#[test]
fn missing_or_unsupported_version() {
    let mut m = base();
    m.as_object_mut().map(|o| o.remove("smithy"));
    assert_reports(&m, None, "missing the top-level `smithy` version");
    let mut m = base();
    m["smithy"] = json!("3.0");
    assert_reports(&m, None, "unsupported Smithy version `3.0`");
}

#[test]
fn malformed_shape() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": "oops"}));
    assert_reports(&m, Some("ex#OpInput"), "malformed shape");
}

#[test]
fn no_service_and_several_services() {
    let mut m = base();
    m["shapes"].as_object_mut().map(|o| o.remove("ex#Svc"));
    assert_reports(&m, None, "defines no service shape");
    let m = with(base(), "ex#Other", json!({"type": "service", "version": "1"}));
    assert_reports(&m, None, "defines 2 services (ex#Other, ex#Svc)");
}

#[test]
fn dangling_target() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"x": {"target": "ex#Missing"}}}));
    assert_reports(&m, Some("ex#OpInput$x"), "targets `ex#Missing`, which is not defined");
}

#[test]
fn member_targets_an_operation() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"x": {"target": "ex#Op"}}}));
    assert_reports(&m, Some("ex#OpInput$x"), "a member must target a data shape");
}

#[test]
fn list_without_member_and_map_with_bad_key() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"l": {"target": "ex#L"}, "m": {"target": "ex#M"}}}));
    let m = with(m, "ex#L", json!({"type": "list"}));
    let m = with(m, "ex#M", json!({"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}));
    assert_reports(&m, Some("ex#L"), "list has no `member`");
    assert_reports(&m, Some("ex#M$key"), "map keys must be strings");
}

#[test]
fn operation_input_is_not_a_structure() {
    let m = with(base(), "ex#Op", json!({"type": "operation", "input": {"target": "smithy.api#String"}}));
    assert_reports(&m, Some("ex#Op"), "input `smithy.api#String` is a string, but must be a structure");
}

#[test]
fn error_without_error_trait() {
    let m = with(base(), "ex#Op", json!({"type": "operation", "errors": [{"target": "ex#OpOutput"}]}));
    assert_reports(&m, Some("ex#Op"), "is not a structure with @error");
}

#[test]
fn service_binds_missing_operation() {
    let m = with(base(), "ex#Svc", json!({"type": "service", "version": "1", "operations": [{"target": "ex#Nope"}]}));
    assert_reports(&m, Some("ex#Svc"), "binds operation `ex#Nope`, which is not defined");
}

#[test]
fn two_members_with_one_rust_name() {
    let members = json!({"fooBar": {"target": "smithy.api#String"}, "FooBar": {"target": "smithy.api#String"}});
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": members}));
    assert_reports(&m, Some("ex#OpInput"), "members `fooBar` and `FooBar` both map to the Rust name `foo_bar`");
}

#[test]
fn two_shapes_with_one_rust_type_name() {
    let members = json!({"a": {"target": "ex#Thing"}, "b": {"target": "other#Thing"}});
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": members}));
    let m = with(m, "ex#Thing", json!({"type": "structure", "members": {}}));
    let m = with(m, "other#Thing", json!({"type": "structure", "members": {}}));
    assert_reports(&m, Some("other#Thing"), "both map to the Rust type `Thing`; add a `rename`");
}

#[test]
fn rename_resolves_a_type_name_clash() {
    let members = json!({"a": {"target": "ex#Thing"}, "b": {"target": "other#Thing"}});
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": members}));
    let m = with(m, "ex#Thing", json!({"type": "structure", "members": {}}));
    let m = with(m, "other#Thing", json!({"type": "structure", "members": {}}));
    let svc = json!({"type": "service", "version": "1", "operations": [{"target": "ex#Op"}], "rename": {"other#Thing": "OtherThing"}});
    let m = with(m, "ex#Svc", svc);
    let generated = smithy_codegen::generate("m.json", &m.to_string(), &settings()).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.files.contains_key("src/types/_other_thing.rs"));
}

#[test]
fn enum_variants_with_one_rust_name() {
    let members = json!({
        "FOO_BAR": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}},
        "FooBar": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "y"}}
    });
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"e": {"target": "ex#E"}}}));
    let m = with(m, "ex#E", json!({"type": "enum", "members": members}));
    assert_reports(&m, Some("ex#E"), "both map to the Rust variant `FooBar`");
}

#[test]
fn unsupported_shape_type() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"x": {"target": "ex#W"}}}));
    let m = with(m, "ex#W", json!({"type": "wormhole"}));
    assert_reports(&m, Some("ex#W"), "unsupported shape type `wormhole`");
}

#[test]
fn missing_mixin_and_mixin_cycle() {
    let m = with(base(), "ex#OpOutput", json!({"type": "structure", "members": {}, "mixins": [{"target": "ex#Gone"}]}));
    assert_reports(&m, Some("ex#Gone"), "is used as a mixin but is not defined");
    let m = with(base(), "ex#A", json!({"type": "structure", "members": {}, "traits": {"smithy.api#mixin": {}}, "mixins": [{"target": "ex#B"}]}));
    let m = with(m, "ex#B", json!({"type": "structure", "members": {}, "traits": {"smithy.api#mixin": {}}, "mixins": [{"target": "ex#A"}]}));
    assert_reports(&m, Some("ex#A"), "mixins form a cycle");
}

#[test]
fn default_that_does_not_fit() {
    let members = json!({"n": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": "seven"}}});
    let m = with(base(), "ex#OpOutput", json!({"type": "structure", "members": members}));
    assert_reports(&m, Some("ex#OpOutput$n"), "@default value `\"seven\"` does not fit");
}

#[test]
fn apply_to_missing_shape() {
    let m = with(base(), "ex#Nowhere", json!({"type": "apply", "traits": {"smithy.api#sensitive": {}}}));
    assert_reports(&m, Some("ex#Nowhere"), "`apply` targets a shape that is not defined");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let members = json!({"x": {"target": "ex#Missing"}, "y": {"target": "ex#AlsoMissing"}});
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": members}));
    let m = with(m, "ex#L", json!({"type": "list"}));
    let m = with(m, "ex#OpOutput", json!({"type": "structure", "members": {"l": {"target": "ex#L"}}}));
    let err = errors_of(&m);
    assert_eq!(err.diagnostics.len(), 3, "{err}");
    assert!(err.to_string().contains("3 problems"), "{err}");
}

/// `ex#L0` holds `ex#L1` holds ... `ex#L{depth-1}` holds strings, reached from the input.
fn nested_lists(depth: usize) -> Value {
    let mut m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"deep": {"target": "ex#L0"}}}));
    for i in 0..depth {
        let element = if i + 1 < depth { format!("ex#L{}", i + 1) } else { "smithy.api#String".to_owned() };
        m = with(m, &format!("ex#L{i}"), json!({"type": "list", "member": {"target": element}}));
    }
    m
}

#[test]
fn deeply_nested_collections_are_rejected_not_a_stack_overflow() {
    // 32 levels are fine; one more is reported on the shape where the limit is passed.
    let ok = smithy_codegen::generate("deep.json", &nested_lists(32).to_string(), &settings());
    assert!(ok.is_ok(), "{:?}", ok.err());
    assert_reports(&nested_lists(33), Some("ex#L0"), "nested 33 levels deep");
    // A chain of a few hundred lists used to abort the generator with a stack overflow.
    let err = errors_of(&nested_lists(400));
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    assert!(err.to_string().contains("ex#L367") && err.to_string().contains("at most 32"), "{err}");
}

#[test]
fn a_collection_that_contains_itself_is_rejected() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"loop": {"target": "ex#A"}}}));
    let m = with(m, "ex#A", json!({"type": "list", "member": {"target": "ex#B"}}));
    let m = with(m, "ex#B", json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex#A"}}));
    assert_reports(&m, Some("ex#B"), "contains itself");
}

#[test]
fn a_long_chain_of_structures_generates() {
    // Recursion through structures is boxed; a long chain is not recursion and must neither
    // overflow nor take quadratic time (the boxing pass once did).
    let mut m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"next": {"target": "ex#S0"}}}));
    for i in 0..1500 {
        let next = if i + 1 < 1500 { format!("ex#S{}", i + 1) } else { "smithy.api#String".to_owned() };
        m = with(m, &format!("ex#S{i}"), json!({"type": "structure", "members": {"next": {"target": next}}}));
    }
    let generated = smithy_codegen::generate("chain.json", &m.to_string(), &settings());
    assert!(generated.is_ok(), "{:?}", generated.err());
}
