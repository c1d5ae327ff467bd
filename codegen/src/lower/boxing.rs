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

fn smallest_cyclic_member(edges: &[(MemberId, String, String)], boxed: &BTreeSet<MemberId>) -> Option<MemberId> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (member, from, to) in edges {
        if !boxed.contains(member) {
            graph.entry(from.as_str()).or_default().push(to.as_str());
        }
    }
    edges
        .iter()
        .filter(|(member, _, _)| !boxed.contains(member))
        .find(|(_, from, to)| reaches(&graph, to, from))
        .map(|(member, _, _)| member.clone())
}

fn reaches(graph: &BTreeMap<&str, Vec<&str>>, start: &str, goal: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(node) = stack.pop() {
        if node == goal {
            return true;
        }
        if seen.insert(node) {
            stack.extend(graph.get(node).into_iter().flatten().copied());
        }
    }
    false
}
