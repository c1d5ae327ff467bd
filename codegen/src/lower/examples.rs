//! `smithy.api#examples`: each example's input is typed member by member against the lowered
//! input structure, so the client method's doc example is the fluent call that sends it. An
//! example whose input cannot be written (a member the input lacks, a value of the wrong JSON
//! type, a number too big for its member) is left out with a generator note naming it.

use serde_json::Value;

use crate::ir::{Crate, Example, ExampleSetter, ExampleValue, RustType, SetterCall, Structure, TimestampFormat};

const EXAMPLES: &str = "smithy.api#examples";

/// Fills `examples` of every operation from its trait; returns the notes of those left out.
pub fn lower_examples(krate: &mut Crate, shapes: &std::collections::BTreeMap<String, crate::ast::Shape>) -> Vec<String> {
    let mut notes = Vec::new();
    let mut found = Vec::new();
    for (i, op) in krate.operations.iter().enumerate() {
        let Some(entries) = shapes.get(&op.shape_id).and_then(|s| s.traits.get(EXAMPLES)).and_then(Value::as_array) else { continue };
        let input = &krate.structures[op.input];
        let mut examples = Vec::new();
        for entry in entries {
            let title = entry.get("title").and_then(Value::as_str).unwrap_or("Example").trim().to_owned();
            match example(krate, input, entry, &title) {
                Ok(example) => examples.push(example),
                Err(why) => notes.push(format!("{}: example `{title}` left out of the docs: {why}", op.shape_id)),
            }
        }
        found.push((i, examples));
    }
    for (i, examples) in found {
        krate.operations[i].examples = examples;
    }
    notes
}

fn example(krate: &Crate, input: &Structure, entry: &Value, title: &str) -> Result<Example, String> {
    let empty = serde_json::Map::new();
    let given = match entry.get("input") {
        None => &empty,
        Some(Value::Object(members)) => members,
        Some(_) => return Err("its input is not an object".to_owned()),
    };
    let docs = entry.get("documentation").and_then(Value::as_str).map(crate::docs::html_doc_lines).unwrap_or_default();
    let error = entry.get("error").map(|e| {
        let shape = e.get("shapeId").and_then(Value::as_str).map_or("(unnamed)", crate::ast::shape_name).to_owned();
        (shape, json_lines(e.get("content").unwrap_or(&Value::Null)))
    });
    let output = entry.get("output").map(json_lines).unwrap_or_default();
    Ok(Example { title: title.to_owned(), docs, input: setters(krate, input, given, "the operation's input")?, output, error })
}

/// The model's JSON as pretty lines with object keys sorted (the order a model lists them in does
/// not change the generated text).
fn json_lines(value: &Value) -> Vec<String> {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), sorted(v))).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string_pretty(&sorted(value)).unwrap_or_default().lines().map(str::to_owned).collect()
}

/// The setter calls giving `given` to a builder of `structure`, in member order.
/// `named` is how a note names the structure.
fn setters(krate: &Crate, structure: &Structure, given: &serde_json::Map<String, Value>, named: &str) -> Result<Vec<ExampleSetter>, String> {
    // The first unknown key by name, not by the model's order (the note must not depend on it).
    if let Some(unknown) = given.keys().filter(|k| !structure.members.iter().any(|m| &m.name == *k)).min() {
        return Err(format!("`{unknown}` is not a member of {named}"));
    }
    let mut out = Vec::new();
    for member in &structure.members {
        let Some(json) = given.get(&member.name) else { continue };
        let at = || format!("{}.{}", structure.path.name, member.name);
        let call = match (&member.ty, json) {
            (RustType::List { element, sparse: false, .. }, Value::Array(items)) if !items.is_empty() => {
                SetterCall::Each(items.iter().map(|item| value(krate, element, item)).collect::<Result<_, _>>().map_err(|e| format!("{}: {e}", at()))?)
            }
            (RustType::Map { key, value: v, sparse: false }, Value::Object(entries)) if !entries.is_empty() => {
                SetterCall::Entries(map_entries(krate, key, v, entries).map_err(|e| format!("{}: {e}", at()))?)
            }
            (RustType::List { .. } | RustType::Map { .. }, _) => SetterCall::Whole(value(krate, &member.ty, json).map_err(|e| format!("{}: {e}", at()))?),
            (ty, json) => SetterCall::One(value(krate, ty, json).map_err(|e| format!("{}: {e}", at()))?),
        };
        out.push(ExampleSetter { field: member.field.clone(), accessor: member.accessor.clone(), call });
    }
    Ok(out)
}

/// `json` as a value of `ty`.
fn value(krate: &Crate, ty: &RustType, json: &Value) -> Result<ExampleValue, String> {
    let wrong = |want: &str| Err(format!("expected {want}, found `{json}`"));
    Ok(match (ty, json) {
        (RustType::String, Value::String(s)) => ExampleValue::String(s.clone()),
        (RustType::Bool, Value::Bool(b)) => ExampleValue::Bool(*b),
        (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => {
            let n = n.as_i64().ok_or_else(|| format!("`{n}` is not an integer"))?;
            let fits = match ty {
                RustType::I8 => i8::try_from(n).is_ok(),
                RustType::I16 => i16::try_from(n).is_ok(),
                RustType::I32 => i32::try_from(n).is_ok(),
                _ => true,
            };
            if !fits {
                return Err(format!("`{n}` does not fit its member's integer type"));
            }
            ExampleValue::Integer(n)
        }
        (RustType::F32 | RustType::F64, Value::Number(n)) => ExampleValue::Float(n.as_f64().unwrap_or_default()),
        (RustType::Blob, Value::String(s)) => ExampleValue::Blob(s.clone()),
        (RustType::ByteStream, Value::String(s)) => ExampleValue::ByteStream(s.clone()),
        (RustType::DateTime, Value::Number(n)) => ExampleValue::EpochSeconds(n.as_f64().unwrap_or_default()),
        (RustType::DateTime, Value::String(s)) => ExampleValue::TimestampText(s.clone(), timestamp_format(s)?),
        (RustType::Document, json) => ExampleValue::Document(json.clone()),
        (RustType::Enum(path), Value::String(s)) => ExampleValue::Enum(path.clone(), s.clone()),
        (RustType::Struct(path), Value::Object(members)) => {
            let structure = krate.structures.iter().find(|s| &s.path == path).ok_or_else(|| format!("no structure {}", path.name))?;
            let setters = setters(krate, structure, members, &structure.shape_id)?;
            ExampleValue::Struct { path: path.clone(), fallible: structure.fallible_build, setters }
        }
        (RustType::Union(path), Value::Object(members)) if members.len() == 1 => {
            let union = krate.unions.iter().find(|u| u.name == path.name).ok_or_else(|| format!("no union {}", path.name))?;
            let (name, inner) = members.iter().next().expect("one member, checked above");
            let variant = union.variants.iter().find(|v| &v.member_name == name).ok_or_else(|| format!("`{name}` is not a member of {}", union.shape_id))?;
            let Some(variant_ty) = &variant.ty else { return Err(format!("`{name}` of {} carries no value", union.shape_id)) };
            let value = value(krate, variant_ty, inner)?;
            ExampleValue::Union { path: path.clone(), variant: variant.name.clone(), boxed: variant.boxed, value: Box::new(value) }
        }
        (RustType::List { element, sparse: false, .. }, Value::Array(items)) => {
            ExampleValue::List(items.iter().map(|item| value(krate, element, item)).collect::<Result<_, _>>()?)
        }
        (RustType::Map { key, value: v, sparse: false }, Value::Object(entries)) => ExampleValue::Map(map_entries(krate, key, v, entries)?),
        (RustType::List { sparse: true, .. } | RustType::Map { sparse: true, .. }, _) => return Err("sparse collections are not written".to_owned()),
        (RustType::BigInteger | RustType::BigDecimal, _) => return Err("arbitrary-precision numbers are not written".to_owned()),
        (RustType::EventReceiver(_) | RustType::EventSender(_), _) => return Err("event streams are not written".to_owned()),
        (RustType::String | RustType::Blob | RustType::ByteStream | RustType::Enum(_), _) => return wrong("a string"),
        (RustType::Bool, _) => return wrong("a boolean"),
        (RustType::DateTime, _) => return wrong("a timestamp"),
        (RustType::Struct(_) | RustType::Union(_) | RustType::Map { .. }, _) => return wrong("an object"),
        (RustType::List { .. }, _) => return wrong("a list"),
        (_, _) => return wrong("a number"),
    })
}

/// A map's entries as values, sorted by key (the order the model lists them in does not change
/// the generated text).
fn map_entries(krate: &Crate, key: &RustType, v: &RustType, entries: &serde_json::Map<String, Value>) -> Result<Vec<(ExampleValue, ExampleValue)>, String> {
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted.into_iter().map(|(k, item)| Ok((value(krate, key, &Value::String(k.clone()))?, value(krate, v, item)?))).collect()
}

/// The format of a timestamp written as text: RFC 3339 (`2016-12-15T01:19:41Z`) or an HTTP
/// date (`Wed, 21 Oct 2015 07:28:00 GMT`).
fn timestamp_format(text: &str) -> Result<TimestampFormat, String> {
    let b = text.as_bytes();
    if b.len() >= 20 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[10] == b'T' {
        Ok(TimestampFormat::DateTime)
    } else if text.ends_with(" GMT") && text.contains(", ") {
        Ok(TimestampFormat::HttpDate)
    } else {
        Err(format!("the timestamp `{text}` is neither RFC 3339 nor an HTTP date"))
    }
}
