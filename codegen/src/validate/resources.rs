//! Resources: lifecycle operations with the right semantics (`read`/`list` `@readonly`; `put`
//! and `delete` `@idempotent`; the others not `@readonly`), identifiers bound by the input of
//! each operation (all of them for instance operations, only the parents' for collection
//! operations; by member name or `@resourceIdentifier`, never twice), child resources that
//! repeat their parent's identifiers, no cycles, and each operation and resource bound once in
//! a service.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::index::{ids, Index};
use super::{Ctx, Out};
use crate::ast::{Shape, ShapeRef};

pub fn check(cx: &Ctx, out: &mut Out) {
    let parents = parents(cx.ix);
    for (id, shape) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "resource") {
        lifecycle(cx.ix, out, id, shape);
        bindings(cx.ix, out, id, shape, &parents);
        child_identifiers(cx.ix, out, id, shape);
        for name in shape.identifiers.keys().filter(|n| shape.properties.keys().any(|p| p.eq_ignore_ascii_case(n))) {
            out.error(id, format!("the identifier `{name}` is also a property of the resource"));
        }
        cycle(cx.ix, out, id);
    }
    for (id, shape) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "structure") {
        conflicting_bindings(out, id, shape);
    }
    for (id, _) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "service") {
        bound_once(cx.ix, out, id);
    }
}

/// The resource (or service) binding each resource.
fn parents<'a>(ix: &Index<'a>) -> BTreeMap<&'a str, &'a str> {
    let mut parents = BTreeMap::new();
    for (id, shape) in ix.shape_ids().filter(|(_, s)| s.kind == "resource") {
        for child in &shape.resources {
            parents.insert(child.target.as_str(), id.as_str());
        }
    }
    parents
}

fn lifecycle(ix: &Index, out: &mut Out, id: &str, shape: &Shape) {
    let rules: [(&str, &Option<ShapeRef>, Option<bool>, bool); 6] = [
        ("create", &shape.create, Some(false), false),
        ("put", &shape.put, Some(false), true),
        ("read", &shape.read, Some(true), false),
        ("update", &shape.update, Some(false), false),
        ("delete", &shape.delete, Some(false), true),
        ("list", &shape.list, Some(true), false),
    ];
    for (name, op, readonly, idempotent) in rules {
        let Some(op) = op.as_ref().map(|r| r.target.as_str()).filter(|op| ix.kind(op) == Some("operation")) else { continue };
        match readonly {
            Some(true) if !ix.has(op, ids::READONLY) => out.error(id, format!("the `{name}` operation `{op}` must be `@readonly`")),
            Some(false) if ix.has(op, ids::READONLY) => out.error(id, format!("the `{name}` operation `{op}` must not be `@readonly`")),
            _ => {}
        }
        if idempotent && !ix.has(op, ids::IDEMPOTENT) {
            out.error(id, format!("the `{name}` operation `{op}` must be `@idempotent`"));
        }
    }
}

/// Identifier name to the input members binding it: by `@resourceIdentifier`, or by being a
/// required member with the identifier's name and target.
fn bound_identifiers<'a>(ix: &Index<'a>, op: &str, identifiers: &BTreeMap<String, ShapeRef>) -> BTreeMap<String, Vec<&'a str>> {
    let mut bound: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let Some(input) = ix.shape(op).and_then(|o| o.input.as_ref()).and_then(|i| ix.shape(&i.target)) else { return bound };
    for (name, m) in &input.members {
        let implicit = m.traits.contains_key(ids::REQUIRED) && identifiers.get(name).is_some_and(|t| t.target == m.target);
        match m.traits.get(ids::RESOURCE_IDENTIFIER).and_then(Value::as_str) {
            Some(ident) => bound.entry(ident.to_owned()).or_default().push(name),
            None if implicit => bound.entry(name.clone()).or_default().push(name),
            None => {}
        }
    }
    bound
}

fn bindings(ix: &Index, out: &mut Out, id: &str, shape: &Shape, parents: &BTreeMap<&str, &str>) {
    let own: BTreeSet<&str> = shape.identifiers.keys().map(String::as_str).collect();
    let parent_ids: BTreeSet<&str> =
        parents.get(id).and_then(|p| ix.shape(p)).map(|p| p.identifiers.keys().map(String::as_str).collect()).unwrap_or_default();
    let instance = [&shape.put, &shape.read, &shape.update, &shape.delete].into_iter().flatten().chain(&shape.operations);
    for op in instance.map(|r| r.target.as_str()).filter(|op| ix.kind(op) == Some("operation")) {
        let bound = bound_identifiers(ix, op, &shape.identifiers);
        let missing: Vec<&&str> = own.iter().filter(|i| !bound.contains_key(**i)).collect();
        if !missing.is_empty() {
            let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
            out.error(op, format!("as an instance operation of the resource `{id}`, its input must bind the identifiers {list} (a required member of that name, or `@resourceIdentifier`)"));
        }
    }
    let collection = [&shape.create, &shape.list].into_iter().flatten().chain(&shape.collection_operations);
    for op in collection.map(|r| r.target.as_str()).filter(|op| ix.kind(op) == Some("operation")) {
        let bound = bound_identifiers(ix, op, &shape.identifiers);
        if !own.is_empty() && own.len() > parent_ids.len() && own.iter().all(|i| bound.contains_key(*i)) {
            out.error(
                op,
                format!("as a collection operation of the resource `{id}`, its input must not bind all of the resource's identifiers"),
            );
        }
        let missing: Vec<String> = parent_ids.iter().filter(|i| !bound.contains_key(**i)).map(|i| format!("`{i}`")).collect();
        if !missing.is_empty() {
            out.error(
                op,
                format!("as an operation of `{id}`, a child resource, its input must bind the parent's identifiers {}", missing.join(", ")),
            );
        }
    }
}

/// Two members of a structure bound to the same identifier by `@resourceIdentifier`.
fn conflicting_bindings(out: &mut Out, id: &str, shape: &Shape) {
    let mut by_ident: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, m) in &shape.members {
        if let Some(ident) = m.traits.get(ids::RESOURCE_IDENTIFIER).and_then(Value::as_str) {
            by_ident.entry(ident).or_default().push(name);
        }
    }
    for (ident, names) in by_ident.into_iter().filter(|(_, n)| n.len() > 1) {
        out.error(id, format!("members {} are all bound to the resource identifier `{ident}`", names.join(", ")));
    }
}

/// A child resource has every identifier of its parent, with the same target.
fn child_identifiers(ix: &Index, out: &mut Out, id: &str, shape: &Shape) {
    for child_id in shape.resources.iter().map(|r| r.target.as_str()) {
        let Some(child) = ix.shape(child_id).filter(|c| c.kind == "resource") else { continue };
        for (name, target) in &shape.identifiers {
            match child.identifiers.get(name) {
                None => out.error(child_id, format!("as a child of `{id}`, the resource must have its identifier `{name}`")),
                Some(t) if t.target != target.target => out.error(
                    child_id,
                    format!("the identifier `{name}` must target `{}` as it does in the parent `{id}`, not `{}`", target.target, t.target),
                ),
                Some(_) => {}
            }
        }
    }
}

/// A resource that is its own ancestor.
fn cycle(ix: &Index, out: &mut Out, id: &str) {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = ix.shape(id).map(|s| s.resources.iter().map(|r| r.target.as_str()).collect()).unwrap_or_default();
    while let Some(next) = stack.pop() {
        if next == id {
            return out.error(id, "the resource is bound, directly or through other resources, to itself".into());
        }
        if seen.insert(next) {
            stack.extend(ix.shape(next).into_iter().flat_map(|s| s.resources.iter().map(|r| r.target.as_str())));
        }
    }
}

/// Each operation and resource is bound once in a service's closure.
fn bound_once(ix: &Index, out: &mut Out, service: &str) {
    let mut binders: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![service];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(shape) = ix.shape(id) else { continue };
        let lifecycle = [&shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list];
        let bound =
            shape.operations.iter().chain(&shape.collection_operations).chain(&shape.resources).chain(lifecycle.into_iter().flatten());
        for r in bound {
            binders.entry(r.target.as_str()).or_default().insert(id);
            stack.push(r.target.as_str());
        }
    }
    for (shape, by) in binders.into_iter().filter(|(_, by)| by.len() > 1) {
        let kind = ix.kind(shape).unwrap_or("shape");
        let list = by.iter().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", ");
        out.error(shape, format!("a {kind} may be bound only once in the service `{service}`, but {list} all bind it"));
    }
}
