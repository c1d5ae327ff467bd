//! Enum values: an `enum` member's value is a non-empty string, an `intEnum` member's an
//! integer it must state, and no two members share a value; the legacy `@enum` trait's
//! definitions either all have a `name` or none do, with names and values unique.

use std::collections::BTreeMap;

use serde_json::Value;

use super::index::ids;
use super::node::describe;
use super::{Ctx, Out};
use crate::ast::Shape;

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        match shape.kind.as_str() {
            "enum" => string_enum(out, id, shape),
            "intEnum" => int_enum(out, id, shape),
            _ => {}
        }
        if let Some(Value::Array(defs)) = shape.traits.get(ids::ENUM) {
            legacy(out, id, defs);
        }
    }
}

/// The values of an `enum` shape, in member order.
pub fn string_values(shape: &Shape) -> Vec<String> {
    shape
        .members
        .iter()
        .map(|(name, m)| match m.traits.get(ids::ENUM_VALUE) {
            Some(Value::String(s)) => s.clone(),
            _ => name.clone(),
        })
        .collect()
}

/// The values of an `intEnum` shape that are integers, in member order.
pub fn int_values(shape: &Shape) -> Vec<i64> {
    shape.members.values().filter_map(|m| m.traits.get(ids::ENUM_VALUE).and_then(Value::as_i64)).collect()
}

fn string_enum(out: &mut Out, id: &str, shape: &Shape) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (name, member) in &shape.members {
        let member_id = format!("{id}${name}");
        let value = match member.traits.get(ids::ENUM_VALUE) {
            None => name.clone(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                out.error(&member_id, format!("an enum member's value must be a string, found {}", describe(other)));
                continue;
            }
        };
        if value.is_empty() {
            out.error(&member_id, "an enum member's value must not be empty".into());
        }
        if let Some(first) = seen.insert(value.clone(), name) {
            out.error(&member_id, format!("the value `{value}` is already the value of member `{first}`"));
        }
    }
}

fn int_enum(out: &mut Out, id: &str, shape: &Shape) {
    let mut seen: BTreeMap<i64, &str> = BTreeMap::new();
    for (name, member) in &shape.members {
        let member_id = format!("{id}${name}");
        let value = match member.traits.get(ids::ENUM_VALUE) {
            None => {
                out.error(&member_id, "an intEnum member must be given an integer value".into());
                continue;
            }
            Some(v) => v,
        };
        let Some(n) = value.as_i64().filter(|n| i32::try_from(*n).is_ok()) else {
            out.error(&member_id, format!("an intEnum member's value must be a 32-bit integer, found {}", describe(value)));
            continue;
        };
        if let Some(first) = seen.insert(n, name) {
            out.error(&member_id, format!("the value {n} is already the value of member `{first}`"));
        }
    }
}

fn legacy(out: &mut Out, id: &str, defs: &[Value]) {
    let named = defs.iter().filter(|d| d.get("name").is_some()).count();
    if named != 0 && named != defs.len() {
        out.error(id, "either every `@enum` definition has a `name` or none does".into());
    }
    for key in ["name", "value"] {
        let mut seen = std::collections::BTreeSet::new();
        for v in defs.iter().filter_map(|d| d.get(key).and_then(Value::as_str)) {
            if !seen.insert(v) {
                out.error(id, format!("two `@enum` definitions have the {key} `{v}`"));
            }
        }
    }
}
