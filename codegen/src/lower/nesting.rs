//! Collections nested in collections: a chain of lists and maps becomes one nested Rust type
//! (`Vec<Vec<..>>`), and everything that walks types (lowering, token building, syn and
//! prettyplease) recurses once per level. Chains deeper than [`MAX_COLLECTION_NESTING`], and
//! collections that contain themselves without a structure or union in between (an infinite
//! type), are rejected with a diagnostic instead of overflowing the stack.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::Shape;
use crate::diagnostics::Diagnostic;

/// Deepest chain of lists and maps a model may have.
pub const MAX_COLLECTION_NESTING: usize = 32;

/// The collections a list, set or map holds directly.
fn elements(shape: &Shape) -> Vec<&str> {
    match shape.kind.as_str() {
        "list" | "set" => shape.member.iter().map(|m| m.target.as_str()).collect(),
        "map" => [&shape.key, &shape.value].into_iter().flatten().map(|m| m.target.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// One diagnostic per chain that is too deep (on the shape where it passes the limit) and per
/// collection that contains itself.
pub fn check(shapes: &BTreeMap<String, Shape>, reachable: &BTreeSet<String>) -> Vec<Diagnostic> {
    let is_collection = |id: &str| shapes.get(id).is_some_and(|s| matches!(s.kind.as_str(), "list" | "set" | "map"));
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for start in reachable.iter().map(String::as_str).filter(|id| is_collection(id)) {
        // Depth-first, with an explicit stack so that a chain of any length is walked without
        // recursion. `true` marks a shape whose elements have all been measured.
        let mut stack: Vec<(&str, bool)> = vec![(start, false)];
        let mut on_path: BTreeSet<&str> = BTreeSet::new();
        while let Some((id, measured)) = stack.pop() {
            let Some(shape) = shapes.get(id) else { continue };
            if measured {
                on_path.remove(id);
                let inner = elements(shape).iter().filter_map(|e| depth.get(e)).copied().max().unwrap_or(0);
                let d = inner + 1;
                if d == MAX_COLLECTION_NESTING + 1 {
                    let msg = format!(
                        "collections are nested {d} levels deep here; at most {MAX_COLLECTION_NESTING} levels of lists and maps are supported"
                    );
                    problems.push(Diagnostic::shape(id, msg));
                }
                depth.insert(id, d);
                continue;
            }
            if depth.contains_key(id) {
                continue;
            }
            if !on_path.insert(id) {
                continue;
            }
            stack.push((id, true));
            for e in elements(shape).into_iter().filter(|e| is_collection(e)) {
                if on_path.contains(e) {
                    let msg = format!("the collection contains itself through `{e}` with no structure or union in between, which has no finite type");
                    problems.push(Diagnostic::shape(id, msg));
                } else if !depth.contains_key(e) {
                    stack.push((e, false));
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}
