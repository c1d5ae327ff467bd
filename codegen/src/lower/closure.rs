//! The service closure: which shapes a service reaches, and whether they are well formed.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::{MemberDef, Shape};
use crate::diagnostics::Diagnostic;

/// Shape kinds that can be the value of a member.
const DATA_KINDS: &[&str] = &[
    "blob", "boolean", "string", "byte", "short", "integer", "long", "float", "double",
    "bigInteger", "bigDecimal", "timestamp", "document", "enum", "intEnum", "list", "set",
    "map", "structure", "union",
];

/// Every shape kind the generator understands.
const KNOWN_KINDS: &[&str] = &["service", "resource", "operation"];

/// Picks the service to generate: the one named, or the only one in the model.
pub fn select_service<'a>(
    shapes: &'a BTreeMap<String, Shape>,
    wanted: Option<&str>,
) -> Result<(&'a str, &'a Shape), Diagnostic> {
    let services: Vec<(&String, &Shape)> = shapes.iter().filter(|(_, s)| s.kind == "service").collect();
    if let Some(id) = wanted {
        return services
            .iter()
            .find(|(sid, _)| sid.as_str() == id)
            .map(|(sid, s)| (sid.as_str(), *s))
            .ok_or_else(|| Diagnostic::shape(id, "the requested service is not defined in the model".into()));
    }
    match services.as_slice() {
        [(id, shape)] => Ok((id.as_str(), shape)),
        [] => Err(Diagnostic::model("the model defines no service shape".into())),
        many => {
            let ids: Vec<&str> = many.iter().map(|(id, _)| id.as_str()).collect();
            let msg = format!("the model defines {} services ({}); name one to generate", ids.len(), ids.join(", "));
            Err(Diagnostic::model(msg))
        }
    }
}

/// Collects the ids of every shape the service reaches and reports every malformed one.
pub fn service_closure(
    shapes: &BTreeMap<String, Shape>,
    service_id: &str,
) -> Result<BTreeSet<String>, Vec<Diagnostic>> {
    let mut seen = BTreeSet::new();
    let mut queue = vec![service_id.to_owned()];
    let mut problems = Vec::new();
    while let Some(id) = queue.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = shapes.get(&id) else { continue };
        problems.extend(check_shape(shapes, &id, shape));
        for target in shape.references() {
            if shapes.contains_key(target) && !seen.contains(target) {
                queue.push(target.to_owned());
            }
        }
    }
    if problems.is_empty() {
        Ok(seen)
    } else {
        problems.sort();
        problems.dedup();
        Err(problems)
    }
}

fn check_shape(shapes: &BTreeMap<String, Shape>, id: &str, shape: &Shape) -> Vec<Diagnostic> {
    let kind = shape.kind.as_str();
    if !DATA_KINDS.contains(&kind) && !KNOWN_KINDS.contains(&kind) {
        return vec![Diagnostic::shape(id, format!("unsupported shape type `{kind}`"))];
    }
    let mut problems = Vec::new();
    match kind {
        "structure" | "union" => {
            for (name, member) in &shape.members {
                problems.extend(check_data_target(shapes, &format!("{id}${name}"), member));
            }
        }
        "list" | "set" => problems.extend(check_list(shapes, id, shape)),
        "map" => problems.extend(check_map(shapes, id, shape)),
        "enum" | "intEnum" if shape.members.is_empty() => {
            problems.push(Diagnostic::shape(id, format!("{kind} has no members")));
        }
        "operation" => problems.extend(check_operation(shapes, id, shape)),
        "service" | "resource" => problems.extend(check_bindings(shapes, id, shape)),
        _ => {}
    }
    problems
}

fn check_data_target(shapes: &BTreeMap<String, Shape>, member_id: &str, member: &MemberDef) -> Option<Diagnostic> {
    match shapes.get(&member.target) {
        None => Some(Diagnostic::shape(member_id, format!("targets `{}`, which is not defined{}", member.target, hint(shapes, &member.target)))),
        Some(t) if !DATA_KINDS.contains(&t.kind.as_str()) => Some(Diagnostic::shape(
            member_id,
            format!("targets `{}`, a {}, but a member must target a data shape", member.target, t.kind),
        )),
        Some(_) => None,
    }
}

fn check_list(shapes: &BTreeMap<String, Shape>, id: &str, shape: &Shape) -> Vec<Diagnostic> {
    match &shape.member {
        None => vec![Diagnostic::shape(id, "list has no `member`".into())],
        Some(m) => check_data_target(shapes, &format!("{id}$member"), m).into_iter().collect(),
    }
}

fn check_map(shapes: &BTreeMap<String, Shape>, id: &str, shape: &Shape) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (part, def) in [("key", &shape.key), ("value", &shape.value)] {
        match def {
            None => problems.push(Diagnostic::shape(id, format!("map has no `{part}`"))),
            Some(m) => problems.extend(check_data_target(shapes, &format!("{id}${part}"), m)),
        }
    }
    if let Some(key) = &shape.key {
        if let Some(t) = shapes.get(&key.target) {
            if t.kind != "string" && t.kind != "enum" {
                let msg = format!("map key targets `{}`, a {}, but map keys must be strings", key.target, t.kind);
                problems.push(Diagnostic::shape(&format!("{id}$key"), msg));
            }
        }
    }
    problems
}

fn check_operation(shapes: &BTreeMap<String, Shape>, id: &str, shape: &Shape) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (role, r) in [("input", &shape.input), ("output", &shape.output)] {
        let Some(r) = r else { continue };
        match shapes.get(&r.target) {
            None => problems.push(Diagnostic::shape(id, format!("{role} `{}` is not defined{}", r.target, hint(shapes, &r.target)))),
            Some(t) if t.kind != "structure" => {
                let msg = format!("{role} `{}` is a {}, but must be a structure", r.target, t.kind);
                problems.push(Diagnostic::shape(id, msg));
            }
            Some(_) => {}
        }
    }
    problems.extend(check_errors(shapes, id, &shape.errors));
    problems
}

/// Checks that every listed error exists and is an `@error` structure.
pub fn check_errors(shapes: &BTreeMap<String, Shape>, id: &str, errors: &[crate::ast::ShapeRef]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for e in errors {
        match shapes.get(&e.target) {
            None => problems.push(Diagnostic::shape(id, format!("error `{}` is not defined{}", e.target, hint(shapes, &e.target)))),
            Some(t) if t.kind != "structure" || !t.traits.contains_key("smithy.api#error") => {
                let msg = format!("lists `{}` as an error, but it is not a structure with @error", e.target);
                problems.push(Diagnostic::shape(id, msg));
            }
            Some(_) => {}
        }
    }
    problems
}

fn check_bindings(shapes: &BTreeMap<String, Shape>, id: &str, shape: &Shape) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let ops = shape.operations.iter().chain(&shape.collection_operations);
    let lifecycle = [&shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list];
    let ops = ops.chain(lifecycle.into_iter().flatten());
    for r in ops {
        problems.extend(expect_kind(shapes, id, &r.target, "operation"));
    }
    for r in &shape.resources {
        problems.extend(expect_kind(shapes, id, &r.target, "resource"));
    }
    if shape.kind == "service" {
        problems.extend(check_errors(shapes, id, &shape.errors));
    }
    problems
}

fn expect_kind(shapes: &BTreeMap<String, Shape>, id: &str, target: &str, kind: &str) -> Option<Diagnostic> {
    match shapes.get(target) {
        None => Some(Diagnostic::shape(id, format!("binds {kind} `{target}`, which is not defined{}", hint(shapes, target)))),
        Some(t) if t.kind != kind => Some(Diagnostic::shape(id, format!("binds `{target}` as an {kind}, but it is a {}", t.kind))),
        Some(_) => None,
    }
}

/// "; did you mean `ns#Name`?" for a shape id that is not defined, when one close to it is.
fn hint(shapes: &BTreeMap<String, Shape>, missing: &str) -> String {
    let close = super::suggest::did_you_mean(missing, shapes.keys().map(String::as_str));
    close.map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}

/// The operations a service binds, directly or through resources, sorted by shape id.
pub fn service_operations(shapes: &BTreeMap<String, Shape>, service: &Shape) -> Vec<String> {
    let mut ops = BTreeSet::new();
    let mut resources: Vec<&Shape> = vec![service];
    let mut visited = BTreeSet::new();
    while let Some(container) = resources.pop() {
        let lifecycle = [&container.create, &container.put, &container.read, &container.update, &container.delete, &container.list];
        let bound = container.operations.iter().chain(&container.collection_operations).chain(lifecycle.into_iter().flatten());
        for r in bound {
            if shapes.get(&r.target).is_some_and(|s| s.kind == "operation") {
                ops.insert(r.target.clone());
            }
        }
        for r in &container.resources {
            if visited.insert(r.target.clone()) {
                resources.extend(shapes.get(&r.target));
            }
        }
    }
    ops.into_iter().collect()
}
