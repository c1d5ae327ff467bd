//! `@traitValidators` on a trait definition: each validator's selector, evaluated from every
//! shape the trait is applied to, names the shapes the trait does not allow (an ERROR validator
//! refuses the model, others warn); the validators' ids are dotted identifiers.

use serde_json::Value;

use super::index::trait_name;
use super::node::is_identifier;
use super::{selector, Ctx, Out};

const TRAIT_VALIDATORS: &str = "smithy.api#traitValidators";

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        if let Some(Value::Object(validators)) = shape.traits.get(TRAIT_VALIDATORS) {
            for key in validators.keys().filter(|k| !k.split('.').all(is_identifier)) {
                out.error(id, format!("`{key}` is not a valid validator id (dotted identifiers, such as `Foo.bar`)"));
            }
        }
        for trait_id in shape.traits.keys() {
            if let Some(Value::Object(validators)) = cx.ix.trait_value(trait_id, TRAIT_VALIDATORS) {
                for (event, v) in validators {
                    run(cx, out, id, trait_id, event, v);
                }
            }
        }
    }
}

fn run(cx: &Ctx, out: &mut Out, id: &str, trait_id: &str, event: &str, validator: &Value) {
    let Some(Ok(sel)) = validator.get("selector").and_then(Value::as_str).map(selector::parse) else { return };
    let Some(start) = cx.graph.index_of(id) else { return };
    let message = validator.get("message").and_then(Value::as_str).unwrap_or("not allowed here");
    let severity = validator.get("severity").and_then(Value::as_str).unwrap_or("ERROR");
    for found in cx.graph.select_from(&sel, start) {
        let at = cx.graph.id_of(found);
        let text = format!("the `{}` trait on `{id}` does not allow this ({event}): {message}", trait_name(trait_id));
        if severity == "ERROR" {
            out.error(at, text);
        } else {
            out.warning(at, text);
        }
    }
}
