//! `@examples`: an example has an output or an error, not both; one that allows constraint
//! errors has an error; and its error is one the operation lists. The
//! example values themselves are documentation and are not checked further.

use serde_json::Value;

use super::{Ctx, Out};
use crate::ast::Shape;

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, op) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "operation") {
        let Some(Value::Array(examples)) = op.traits.get("smithy.api#examples") else { continue };
        let errors = errors_of(op);
        for example in examples {
            one(out, id, example, &errors);
        }
    }
}

fn errors_of(op: &Shape) -> Vec<&str> {
    op.errors.iter().map(|e| e.target.as_str()).collect()
}

fn one(out: &mut Out, id: &str, example: &Value, errors: &[&str]) {
    let title = example.get("title").and_then(Value::as_str).unwrap_or("?");
    let error = example.get("error");
    if example.get("output").is_some() && error.is_some() {
        out.error(id, format!("the example `{title}` has both an output and an error"));
    }
    if example.get("allowConstraintErrors").and_then(Value::as_bool) == Some(true) && error.is_none() {
        out.error(id, format!("the example `{title}` allows constraint errors, so it must give an error"));
    }
    if let Some(shape) = error.and_then(|e| e.get("shapeId")).and_then(Value::as_str) {
        if !errors.contains(&shape) {
            out.error(id, format!("the example `{title}` gives the error `{shape}`, which the operation does not return"));
        }
    }
}
