//! A service's closure: shape names (after the service's `rename`) are unique case-insensitively
//! across namespaces (equivalent simple shapes and lists excepted), and each rename names a
//! data shape of the closure and gives it a new, valid name.

use std::collections::{BTreeMap, BTreeSet};

use super::index::members;
use super::node::is_identifier;
use super::{Ctx, Out};
use crate::ast::{Shape, Traits};

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "service") {
        let closure = closure(cx, id);
        renames(cx, out, id, shape, &closure);
        conflicts(cx, out, id, shape, &closure);
    }
}

/// The shapes a service reaches (members and the prelude left out).
fn closure(cx: &Ctx, service: &str) -> BTreeSet<String> {
    let Some(start) = cx.graph.index_of(service) else { return BTreeSet::new() };
    let reached = cx.graph.reachable(&BTreeSet::from([start]));
    reached.iter().map(|n| cx.graph.id_of(*n)).filter(|s| !s.contains('$') && !s.starts_with("smithy.api#")).map(str::to_owned).collect()
}

fn local(id: &str) -> &str {
    id.split_once('#').map_or(id, |(_, n)| n)
}

fn renames(cx: &Ctx, out: &mut Out, id: &str, service: &Shape, closure: &BTreeSet<String>) {
    for (from, to) in &service.rename {
        let kind = cx.ix.kind(from);
        if matches!(kind, Some("member" | "operation" | "resource" | "service")) {
            out.error(id, format!("the service renames `{from}`, a {}, but only data shapes may be renamed", kind.unwrap_or("?")));
        } else if !closure.contains(from) {
            out.error(id, format!("the service renames `{from}`, which is not in its closure"));
        } else if !is_identifier(to) {
            out.error(id, format!("the service renames `{from}` to `{to}`, which is not a valid name"));
        } else if local(from) == to {
            out.error(id, format!("the service renames `{from}` to the name it already has"));
        }
    }
}

fn conflicts(cx: &Ctx, out: &mut Out, id: &str, service: &Shape, closure: &BTreeSet<String>) {
    let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for s in closure {
        let name = service.rename.get(s).map_or_else(|| local(s), String::as_str);
        by_name.entry(name.to_lowercase()).or_default().push(s);
    }
    for shapes in by_name.values().filter(|v| v.len() > 1) {
        for a in shapes {
            let clashing: Vec<String> = shapes.iter().filter(|b| *b != a && !equivalent(cx, a, b)).map(|b| format!("`{b}`")).collect();
            if !clashing.is_empty() {
                out.error(a, format!("its name conflicts (case-insensitively, after renames) with {} in the closure of the service `{id}`; add a `rename` to the service", clashing.join(", ")));
            }
        }
    }
}

/// Shapes whose names may coincide: simple shapes and lists of the same type with the same
/// traits (a list's member too, targeting equivalent shapes).
fn equivalent(cx: &Ctx, a: &str, b: &str) -> bool {
    let (Some(x), Some(y)) = (cx.ix.shape(a), cx.ix.shape(b)) else { return false };
    if x.kind != y.kind || !same_traits(&x.traits, &y.traits) {
        return false;
    }
    match x.kind.as_str() {
        "list" | "set" => match (&x.member, &y.member) {
            (Some(m), Some(n)) => same_traits(&m.traits, &n.traits) && (m.target == n.target || simple_alike(cx, &m.target, &n.target)),
            _ => false,
        },
        kind => super::index::is_simple(kind) && members(x).is_empty(),
    }
}

fn simple_alike(cx: &Ctx, a: &str, b: &str) -> bool {
    match (cx.ix.shape(a), cx.ix.shape(b)) {
        (Some(x), Some(y)) => {
            x.kind == y.kind && super::index::is_simple(&x.kind) && x.members.is_empty() && same_traits(&x.traits, &y.traits)
        }
        _ => false,
    }
}

fn same_traits(a: &Traits, b: &Traits) -> bool {
    let relevant = |t: &Traits| {
        t.iter().filter(|(k, _)| k.as_str() != "smithy.api#documentation").map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>()
    };
    relevant(a) == relevant(b)
}
