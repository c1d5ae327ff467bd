//! Number literals a double cannot hold (`0.100000000000000000000001`, `18446744073709551616`):
//! the JSON AST keeps them as written, and so does the IDL reader. While the files are read
//! such a literal is a marker string; once the model is complete it becomes a double in the
//! model (for readers of `Value`s) and its text is kept by position, so the model's JSON text
//! ([`ExactJson`]) writes it exactly as the file did, as the generator reads it from a JSON AST.

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde_json::{Number, Value};

/// Marks a string that stands for the number literal after the prefix.
const EXACT: &str = "\u{0}\u{1}idl-number:";

/// A marker for `text` when a double would change its value (a run of 16 or more digits that
/// does not survive the trip through a double), else `None`.
pub(super) fn marker(text: &str) -> Option<Value> {
    let mut run = 0;
    let long = text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else if b == b'.' { run } else { 0 };
        run >= 16
    });
    let through_double = text.parse::<f64>().ok().and_then(Number::from_f64).map(|n| n.to_string());
    (long && through_double.as_deref() != Some(text)).then(|| Value::String(format!("{EXACT}{text}")))
}

/// The literal a marker stands for.
pub(super) fn marked(value: &Value) -> Option<&str> {
    value.as_str()?.strip_prefix(EXACT)
}

/// The nearest double to a literal (clamped to the finite range).
pub(super) fn double(text: &str) -> Value {
    let f = text.parse::<f64>().unwrap_or(0.0);
    let f = if f.is_finite() {
        f
    } else if f > 0.0 {
        f64::MAX
    } else {
        f64::MIN
    };
    Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
}

/// `value`, or the double a marker stands for.
pub(super) fn unmark(value: Value) -> Value {
    match marked(&value) {
        Some(text) => double(text),
        None => value,
    }
}

/// Replaces every marker in `value` by its double, and returns the literals by JSON pointer.
pub(super) fn settle(value: &mut Value) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    settle_at(value, &mut String::new(), &mut found, 0);
    found
}

fn settle_at(value: &mut Value, pointer: &mut String, found: &mut BTreeMap<String, String>, depth: usize) {
    if depth > super::parser::MAX_DEPTH + 8 {
        return;
    }
    if let Some(text) = marked(value).map(str::to_owned) {
        *value = double(&text);
        found.insert(pointer.clone(), text);
        return;
    }
    let at = pointer.len();
    let mut child = |key: &str, v: &mut Value, pointer: &mut String| {
        pointer.push('/');
        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
        settle_at(v, pointer, found, depth + 1);
        pointer.truncate(at);
    };
    match value {
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| child(k, v, pointer)),
        Value::Array(items) => items.iter_mut().enumerate().for_each(|(i, v)| child(&i.to_string(), v, pointer)),
        _ => {}
    }
}

/// A model's JSON text with the literals of `exact` (by JSON pointer) written as they were.
pub(super) struct ExactJson<'a> {
    pub value: &'a Value,
    pub exact: &'a BTreeMap<String, String>,
    pub pointer: String,
}

impl ExactJson<'_> {
    fn child<'a>(&'a self, key: &str, value: &'a Value) -> ExactJson<'a> {
        let pointer = format!("{}/{}", self.pointer, key.replace('~', "~0").replace('/', "~1"));
        ExactJson { value, exact: self.exact, pointer }
    }
}

impl serde::Serialize for ExactJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::Number(_) => match self.exact.get(&self.pointer).and_then(|t| serde_json::value::RawValue::from_string(t.clone()).ok()) {
                Some(raw) => raw.serialize(serializer),
                None => self.value.serialize(serializer),
            },
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, &self.child(k, v))?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for (i, v) in items.iter().enumerate() {
                    out.serialize_element(&self.child(&i.to_string(), v))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_numbers_a_double_changes_are_marked() {
        assert!(marker("1.5").is_none());
        assert!(marker("0.123456789").is_none(), "short literals are never kept");
        assert!(marker("0.100000000000000000000001").is_some());
        assert!(marker("18446744073709551616").is_some());
        assert!(marker("1.2345678901234567").is_none(), "a double writes it the same way");
    }

    #[test]
    fn marked_literals_are_written_as_they_were() {
        let mut model = serde_json::json!({"a": [1, {"b": marker("-0.100000000000000000000001")}]});
        let exact = settle(&mut model);
        assert_eq!(model["a"][1]["b"], serde_json::json!(-0.1));
        let text = serde_json::to_string(&ExactJson { value: &model, exact: &exact, pointer: String::new() }).unwrap_or_default();
        assert_eq!(text, r#"{"a":[1,{"b":-0.100000000000000000000001}]}"#);
    }
}
