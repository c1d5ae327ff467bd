//! The form of each shape: a known type, valid ids, the members its type allows (a list has
//! `member`, a map `key` and `value`), member names unique case-insensitively, enums and
//! unions that are not empty.

use std::collections::BTreeMap;

use super::index::members;
use super::node::{is_identifier, is_shape_id};
use super::{Ctx, Out};
use crate::ast::Shape;

const TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "operation",
    "resource",
];

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        if id.contains('$') {
            out.error(id, format!("a {} cannot be defined with a member id (`{id}`)", shape.kind));
        } else if !is_shape_id(id) {
            out.model_error(format!("`{id}` is not a valid shape id (`namespace#Name`)"));
        }
        if !TYPES.contains(&shape.kind.as_str()) {
            out.error(id, format!("unsupported shape type `{}`", shape.kind));
            continue;
        }
        member_slots(out, id, shape);
        member_names(out, id, shape);
        if matches!(shape.kind.as_str(), "enum" | "intEnum" | "union") && shape.members.is_empty() {
            out.error(id, format!("an {} must have at least one member", shape.kind));
        }
    }
}

/// Which member fields the shape's type allows and requires.
fn member_slots(out: &mut Out, id: &str, shape: &Shape) {
    let kind = shape.kind.as_str();
    let (list, map, named) = (matches!(kind, "list" | "set"), kind == "map", matches!(kind, "structure" | "union" | "enum" | "intEnum"));
    if list && shape.member.is_none() {
        out.error(id, format!("{kind} has no `member`"));
    }
    if map {
        for (slot, present) in [("key", shape.key.is_some()), ("value", shape.value.is_some())] {
            if !present {
                out.error(id, format!("map has no `{slot}`"));
            }
        }
    }
    if !named && !shape.members.is_empty() {
        let names: Vec<&str> = shape.members.keys().map(String::as_str).collect();
        let allowed = if list {
            "only `member`"
        } else if map {
            "only `key` and `value`"
        } else {
            "no members"
        };
        out.error(id, format!("a {kind} has {allowed}, but members {} are given", names.join(", ")));
    }
    let stray =
        [("member", shape.member.is_some() && !list), ("key", shape.key.is_some() && !map), ("value", shape.value.is_some() && !map)];
    for (slot, _) in stray.iter().filter(|(_, s)| *s) {
        out.error(id, format!("a {kind} cannot have a `{slot}` member"));
    }
}

/// Member names must be identifiers and differ other than by case.
fn member_names(out: &mut Out, id: &str, shape: &Shape) {
    let mut by_lower: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, _) in members(shape) {
        if !is_identifier(name) {
            out.error(&format!("{id}${name}"), format!("`{name}` is not a valid member name"));
        }
        by_lower.entry(name.to_lowercase()).or_default().push(name);
    }
    for names in by_lower.values().filter(|n| n.len() > 1) {
        for name in names {
            let others: Vec<String> = names.iter().filter(|n| *n != name).map(|n| format!("`{n}`")).collect();
            out.error(&format!("{id}${name}"), format!("member `{name}` differs only by case from {}", others.join(", ")));
        }
    }
}
