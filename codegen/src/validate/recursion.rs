//! Recursion that makes values impossible or infinite: a list or map that contains itself with
//! no structure or union between, a structure that requires itself through required members,
//! a union none of whose members can ever be given a finite value.

use std::collections::{BTreeMap, BTreeSet};

use super::index::{ids, members, Index};
use super::{Ctx, Out};

pub fn check(cx: &Ctx, out: &mut Out) {
    let collections: Vec<&str> =
        cx.ix.shape_ids().filter(|(_, s)| matches!(s.kind.as_str(), "list" | "set" | "map")).map(|(id, _)| id.as_str()).collect();
    for id in in_cycles(cx.ix, &collections, collection_edges) {
        out.error(id, "the collection contains itself with no structure or union in between, so no value of it can be written".into());
    }
    let structures: Vec<&str> = cx.ix.shape_ids().filter(|(_, s)| s.kind == "structure").map(|(id, _)| id.as_str()).collect();
    for id in in_cycles(cx.ix, &structures, required_edges) {
        out.error(id, "the structure requires itself through required members, so no value of it can be written".into());
    }
    let buildable = buildable(cx.ix);
    for (id, _) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "union") {
        if !buildable.contains(id.as_str()) {
            out.error(id, "every member of the union leads back to it, so no value of it can be written".into());
        }
    }
}

/// Targets of a list's or map's members that are lists or maps.
fn collection_edges<'a>(ix: &Index<'a>, id: &str) -> Vec<&'a str> {
    let Some(shape) = ix.shape(id) else { return Vec::new() };
    let slots = [&shape.member, &shape.value];
    slots.into_iter().flatten().map(|m| m.target.as_str()).filter(|t| matches!(ix.kind(t), Some("list" | "set" | "map"))).collect()
}

fn is_required(m: &crate::ast::MemberDef) -> bool {
    m.traits.contains_key(ids::REQUIRED) && !m.traits.contains_key(ids::DEFAULT)
}

/// Structures a structure's required members (without a default) target.
fn required_edges<'a>(ix: &Index<'a>, id: &str) -> Vec<&'a str> {
    let Some(shape) = ix.shape(id) else { return Vec::new() };
    shape.members.values().filter(|m| is_required(m)).map(|m| m.target.as_str()).filter(|t| ix.kind(t) == Some("structure")).collect()
}

/// The nodes that lie on a cycle of `edges` (strongly connected components with more than one
/// node, or a node with an edge to itself): Tarjan's algorithm, without recursion.
fn in_cycles<'a>(ix: &Index<'a>, nodes: &[&'a str], edges: fn(&Index<'a>, &str) -> Vec<&'a str>) -> Vec<&'a str> {
    let pos: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let adj: Vec<Vec<usize>> = nodes.iter().map(|n| edges(ix, n).iter().filter_map(|t| pos.get(t).copied()).collect()).collect();
    let (mut index, mut low, mut on) = (vec![usize::MAX; nodes.len()], vec![0; nodes.len()], vec![false; nodes.len()]);
    let (mut counter, mut stack, mut cyclic) = (0, Vec::new(), Vec::new());
    for root in 0..nodes.len() {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0)];
        while let Some((v, i)) = work.pop() {
            if i == 0 {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on[v] = true;
            }
            if let Some(&w) = adj[v].get(i) {
                work.push((v, i + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 || adj[v].contains(&v) {
                    cyclic.extend(component.into_iter().map(|n| nodes[n]));
                }
            }
        }
    }
    cyclic
}

/// Shapes that have a finite value: simple shapes and collections (which may be empty), a
/// structure whose required members all do, a union with one member that does. Computed from
/// the shapes known to be buildable outwards, each dependency counted once.
fn buildable<'a>(ix: &Index<'a>) -> BTreeSet<&'a str> {
    let aggregates: BTreeMap<&str, &crate::ast::Shape> =
        ix.shape_ids().filter(|(_, s)| matches!(s.kind.as_str(), "structure" | "union")).map(|(id, s)| (id.as_str(), s)).collect();
    // What each aggregate still waits for, and who waits for each aggregate.
    let mut waiting: BTreeMap<&str, usize> = BTreeMap::new();
    let mut waiters: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut ready: Vec<&str> = Vec::new();
    for (id, shape) in &aggregates {
        let union = shape.kind == "union";
        let deps: Vec<&str> = members(shape).into_iter().filter(|(_, m)| union || is_required(m)).map(|(_, m)| m.target.as_str()).collect();
        let pending: Vec<&str> = deps.iter().copied().filter(|t| aggregates.contains_key(t)).collect();
        let free = deps.len() > pending.len();
        if (union && free) || (!union && pending.is_empty()) {
            ready.push(id);
            continue;
        }
        waiting.insert(id, if union { 1 } else { pending.len() });
        for t in pending {
            waiters.entry(t).or_default().push(id);
        }
    }
    let mut done = BTreeSet::new();
    while let Some(id) = ready.pop() {
        if !done.insert(id) {
            continue;
        }
        for w in waiters.get(id).into_iter().flatten() {
            if let Some(n) = waiting.get_mut(w).filter(|n| **n > 0) {
                *n -= 1;
                if *n == 0 {
                    ready.push(w);
                }
            }
        }
    }
    done
}
