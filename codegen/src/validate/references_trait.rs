//! `@references`: each reference names a resource; on a string, a resource with one identifier
//! and no `ids`; on a structure, `ids` that map every identifier of the resource to a string
//! member of the structure (or, without `ids`, members named like the identifiers).

use serde_json::{Map, Value};

use super::index::Index;
use super::{Ctx, Out};
use crate::ast::Shape;

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        let Some(Value::Array(refs)) = shape.traits.get("smithy.api#references") else { continue };
        for r in refs.iter().filter_map(Value::as_object) {
            reference(cx.ix, out, id, shape, r);
        }
    }
}

fn reference(ix: &Index, out: &mut Out, id: &str, shape: &Shape, r: &Map<String, Value>) {
    let Some(resource_id) = r.get("resource").and_then(Value::as_str) else { return };
    let text = Value::Object(r.clone()).to_string();
    let is_string = matches!(shape.kind.as_str(), "string" | "enum");
    if is_string && r.contains_key("ids") {
        return out.error(id, format!("a reference on a string cannot have `ids`: {text}"));
    }
    let Some(resource) = ix.shape(resource_id) else { return };
    if resource.kind != "resource" {
        return out.error(id, format!("a reference must name a resource, but `{resource_id}` is a {}", resource.kind));
    }
    let identifiers: Vec<&str> = resource.identifiers.keys().map(String::as_str).collect();
    if is_string {
        if identifiers.len() != 1 {
            out.error(
                id,
                format!("a reference on a string must name a resource with one identifier, but `{resource_id}` has {}", identifiers.len()),
            );
        }
        return;
    }
    match r.get("ids").and_then(Value::as_object) {
        Some(ids) => explicit(ix, out, id, shape, &text, &identifiers, ids),
        None if r.get("rel").and_then(Value::as_str) != Some("collection") => {
            for ident in identifiers.iter().filter(|i| !shape.members.contains_key(**i)) {
                out.error(
                    id,
                    format!("the reference {text} binds the identifier `{ident}` implicitly, but the structure has no member of that name"),
                );
            }
        }
        None => {}
    }
}

fn explicit(ix: &Index, out: &mut Out, id: &str, shape: &Shape, text: &str, identifiers: &[&str], ids: &Map<String, Value>) {
    for (ident, member) in ids {
        if !identifiers.contains(&ident.as_str()) {
            out.error(id, format!("the reference {text} binds `{ident}`, which is not an identifier of the resource"));
        }
        let Some(member) = member.as_str() else { continue };
        match shape.members.get(member) {
            None => out.error(id, format!("the reference {text} binds `{ident}` to `{member}`, which is not a member of the structure")),
            Some(m) if !matches!(ix.kind(&m.target), Some("string" | "enum")) => {
                out.error(id, format!("the reference {text} binds `{ident}` to `{member}`, which does not target a string"))
            }
            Some(_) => {}
        }
    }
    if ids.len() < identifiers.len() {
        out.error(id, format!("the reference {text} binds {} of the resource's {} identifiers", ids.len(), identifiers.len()));
    }
}
