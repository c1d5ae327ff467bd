//! `@default`: the value fits the shape (type, length, pattern, enum values; a value outside a
//! `@range` is only a warning), a list's default is `[]`, a map's `{}`, a document's not a
//! non-empty list or object, `null` only on members, and a structure member that targets a
//! shape with a default repeats that default (or sets `null`).

use serde_json::Value;

use super::index::{ids, Node};
use super::{node, Ctx, Out};

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        if let Some(value) = shape.traits.get(ids::DEFAULT) {
            if value.is_null() {
                out.error(id, "only members may have a `null` `@default`".into());
            } else {
                default_value(cx, out, id, value);
            }
        }
        if shape.kind != "structure" {
            continue;
        }
        for (name, member) in &shape.members {
            let member_id = format!("{id}${name}");
            match member.traits.get(ids::DEFAULT) {
                Some(Value::Null) => {}
                Some(value) => default_value(cx, out, &member_id, value),
                None => {}
            }
            coherent(cx, out, &member_id, member.traits.get(ids::DEFAULT), &member.target);
        }
    }
}

/// A default value against the shape or member it is the default of.
fn default_value(cx: &Ctx, out: &mut Out, id: &str, value: &Value) {
    let kind = match cx.ix.node(id) {
        Some(Node::Member(m)) => cx.ix.kind(&m.target),
        Some(Node::Shape(s)) => Some(s.kind.as_str()),
        None => None,
    };
    let empty = match value {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => true,
    };
    match kind {
        Some("list" | "set") if !empty => out.error(id, "the `@default` of a list must be the empty list `[]`".into()),
        Some("map") if !empty => out.error(id, "the `@default` of a map must be the empty map `{}`".into()),
        Some("document") if !empty => out.error(id, "the `@default` of a document cannot be a non-empty list or object".into()),
        _ => {}
    }
    let found = node::check(cx, value, id);
    for e in found.errors {
        out.error(id, format!("@default value `{value}` does not fit: {e}"));
    }
    for w in found.out_of_range {
        out.warning(id, format!("the `@default` value is outside the allowed range: {w}"));
    }
}

/// A member targeting a shape with a default must state the same default, or `null`.
fn coherent(cx: &Ctx, out: &mut Out, id: &str, own: Option<&Value>, target: &str) {
    let Some(wanted) = cx.ix.trait_value(target, ids::DEFAULT).filter(|v| !v.is_null()) else { return };
    match own {
        None => out
            .error(id, format!("the member targets `{target}`, which has the default {wanted}; the member must state the same `@default`")),
        Some(Value::Null) => {}
        Some(v) if same_value(v, wanted) => {}
        Some(v) => out.error(id, format!("the member's `@default` {v} differs from the default {wanted} of its target `{target}`")),
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}
