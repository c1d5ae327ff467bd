//! JSON written the same way whatever order the model text had its keys in.

use serde_json::Value;

/// A JSON value that serialises with its object keys sorted.
pub struct Sorted<'a>(pub &'a Value);

impl serde::Serialize for Sorted<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(o) => {
                let mut keys: Vec<&String> = o.keys().collect();
                keys.sort();
                let mut map = serializer.serialize_map(Some(keys.len()))?;
                for k in keys {
                    map.serialize_entry(k, &Sorted(&o[k]))?;
                }
                map.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Sorted(item))?;
                }
                seq.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// Pretty JSON text with sorted keys (a model as `cargo xtask model-json` prints it).
pub fn to_sorted_pretty(value: &Value) -> String {
    serde_json::to_string_pretty(&Sorted(value)).unwrap_or_default()
}
