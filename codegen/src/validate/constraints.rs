//! `@range` and `@length`: bounds that make sense (`min` at most `max`, lengths not negative,
//! no fractional bounds on integer shapes).

use serde_json::Value;

use super::index::{ids, members, Node};
use super::{Ctx, Out};
use crate::ast::Traits;

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        bounds(cx, out, id, &shape.traits);
        for (name, member) in members(shape) {
            bounds(cx, out, &format!("{id}${name}"), &member.traits);
        }
    }
}

fn bounds(cx: &Ctx, out: &mut Out, id: &str, traits: &Traits) {
    if let Some(range) = traits.get(ids::RANGE) {
        min_max(out, id, "range", range);
        integral(cx, out, id, range);
    }
    if let Some(length) = traits.get(ids::LENGTH) {
        min_max(out, id, "length", length);
        for key in ["min", "max"] {
            if length.get(key).and_then(Value::as_f64).is_some_and(|v| v < 0.0) {
                out.error(id, format!("the `@length` `{key}` is negative"));
            }
        }
    }
}

fn min_max(out: &mut Out, id: &str, name: &str, value: &Value) {
    let bound = |k: &str| value.get(k).and_then(Value::as_f64);
    if let (Some(min), Some(max)) = (bound("min"), bound("max")) {
        if min > max {
            out.error(id, format!("the `@{name}` `min` ({min}) is greater than its `max` ({max})"));
        }
    }
}

/// A `@range` on an integer shape (or a member targeting one) has integer bounds.
fn integral(cx: &Ctx, out: &mut Out, id: &str, range: &Value) {
    let kind = match cx.ix.node(id) {
        Some(Node::Member(m)) => cx.ix.kind(&m.target),
        Some(Node::Shape(s)) => Some(s.kind.as_str()),
        None => None,
    };
    let Some(kind) = kind.filter(|k| matches!(*k, "byte" | "short" | "integer" | "long" | "bigInteger" | "intEnum")) else { return };
    for key in ["min", "max"] {
        if let Some(v) = range.get(key).and_then(Value::as_f64).filter(|v| v.fract() != 0.0) {
            out.error(id, format!("the `@range` `{key}` is {v}, but a {kind} has no fractions"));
        }
    }
}
