//! `shapeClosures` metadata: each closure has a unique id that is not a shape's, roots (a
//! namespace or a selector that reads), and renames of shapes in the closure that change the
//! name and do not collide, case-insensitively, with another name in the closure.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{selector, Ctx, Out};

pub fn check(cx: &Ctx, out: &mut Out) {
    let Some(Value::Array(closures)) = cx.ix.model.metadata.get("shapeClosures") else { return };
    let mut seen = BTreeSet::new();
    for closure in closures.iter().filter_map(Value::as_object) {
        let Some(id) = closure.get("id").and_then(Value::as_str) else { continue };
        if !seen.insert(id) {
            out.model_error(format!("the shape closure id `{id}` is declared more than once"));
        }
        if cx.ix.model.shapes.contains_key(id) {
            out.model_error(format!("the shape closure id `{id}` is the id of a shape of the model"));
        }
        if let Some(members) = members(cx, out, id, closure) {
            renames(cx, out, id, closure, &members);
        }
    }
}

/// The shapes in a closure: its roots and everything they refer to (members left out).
fn members(cx: &Ctx, out: &mut Out, id: &str, closure: &Map<String, Value>) -> Option<BTreeSet<String>> {
    let namespaces: Vec<&str> =
        closure.get("includeNamespaces").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let selector_text = closure.get("includeBySelector").and_then(Value::as_str);
    if namespaces.is_empty() && selector_text.is_none() {
        out.model_error(format!("the shape closure `{id}` needs `includeNamespaces` or `includeBySelector`"));
        return None;
    }
    let mut roots: BTreeSet<usize> = cx
        .ix
        .shape_ids()
        .filter(|(sid, _)| sid.split_once('#').is_some_and(|(ns, _)| namespaces.contains(&ns)))
        .filter_map(|(sid, _)| cx.graph.index_of(sid))
        .collect();
    match selector_text.filter(|t| !t.is_empty()).map(selector::parse) {
        Some(Ok(sel)) => roots.extend(cx.graph.select(&sel)),
        Some(Err(selector::Error::Invalid(why))) => {
            out.model_error(format!("the shape closure `{id}` has an `includeBySelector` that is not a selector: {why}"));
            return None;
        }
        Some(Err(selector::Error::Unsupported(_))) => return None,
        None => {}
    }
    let reached = cx.graph.reachable(&roots);
    let ids = roots.iter().chain(&reached).map(|n| cx.graph.id_of(*n)).filter(|s| !s.contains('$') && !s.starts_with("smithy.api#"));
    Some(ids.map(str::to_owned).collect())
}

fn renames(cx: &Ctx, out: &mut Out, id: &str, closure: &Map<String, Value>, members: &BTreeSet<String>) {
    let Some(renames) = closure.get("rename").and_then(Value::as_object) else { return };
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for (from, to) in renames {
        let Some(to) = to.as_str() else { continue };
        let kind = cx.ix.kind(from);
        if kind.is_none() || matches!(kind, Some("member" | "service" | "resource" | "operation")) {
            continue;
        }
        if !members.contains(from) {
            out.model_error(format!("the shape closure `{id}` renames `{from}`, which is not in the closure"));
            continue;
        }
        if local(from) == to {
            out.model_error(format!("the shape closure `{id}` renames `{from}` to the name it already has"));
        }
        if let Some(other) = taken.insert(to.to_lowercase(), from) {
            out.model_error(format!("the shape closure `{id}` renames both `{other}` and `{from}` to `{to}` (case-insensitively)"));
        }
    }
    for m in members.iter().filter(|m| !renames.contains_key(*m)) {
        if let Some(from) = taken.get(&local(m).to_lowercase()) {
            out.model_error(format!("the shape closure `{id}` renames `{from}` to the name of `{m}` (case-insensitively)"));
        }
    }
}

fn local(id: &str) -> &str {
    id.split_once('#').map_or(id, |(_, n)| n)
}
