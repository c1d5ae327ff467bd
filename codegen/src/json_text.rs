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

/// Pretty JSON text with sorted keys.
pub fn to_sorted_pretty(value: &Value) -> String {
    serde_json::to_string_pretty(&Sorted(value)).unwrap_or_default()
}

/// Where a value sits in a JSON AST model, which says whether its keys keep their order.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    Root,
    Shapes,
    Shape,
    Members,
}

/// A part of a JSON AST model that serialises with its keys sorted, except each shape's
/// `members`, which keep their order (it is the model's: the order of fields and docs).
struct InModel<'a>(&'a Value, Level);

impl serde::Serialize for InModel<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (Value::Object(object), level) = (self.0, self.1) else { return Sorted(self.0).serialize(serializer) };
        let mut keys: Vec<&String> = object.keys().collect();
        if level != Level::Members {
            keys.sort();
        }
        let mut map = serializer.serialize_map(Some(keys.len()))?;
        for k in keys {
            let inner = match (level, k.as_str()) {
                (Level::Root, "shapes") => Some(Level::Shapes),
                (Level::Shapes, _) => Some(Level::Shape),
                (Level::Shape, "members") => Some(Level::Members),
                _ => None,
            };
            match inner {
                Some(inner) => map.serialize_entry(k, &InModel(&object[k], inner))?,
                None => map.serialize_entry(k, &Sorted(&object[k]))?,
            }
        }
        map.end()
    }
}

/// Pretty JSON text of a model (as `cargo xtask model-json` prints it): keys sorted, so the text
/// does not depend on the order the files had them in, except each shape's members, which keep
/// the model's order.
pub fn model_to_pretty(model: &Value) -> String {
    serde_json::to_string_pretty(&InModel(model, Level::Root)).unwrap_or_default()
}
