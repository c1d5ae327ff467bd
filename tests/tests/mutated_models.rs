//! The generator on mutated models: whatever is done to a valid model (members retargeted,
//! shapes removed or changed into other kinds, traits with values of the wrong type, collections
//! nested or looped, the protocol switched, the text truncated or its bytes flipped), it returns
//! generated files or diagnostics. A panic fails the property; a stack overflow would abort the
//! whole test binary. The cases come from a fixed seed, printed, that `PROPTEST_RNG_SEED`
//! changes (`MUTANT_CASES` sets how many models are mutated).

#[path = "common/seeded.rs"]
mod seeded;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};
use smithy_codegen::Settings;

const SERVICE: &str = "example.obstacle#ObstacleCourse";

fn model() -> Value {
    let path = xtask::repo_root().join("model/obstacle-course.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn settings() -> Settings {
    Settings { crate_name: "mutant".into(), runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()), service: Some(SERVICE.into()), ..Default::default() }
}

/// One change to a model, by index into its (sorted) shape ids where it needs a shape.
#[derive(Debug, Clone)]
enum Mutation {
    Retarget { shape: usize, to: usize },
    RetargetMissing { shape: usize },
    Remove { shape: usize },
    ChangeKind { shape: usize, kind: &'static str },
    Trait { shape: usize, id: &'static str, value: Value },
    SelfLoop { shape: usize },
    Protocol(&'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let shape = 0usize..200;
    let kinds = prop::sample::select(&["structure", "union", "list", "map", "string", "enum", "blob", "timestamp", "operation", "service", "bogus"][..]);
    let traits = prop::sample::select(
        &[
            "smithy.api#httpLabel",
            "smithy.api#httpQuery",
            "smithy.api#httpHeader",
            "smithy.api#httpPayload",
            "smithy.api#httpPrefixHeaders",
            "smithy.api#httpResponseCode",
            "smithy.api#xmlName",
            "smithy.api#xmlFlattened",
            "smithy.api#xmlNamespace",
            "smithy.api#timestampFormat",
            "smithy.api#default",
            "smithy.api#required",
            "smithy.api#streaming",
            "smithy.api#sensitive",
            "smithy.api#http",
            "smithy.api#endpoint",
            "smithy.api#paginated",
            "smithy.api#enum",
            "smithy.rules#clientContextParams",
        ][..],
    );
    let values = prop_oneof![
        Just(json!({})),
        Just(json!("x-name")),
        Just(json!(7)),
        Just(json!(null)),
        Just(json!([1, "a", {}])),
        Just(json!({"method": "GET", "uri": "/{a}/{b+}?q", "code": 200})),
        Just(json!({"hostPrefix": "{bad}."})),
        Just(json!({"uri": "urn:x", "prefix": 5})),
    ];
    let protocols = prop::sample::select(&["aws.protocols#restJson1", "aws.protocols#restXml", "aws.protocols#awsJson1_1", "aws.protocols#awsQuery"][..]);
    prop_oneof![
        (shape.clone(), 0usize..200).prop_map(|(shape, to)| Mutation::Retarget { shape, to }),
        shape.clone().prop_map(|shape| Mutation::RetargetMissing { shape }),
        shape.clone().prop_map(|shape| Mutation::Remove { shape }),
        (shape.clone(), kinds).prop_map(|(shape, kind)| Mutation::ChangeKind { shape, kind }),
        (shape.clone(), traits, values).prop_map(|(shape, id, value)| Mutation::Trait { shape, id, value }),
        shape.prop_map(|shape| Mutation::SelfLoop { shape }),
        protocols.prop_map(Mutation::Protocol),
    ]
}

/// The first member-like reference of a shape (a structure member, a list member or map value).
fn first_ref(shape: &mut Value) -> Option<&mut Value> {
    let key = if shape.get("members").and_then(Value::as_object).is_some_and(|m| !m.is_empty()) {
        "members"
    } else {
        ["member", "value"].into_iter().find(|k| shape.get(*k).is_some())?
    };
    let found = shape.get_mut(key)?;
    if key == "members" {
        found.as_object_mut()?.values_mut().next()
    } else {
        Some(found)
    }
}

fn apply(model: &mut Value, m: &Mutation) {
    let ids: Vec<String> = model["shapes"].as_object().map(|s| s.keys().cloned().collect()).unwrap_or_default();
    let pick = |i: usize| ids[i % ids.len()].clone();
    let shapes = &mut model["shapes"];
    match m {
        Mutation::Retarget { shape, to } => {
            let target = pick(*to);
            if let Some(r) = first_ref(&mut shapes[pick(*shape)]) {
                r["target"] = json!(target);
            }
        }
        Mutation::RetargetMissing { shape } => {
            if let Some(r) = first_ref(&mut shapes[pick(*shape)]) {
                r["target"] = json!("example.obstacle#DoesNotExist");
            }
        }
        Mutation::Remove { shape } => {
            if let Some(s) = shapes.as_object_mut() {
                s.remove(&pick(*shape));
            }
        }
        Mutation::ChangeKind { shape, kind } => shapes[pick(*shape)]["type"] = json!(kind),
        Mutation::Trait { shape, id, value } => {
            let id_of_shape = pick(*shape);
            let target = &mut shapes[id_of_shape];
            match first_ref(target) {
                Some(r) if id.contains("http") || id.contains("xml") => r["traits"][*id] = value.clone(),
                _ => target["traits"][*id] = value.clone(),
            }
        }
        Mutation::SelfLoop { shape } => {
            let id = pick(*shape);
            if let Some(r) = first_ref(&mut shapes[id.clone()]) {
                r["target"] = json!(id);
            }
        }
        Mutation::Protocol(p) => {
            if let Some(traits) = shapes[SERVICE]["traits"].as_object_mut() {
                traits.retain(|k, _| !k.starts_with("aws.protocols#"));
                traits.insert((*p).to_owned(), json!({}));
            }
        }
    }
}

/// Generation returns; a panic inside it is caught and fails the case with its message.
fn generates_or_reports(text: &str) -> Result<(), TestCaseError> {
    match std::panic::catch_unwind(|| smithy_codegen::generate("mutant.json", text, &settings())) {
        Ok(Ok(generated)) => prop_assert!(!generated.files.is_empty()),
        Ok(Err(e)) => prop_assert!(!e.diagnostics.is_empty(), "an error without diagnostics"),
        Err(panic) => {
            let why = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()));
            return Err(TestCaseError::fail(format!("the generator panicked: {why:?}")));
        }
    }
    Ok(())
}

#[test]
fn mutated_models_give_files_or_diagnostics() {
    let base = model();
    let cases = std::env::var("MUTANT_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48);
    seeded::check(cases, &prop::collection::vec(mutation(), 1..6), |mutations| {
        let mut m = base.clone();
        for mutation in &mutations {
            apply(&mut m, mutation);
        }
        generates_or_reports(&m.to_string())
    });
}

#[test]
fn damaged_model_text_gives_diagnostics() {
    let text = serde_json::to_string(&model()).unwrap_or_default();
    let len = text.len();
    seeded::check(64, &(0..len, any::<u8>(), 0..len), |(at, byte, cut)| {
        let mut bytes = text.clone().into_bytes();
        bytes[at] = byte;
        bytes.truncate(cut.max(at + 1));
        generates_or_reports(&String::from_utf8_lossy(&bytes))
    });
}
