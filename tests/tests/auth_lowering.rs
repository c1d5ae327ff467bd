//! Which auth schemes each operation accepts, as the generator reads them: the operation's
//! `@auth`, else the service's, else the service's auth traits in alphabetical order;
//! unsupported schemes are left out with a warning; `@auth([])` and a service without schemes
//! mean no authentication.

use serde_json::{json, Value};
use smithy_codegen::ir::{Auth, AuthScheme, Crate};
use smithy_codegen::Settings;

fn lower(model: Value) -> Crate {
    let settings = Settings { crate_name: "auth".into(), runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()), ..Default::default() };
    smithy_codegen::lower_model("auth.json", &model.to_string(), &settings).unwrap_or_else(|e| panic!("{e}"))
}

fn service(traits: Value, ops: &[(&str, Value)]) -> Value {
    let mut shapes = serde_json::Map::new();
    let targets: Vec<Value> = ops.iter().map(|(name, _)| json!({"target": format!("ex#{name}")})).collect();
    let mut service_traits = json!({"aws.protocols#restJson1": {}});
    for (k, v) in traits.as_object().expect("traits") {
        service_traits[k] = v.clone();
    }
    shapes.insert("ex#Svc".into(), json!({"type": "service", "version": "1", "operations": targets, "traits": service_traits}));
    for (i, (name, traits)) in ops.iter().enumerate() {
        let mut traits = traits.clone();
        traits["smithy.api#http"] = json!({"method": "POST", "uri": format!("/op{i}"), "code": 200});
        shapes.insert(format!("ex#{name}"), json!({"type": "operation", "traits": traits}));
    }
    json!({"smithy": "2.0", "shapes": shapes})
}

fn schemes<'a>(c: &'a Crate, op: &str) -> (&'a Auth, &'a [AuthScheme]) {
    let op = c.operations.iter().find(|o| o.name == op).unwrap_or_else(|| panic!("no {op}"));
    (&op.auth, &op.auth_schemes)
}

#[test]
fn service_order_operation_overrides_and_unsupported_schemes() {
    let c = lower(service(
        json!({
            "smithy.api#httpBearerAuth": {},
            "smithy.api#httpApiKeyAuth": {"name": "api_key", "in": "query"},
            "smithy.api#httpBasicAuth": {},
            "smithy.api#httpDigestAuth": {},
            "smithy.api#auth": ["smithy.api#httpBearerAuth", "smithy.api#httpApiKeyAuth"]
        }),
        &[
            ("Default", json!({})),
            ("Health", json!({"smithy.api#auth": []})),
            ("Login", json!({"smithy.api#auth": ["smithy.api#httpDigestAuth", "smithy.api#httpBasicAuth"]})),
            ("Peek", json!({"smithy.api#optionalAuth": {}})),
        ],
    ));
    let api_key = AuthScheme::ApiKey { name: "api_key".into(), in_query: true, scheme: None };
    assert_eq!(schemes(&c, "Default"), (&Auth::Signed, &[AuthScheme::Bearer, api_key.clone()][..]));
    assert_eq!(schemes(&c, "Health"), (&Auth::Anonymous, &[][..]));
    assert_eq!(schemes(&c, "Login"), (&Auth::Signed, &[AuthScheme::Basic][..]));
    assert_eq!(schemes(&c, "Peek"), (&Auth::Optional, &[AuthScheme::Bearer, api_key][..]));
    assert!(c.warnings.iter().any(|w| w.contains("smithy.api#httpDigestAuth") && w.contains("not supported")), "{:?}", c.warnings);
}

#[test]
fn without_an_auth_list_the_schemes_go_in_alphabetical_order() {
    let c = lower(service(json!({"smithy.api#httpBearerAuth": {}, "aws.auth#sigv4": {"name": "svc"}}), &[("Op", json!({}))]));
    assert_eq!(schemes(&c, "Op"), (&Auth::Signed, &[AuthScheme::SigV4, AuthScheme::Bearer][..]));
}

#[test]
fn a_service_without_auth_schemes_sends_anonymously() {
    let c = lower(service(json!({}), &[("Op", json!({}))]));
    assert_eq!(schemes(&c, "Op"), (&Auth::Anonymous, &[][..]));
    assert!(c.warnings.iter().all(|w| !w.contains("auth")), "{:?}", c.warnings);
}
