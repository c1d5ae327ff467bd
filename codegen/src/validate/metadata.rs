//! Model metadata: the keys Smithy reserves (`validators`, `suppressions`, `severityOverrides`)
//! have the form Smithy reads, and a key typed by a shape with `@metadata(key: ...)` (the
//! prelude types `shapeClosures` this way) holds a value of that shape; each key is typed once.

use std::collections::BTreeMap;

use serde_json::Value;

use super::node::describe;
use super::{node, selector, Ctx, Out};

const RESERVED: &[&str] = &["validators", "suppressions", "severityOverrides"];
const METADATA: &str = "smithy.api#metadata";

pub fn check(cx: &Ctx, out: &mut Out) {
    let metadata = &cx.ix.model.metadata;
    if let Some(v) = metadata.get("validators") {
        each_object(out, "validators", v, validator);
    }
    if let Some(v) = metadata.get("suppressions") {
        each_object(out, "suppressions", v, |out, o| required_strings(out, "suppressions", o, &["id", "namespace"]));
    }
    if let Some(v) = metadata.get("severityOverrides") {
        each_object(out, "severityOverrides", v, severity_override);
    }
    typed(cx, out);
}

/// A reserved key's value: a list of objects, each checked by `f`.
fn each_object(out: &mut Out, key: &str, value: &Value, f: impl Fn(&mut Out, &serde_json::Map<String, Value>)) {
    let Some(items) = value.as_array() else {
        return out.model_error(format!("metadata `{key}` must be a list, found {}", describe(value)));
    };
    for (i, item) in items.iter().enumerate() {
        match item.as_object() {
            Some(o) => f(out, o),
            None => out.model_error(format!("metadata `{key}` element {i} must be an object, found {}", describe(item))),
        }
    }
}

fn required_strings(out: &mut Out, key: &str, object: &serde_json::Map<String, Value>, names: &[&str]) {
    for name in names {
        if !object.get(*name).is_some_and(Value::is_string) {
            out.model_error(format!("each element of metadata `{key}` needs a string `{name}`"));
        }
    }
}

fn severity_override(out: &mut Out, object: &serde_json::Map<String, Value>) {
    required_strings(out, "severityOverrides", object, &["id", "namespace", "severity"]);
    if let Some(s) = object.get("severity").and_then(Value::as_str).filter(|s| !matches!(*s, "DANGER" | "WARNING")) {
        out.model_error(format!("a severity override may only be `DANGER` or `WARNING`, not `{s}`"));
    }
}

/// A `validators` entry: a name, and for the built-in validators that take a selector, one
/// that reads.
fn validator(out: &mut Out, object: &serde_json::Map<String, Value>) {
    let Some(name) = object.get("name").and_then(Value::as_str) else {
        return out.model_error("each element of metadata `validators` needs a string `name`".into());
    };
    let config = object.get("configuration");
    let setting = match name {
        "EmitEachSelector" | "EmitNoneSelector" => "selector",
        "UnreferencedShape" => "rootShapeSelector",
        _ => return,
    };
    match config.and_then(|c| c.get(setting)) {
        None if setting == "selector" => out.model_error(format!("the `{name}` validator needs a `selector`")),
        None => {}
        Some(Value::String(text)) => {
            if let Err(selector::Error::Invalid(why)) = selector::parse(text) {
                out.model_error(format!("the `{name}` validator's {setting} `{text}` is not a valid selector: {why}"));
            }
        }
        Some(other) => out.model_error(format!("the `{name}` validator's {setting} must be a string, found {}", describe(other))),
    }
}

/// Keys typed by `@metadata` shapes: reserved keys refused, one type per key, values checked.
fn typed(cx: &Ctx, out: &mut Out) {
    let mut types: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let model = cx.ix.shape_ids();
    let prelude = cx.ix.prelude.iter().filter(|(id, _)| !cx.ix.model.shapes.contains_key(*id));
    for (id, shape) in model.chain(prelude) {
        if let Some(key) = shape.traits.get(METADATA).and_then(|m| m.get("key")).and_then(Value::as_str) {
            types.entry(key).or_default().push(id);
        }
    }
    for (key, owners) in &types {
        let own: Vec<&str> = owners.iter().copied().filter(|id| cx.ix.model.shapes.contains_key(*id)).collect();
        if RESERVED.contains(key) {
            for id in &own {
                out.error(id, format!("the metadata key `{key}` is reserved by Smithy and cannot be given a type"));
            }
            continue;
        }
        if owners.len() > 1 {
            for id in &own {
                let others: Vec<&&str> = owners.iter().filter(|o| *o != id).collect();
                out.error(
                    id,
                    format!(
                        "the metadata key `{key}` is also typed by {}",
                        others.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            continue;
        }
        if let Some(value) = cx.ix.model.metadata.get(*key) {
            let found = node::check(cx, value, owners[0]);
            for e in found.errors.iter().chain(&found.out_of_range) {
                out.model_error(format!("metadata `{key}`: {e}"));
            }
        }
    }
}
