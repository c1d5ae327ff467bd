//! References between shapes: every target exists and has a kind its place allows (a member
//! targets data, an operation's input and output are structures that are not errors, its errors
//! are `@error` structures, a service binds operations and resources), `smithy.api#Unit` only
//! where a value may be empty, `@input`/`@output` structures used once, `@private` shapes only
//! from their own namespace.

use std::collections::BTreeMap;

use super::index::{ids, members, trait_name, Index};
use super::{Ctx, Out};
use crate::ast::{Shape, ShapeRef};
use crate::lower::suggest;

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        member_targets(cx, out, id, shape);
        match shape.kind.as_str() {
            "operation" => operation(cx, out, id, shape),
            "service" => service(cx, out, id, shape),
            "resource" => resource(cx, out, id, shape),
            _ => {}
        }
    }
    io_used_once(cx, out);
}

/// The kind of `target`, or an error on `from` saying it is not defined (with the closest id).
/// `what` words the reference the way lowering does (`targets `X`, which is not defined`).
fn resolve<'a>(ix: &Index<'a>, out: &mut Out, from: &str, what: &str, target: &str) -> Option<&'a str> {
    if let Some(kind) = ix.kind(target) {
        return Some(kind);
    }
    let close = suggest::did_you_mean(target, ix.shape_ids().map(|(id, _)| id.as_str()));
    let hint = close.map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
    out.error(from, format!("{}{hint}", what.replace("{}", target)));
    None
}

fn member_targets(cx: &Ctx, out: &mut Out, id: &str, shape: &Shape) {
    for (name, member) in members(shape) {
        let member_id = format!("{id}${name}");
        let Some(kind) = resolve(cx.ix, out, &member_id, "targets `{}`, which is not defined", &member.target) else { continue };
        if matches!(kind, "member" | "operation" | "service" | "resource") {
            out.error(&member_id, format!("targets `{}`, a {kind}, but a member must target a data shape", member.target));
            continue;
        }
        if member.target == ids::UNIT && !matches!(shape.kind.as_str(), "union" | "enum" | "intEnum") {
            out.error(&member_id, "only members of unions, enums and intEnums may target `smithy.api#Unit`".into());
        }
        if shape.kind == "map" && name == "key" && !matches!(kind, "string" | "enum") {
            out.error(&member_id, format!("map key targets `{}`, a {kind}, but map keys must be strings", member.target));
        }
        if cx.ix.is_trait(&member.target) {
            out.error(&member_id, format!("a member cannot target `{}`, a trait definition", member.target));
        }
        for (trait_id, what) in [(ids::INPUT, "@input"), (ids::OUTPUT, "@output")] {
            if cx.ix.has(&member.target, trait_id) {
                out.error(&member_id, format!("a member cannot target `{}`, a structure marked {what}", member.target));
            }
        }
        private_access(cx, out, &member_id, &member.target);
    }
}

fn private_access(cx: &Ctx, out: &mut Out, from: &str, target: &str) {
    let namespace = |id: &str| id.split_once('#').map(|(ns, _)| ns.to_owned());
    if cx.ix.has(target, ids::PRIVATE) && namespace(from) != namespace(target) {
        out.error(from, format!("`{target}` is `@private` to its namespace and cannot be referred to from here"));
    }
}

fn operation(cx: &Ctx, out: &mut Out, id: &str, shape: &Shape) {
    for (what, target) in [("input", &shape.input), ("output", &shape.output)] {
        let Some(target) = target else { continue };
        let Some(kind) = resolve(cx.ix, out, id, &format!("{what} `{{}}` is not defined"), &target.target) else { continue };
        if kind != "structure" {
            out.error(id, format!("{what} `{}` is a {kind}, but must be a structure", target.target));
        } else if cx.ix.has(&target.target, ids::ERROR) {
            out.error(id, format!("the operation's {what} `{}` is an `@error` structure", target.target));
        }
        let wrong = if what == "input" { ids::OUTPUT } else { ids::INPUT };
        if cx.ix.has(&target.target, wrong) {
            out.error(id, format!("the operation's {what} `{}` is marked `@{}`", target.target, trait_name(wrong)));
        }
        private_access(cx, out, id, &target.target);
    }
    errors(cx, out, id, &shape.errors);
}

fn errors(cx: &Ctx, out: &mut Out, id: &str, errors: &[ShapeRef]) {
    for e in errors {
        let Some(kind) = resolve(cx.ix, out, id, "error `{}` is not defined", &e.target) else { continue };
        if kind != "structure" || !cx.ix.has(&e.target, ids::ERROR) {
            out.error(id, format!("lists `{}` as an error, but it is not a structure with @error", e.target));
        }
        private_access(cx, out, id, &e.target);
    }
}

fn service(cx: &Ctx, out: &mut Out, id: &str, shape: &Shape) {
    bindings(cx, out, id, shape);
    errors(cx, out, id, &shape.errors);
}

/// `operations`, `collectionOperations` and `resources` of a service or resource.
fn bindings(cx: &Ctx, out: &mut Out, id: &str, shape: &Shape) {
    let lists = [("operation", &shape.operations), ("operation", &shape.collection_operations), ("resource", &shape.resources)];
    for (want, list) in lists {
        for r in list {
            expect_kind(cx, out, id, want, &r.target);
        }
    }
}

fn expect_kind(cx: &Ctx, out: &mut Out, id: &str, want: &str, target: &str) {
    let Some(kind) = resolve(cx.ix, out, id, &format!("binds {want} `{{}}`, which is not defined"), target) else { return };
    if kind != want {
        out.error(id, format!("`{target}` is bound as an {want} but is a {kind}"));
    }
    private_access(cx, out, id, target);
}

fn resource(cx: &Ctx, out: &mut Out, id: &str, shape: &Shape) {
    bindings(cx, out, id, shape);
    let lifecycle = [&shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list];
    for r in lifecycle.into_iter().flatten() {
        expect_kind(cx, out, id, "operation", &r.target);
    }
    for (name, r) in &shape.identifiers {
        let Some(kind) = resolve(cx.ix, out, id, &format!("identifier `{name}` targets `{{}}`, which is not defined"), &r.target) else {
            continue;
        };
        if !matches!(kind, "string" | "enum") {
            out.error(id, format!("identifier `{name}` must target a string, not the {kind} `{}`", r.target));
        }
    }
    for (name, r) in &shape.properties {
        resolve(cx.ix, out, id, &format!("property `{name}` targets `{{}}`, which is not defined"), &r.target);
    }
}

/// A structure marked `@input` (`@output`) is the input (output) of one operation only.
fn io_used_once(cx: &Ctx, out: &mut Out) {
    let mut users: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (id, shape) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "operation") {
        for (what, target, trait_id) in [("input", &shape.input, ids::INPUT), ("output", &shape.output, ids::OUTPUT)] {
            if let Some(t) = target.as_ref().filter(|t| cx.ix.has(&t.target, trait_id)) {
                users.entry((t.target.as_str(), what)).or_default().push(id);
            }
        }
    }
    for ((target, what), ops) in users.into_iter().filter(|(_, ops)| ops.len() > 1) {
        out.error(target, format!("a structure marked `@{what}` is the {what} of one operation only, but {} use it", ops.join(", ")));
    }
}
