//! The negative control of a response case's `output` comparison: the expected value with one
//! stated value changed. A comparison that accepts it does not compare what it claims to.

use crate::ir::{ParamValue, RustType};

/// The value with its first stated scalar changed (depth first, in the order the case states
/// them); where no scalar can change, the first stated member, item or entry is dropped.
/// `None` when nothing is stated.
pub(super) fn altered(value: &ParamValue) -> Option<ParamValue> {
    let mut copy = value.clone();
    (change_first_scalar(&mut copy) || drop_first(&mut copy)).then_some(copy)
}

fn change_first_scalar(value: &mut ParamValue) -> bool {
    match value {
        ParamValue::Null => false,
        ParamValue::Bool(b) => {
            *b = !*b;
            true
        }
        ParamValue::Int(i, ty) => {
            *i = if *i < max_of(ty) { *i + 1 } else { *i - 1 };
            true
        }
        ParamValue::Float(f, _) => {
            *f = if !f.is_finite() { 0.0 } else if *f == 0.0 { 1.0 } else { *f * 2.0 };
            true
        }
        ParamValue::String(s) | ParamValue::Blob(s) | ParamValue::Stream(s) | ParamValue::Enum(_, s) => {
            s.push('X');
            true
        }
        ParamValue::BigNumber(text, _) => {
            text.push('1');
            true
        }
        ParamValue::Timestamp(secs, _) => {
            *secs = secs.saturating_add(1);
            true
        }
        ParamValue::Document(doc) => change_json(doc),
        ParamValue::Struct { fields, .. } => fields.iter_mut().any(|(_, _, v)| change_first_scalar(v)),
        ParamValue::Union { value, .. } => value.as_deref_mut().is_some_and(change_first_scalar),
        ParamValue::List { items, .. } => items.iter_mut().any(change_first_scalar),
        ParamValue::Map { entries, .. } => entries.iter_mut().any(|(_, v)| change_first_scalar(v)),
        ParamValue::Events(events) => events.iter_mut().any(|item| match item {
            crate::ir::SentItem::Event(v) | crate::ir::SentItem::Error(v) => change_first_scalar(v),
        }),
    }
}

fn drop_first(value: &mut ParamValue) -> bool {
    match value {
        ParamValue::Struct { fields, .. } if !fields.is_empty() => {
            fields.remove(0);
        }
        ParamValue::List { items, .. } if !items.is_empty() => {
            items.remove(0);
        }
        ParamValue::Map { entries, .. } if !entries.is_empty() => {
            entries.remove(0);
        }
        _ => return false,
    }
    true
}

fn max_of(ty: &RustType) -> i64 {
    match ty {
        RustType::I8 => i64::from(i8::MAX),
        RustType::I16 => i64::from(i16::MAX),
        RustType::I32 => i64::from(i32::MAX),
        _ => i64::MAX,
    }
}

fn change_json(doc: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match doc {
        Value::Null => *doc = Value::Bool(true),
        Value::Bool(b) => *b = !*b,
        Value::Number(n) => {
            *doc = match n.as_i64() {
                Some(i) => Value::from(i.wrapping_add(1)),
                None => Value::from(n.as_f64().map_or(1.0, |f| if f == 0.0 { 1.0 } else { f * 2.0 })),
            }
        }
        Value::String(s) => s.push('X'),
        Value::Array(items) => {
            if !items.iter_mut().any(change_json) {
                items.push(Value::Null);
            }
        }
        Value::Object(members) => {
            // The first value in key order, whatever order the case wrote them in.
            members.sort_keys();
            if !members.values_mut().any(change_json) {
                members.insert("altered".to_owned(), Value::Null);
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Module, TypePath};

    fn path() -> TypePath {
        TypePath { module: Module::Types, name: "S".to_owned() }
    }

    #[test]
    fn the_first_scalar_changes() {
        let v = ParamValue::Struct {
            path: path(),
            fallible: false,
            fields: vec![
                ("a".to_owned(), false, ParamValue::List { items: vec![], sparse: false }),
                ("b".to_owned(), false, ParamValue::Int(i64::from(i8::MAX), RustType::I8)),
            ],
        };
        let Some(ParamValue::Struct { fields, .. }) = altered(&v) else { panic!("altered") };
        assert_eq!(fields[1].2, ParamValue::Int(i64::from(i8::MAX) - 1, RustType::I8));
        assert_eq!(fields[0].2, ParamValue::List { items: vec![], sparse: false });
    }

    #[test]
    fn without_scalars_the_first_member_goes() {
        let v = ParamValue::Struct { path: path(), fallible: false, fields: vec![("a".to_owned(), false, ParamValue::Map { entries: vec![], sparse: false })] };
        let Some(ParamValue::Struct { fields, .. }) = altered(&v) else { panic!("altered") };
        assert!(fields.is_empty());
        assert_eq!(altered(&ParamValue::Struct { path: path(), fallible: false, fields: vec![] }), None);
    }

    #[test]
    fn special_floats_and_documents_change() {
        for f in [f64::NAN, f64::INFINITY, 0.0, 1e308] {
            let Some(ParamValue::Float(g, _)) = altered(&ParamValue::Float(f, RustType::F64)) else { panic!("altered") };
            assert!(g.to_bits() != f.to_bits(), "{f} -> {g}");
        }
        let doc = serde_json::json!({"a": [], "b": {}});
        assert_ne!(altered(&ParamValue::Document(doc.clone())), Some(ParamValue::Document(doc)));
    }
}
