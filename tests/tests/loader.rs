//! Loader semantics checked on the IR: IDL 1.0, mixins, `apply`, service errors, resources.

use serde_json::json;
use smithy_codegen::ir::{Crate, RustType, Structure};
use smithy_codegen::Settings;

fn settings() -> Settings {
    Settings { crate_name: "loader".into(), runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()), standalone: false, service: None, ..Default::default() }
}

fn lower(model: serde_json::Value) -> Crate {
    smithy_codegen::lower_model("loader.json", &model.to_string(), &settings()).unwrap_or_else(|e| panic!("{e}"))
}

fn structure<'a>(c: &'a Crate, name: &str) -> &'a Structure {
    c.structures.iter().find(|s| s.path.name == name).unwrap_or_else(|| panic!("no structure {name}"))
}

#[test]
fn idl_1_0_primitives_sets_box_and_sensitive_members() {
    let c = lower(json!({
        "smithy": "1.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}]},
            "ex#Op": {"type": "operation", "output": {"target": "ex#Out"}},
            "ex#Count": {"type": "integer"},
            "ex#BoxedCount": {"type": "integer", "traits": {"smithy.api#box": {}}},
            "ex#Names": {"type": "set", "member": {"target": "smithy.api#String"}},
            "ex#Out": {"type": "structure", "members": {
                "count": {"target": "ex#Count"},
                "boxed": {"target": "ex#BoxedCount"},
                "preludeBoxed": {"target": "smithy.api#Integer"},
                "primitive": {"target": "smithy.api#PrimitiveBoolean"},
                "names": {"target": "ex#Names"},
                "secret": {"target": "smithy.api#String", "traits": {"smithy.api#sensitive": {}}}
            }}
        }
    }));
    let out = structure(&c, "OpOutput");
    let field = |n: &str| out.members.iter().find(|m| m.name == n).unwrap_or_else(|| panic!("no member {n}"));
    assert!(!field("count").optional, "an unboxed 1.0 integer is non-null");
    assert!(field("boxed").optional && field("preludeBoxed").optional);
    assert!(!field("primitive").optional);
    assert!(matches!(field("names").ty, RustType::List { set: true, .. }));
    assert!(field("secret").redacted, "a @sensitive member is redacted");
    assert!(out.custom_debug);
}

#[test]
fn mixins_apply_service_errors_and_resources() {
    let c = lower(json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "resources": [{"target": "ex#Thing"}], "errors": [{"target": "ex#Boom"}]},
            "ex#Thing": {"type": "resource", "read": {"target": "ex#GetThing"}, "operations": [{"target": "ex#Poke"}]},
            "ex#GetThing": {"type": "operation", "output": {"target": "ex#GetThingOutput"}, "traits": {"smithy.api#readonly": {}}},
            "ex#Poke": {"type": "operation"},
            "ex#Stamped": {"type": "structure", "traits": {"smithy.api#mixin": {}, "smithy.api#documentation": "Has a stamp."},
                "members": {"stamp": {"target": "smithy.api#Timestamp"}}},
            "ex#GetThingOutput": {"type": "structure", "mixins": [{"target": "ex#Stamped"}], "members": {"name": {"target": "smithy.api#String"}}},
            "ex#GetThingOutput$name": {"type": "apply", "traits": {"smithy.api#required": {}}},
            "ex#Boom": {"type": "structure", "traits": {"smithy.api#error": "server"}, "members": {}}
        }
    }));
    let ops: Vec<&str> = c.operations.iter().map(|o| o.module.as_str()).collect();
    assert_eq!(ops, ["get_thing", "poke"], "operations bound through a resource are generated");
    let out = structure(&c, "GetThingOutput");
    let names: Vec<&str> = out.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["stamp", "name"], "mixin members come first");
    assert!(out.members[1].required && !out.members[1].optional, "`apply` added @required");
    assert!(c.operations.iter().all(|o| o.errors.iter().any(|e| e.shape_name == "Boom")), "service errors on every op");
    let boom = structure(&c, "Boom");
    assert_eq!(boom.members.len(), 1, "an error without a message gets one");
}
