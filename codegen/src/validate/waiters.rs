//! `smithy.waiters#waitable`: waiter names are UpperCamelCase, each waiter has acceptors and a
//! `minDelay` no greater than its `maxDelay`, an acceptor matching on the output needs an
//! operation with an output, and an output path whose first name is not a member of the output
//! is a warning (a path is JMESPath, checked only that far). An `errorType` is an error code,
//! which need not be the name of an error shape of the operation, and is not checked.

use serde_json::{Map, Value};

use super::index::{ids, Index};
use super::{Ctx, Out};
use crate::ast::Shape;

const WAITABLE: &str = "smithy.waiters#waitable";

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, op) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "operation") {
        let Some(Value::Object(waiters)) = op.traits.get(WAITABLE) else { continue };
        for (name, waiter) in waiters {
            let mut chars = name.chars();
            if !(chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())) {
                out.error(id, format!("the waiter name `{name}` must be UpperCamelCase"));
            }
            if let Some(waiter) = waiter.as_object() {
                one(cx.ix, out, id, op, name, waiter);
            }
        }
    }
}

fn one(ix: &Index, out: &mut Out, id: &str, op: &Shape, name: &str, waiter: &Map<String, Value>) {
    let delay = |k: &str| waiter.get(k).and_then(Value::as_f64);
    if let (Some(min), Some(max)) = (delay("minDelay"), delay("maxDelay")) {
        if min > max {
            out.error(id, format!("the waiter `{name}` has a `minDelay` ({min}) greater than its `maxDelay` ({max})"));
        }
    }
    let acceptors = waiter.get("acceptors").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    if acceptors.is_empty() {
        out.error(id, format!("the waiter `{name}` has no acceptors"));
    }
    let output = op.output.as_ref().map(|o| o.target.as_str()).filter(|o| *o != ids::UNIT);
    for matcher in acceptors.iter().filter_map(|a| a.get("matcher")).filter_map(Value::as_object) {
        for kind in ["output", "inputOutput"] {
            let Some(path) = matcher.get(kind).and_then(|m| m.get("path")).and_then(Value::as_str) else { continue };
            match output {
                None if kind == "output" => out.error(id, format!("the waiter `{name}` matches on the output, but the operation has none")),
                Some(o) if kind == "output" => first_name(ix, out, id, name, o, path),
                _ => {}
            }
        }
    }
}

/// A path's leading name, when it is a plain name, must be a member of the output.
fn first_name(ix: &Index, out: &mut Out, id: &str, waiter: &str, output: &str, path: &str) {
    let lead: String = path.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let plain = !lead.is_empty() && path.trim()[lead.len()..].chars().next().is_none_or(|c| matches!(c, '.' | '[' | ' ' | '|'));
    if plain && ix.shape(output).is_some_and(|s| !s.members.contains_key(&lead)) {
        out.warning(id, format!("the waiter `{waiter}` reads `{lead}` from the output `{output}`, which has no such member"));
    }
}
