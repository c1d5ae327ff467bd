//! Recursive boxing: which members become `Box<T>` so that recursive types have a finite size.
//!
//! Until nothing changes: take the members that lie on a reference cycle through structures and
//! unions only (lists and maps already allocate), and box the one with the smallest member id.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::Shape;

/// A member id, `ns#Shape$member`.
pub type MemberId = String;

/// Computes the boxed members of the given shapes.
pub fn boxed_members(shapes: &BTreeMap<String, Shape>, closure: &BTreeSet<String>) -> BTreeSet<MemberId> {
    let edges = direct_edges(shapes, closure);
    let mut boxed = BTreeSet::new();
    while let Some(member) = smallest_cyclic_member(&edges, &boxed) {
        boxed.insert(member);
    }
    boxed
}

/// (member id, from shape, to shape) for every struct/union member that targets a struct/union.
fn direct_edges(shapes: &BTreeMap<String, Shape>, closure: &BTreeSet<String>) -> Vec<(MemberId, String, String)> {
    let is_aggregate = |id: &str| shapes.get(id).is_some_and(|s| s.kind == "structure" || s.kind == "union");
    let mut edges = Vec::new();
    for id in closure {
        let Some(shape) = shapes.get(id) else { continue };
        if shape.kind != "structure" && shape.kind != "union" {
            continue;
        }
        for (name, member) in &shape.members {
            if is_aggregate(&member.target) {
                edges.push((format!("{id}${name}"), id.clone(), member.target.clone()));
            }
        }
    }
    edges.sort();
    edges
}

/// The smallest unboxed member whose edge lies on a cycle: an edge is on a cycle exactly when
/// both its ends are in the same strongly connected component.
fn smallest_cyclic_member(edges: &[(MemberId, String, String)], boxed: &BTreeSet<MemberId>) -> Option<MemberId> {
    let live: Vec<&(MemberId, String, String)> = edges.iter().filter(|(member, _, _)| !boxed.contains(member)).collect();
    let component = components(&live);
    live.iter()
        .find(|(_, from, to)| component.get(from.as_str()) == component.get(to.as_str()))
        .map(|(member, _, _)| member.clone())
}

/// The strongly connected component of every node (Kosaraju's algorithm, without recursion so
/// that a chain of any length is handled).
fn components<'e>(edges: &[&'e (MemberId, String, String)]) -> BTreeMap<&'e str, usize> {
    let mut forward: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut backward: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, from, to) in edges {
        forward.entry(from.as_str()).or_default().push(to.as_str());
        backward.entry(to.as_str()).or_default().push(from.as_str());
        forward.entry(to.as_str()).or_default();
        backward.entry(from.as_str()).or_default();
    }
    // First pass: nodes in order of finishing.
    let mut finished: Vec<&str> = Vec::with_capacity(forward.len());
    let mut visited: BTreeSet<&str> = BTreeSet::new();
    for &root in forward.keys() {
        if !visited.insert(root) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        while let Some((node, next)) = stack.pop() {
            let successors = &forward[node];
            if let Some(&succ) = successors.get(next) {
                stack.push((node, next + 1));
                if visited.insert(succ) {
                    stack.push((succ, 0));
                }
            } else {
                finished.push(node);
            }
        }
    }
    // Second pass, on the reversed graph, latest-finished first: each tree is a component.
    let mut component: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, &root) in finished.iter().rev().enumerate() {
        if component.contains_key(root) {
            continue;
        }
        let mut stack = vec![root];
        component.insert(root, index);
        while let Some(node) = stack.pop() {
            for &pred in &backward[node] {
                if !component.contains_key(pred) {
                    component.insert(pred, index);
                    stack.push(pred);
                }
            }
        }
    }
    component
}
