//! `@paginated`: with the service's settings merged in, `inputToken` and `outputToken` are set
//! (within a service), each name is a member of the input (`inputToken`, `pageSize`: a top-level
//! member) or the output (`outputToken`, `items`: a member or a `.` path), of the right kind
//! (tokens strings or maps, `items` lists or maps, `pageSize` an integer), and the input token
//! is not required.

use serde_json::{Map, Value};

use super::index::{ids, service_operations, Index};
use super::{Ctx, Out};
use crate::ast::MemberDef;

pub fn check(cx: &Ctx, out: &mut Out) {
    let services: Vec<(&String, Option<&Value>)> =
        cx.ix.shape_ids().filter(|(_, s)| s.kind == "service").map(|(id, s)| (id, s.traits.get(ids::PAGINATED))).collect();
    let bindings: Vec<(&String, Option<&Value>, std::collections::BTreeSet<String>)> =
        services.into_iter().map(|(id, p)| (id, p, service_operations(cx.ix, id))).collect();
    for (id, shape) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "operation") {
        let Some(own) = shape.traits.get(ids::PAGINATED).and_then(Value::as_object) else { continue };
        let mut in_service = false;
        for (service, defaults, _) in bindings.iter().filter(|(_, _, ops)| ops.contains(id.as_str())) {
            in_service = true;
            let mut merged = defaults.and_then(Value::as_object).cloned().unwrap_or_default();
            merged.extend(own.clone());
            for key in ["inputToken", "outputToken"].iter().filter(|k| !merged.contains_key(**k)) {
                out.error(id, format!("within the service `{service}`, the `@paginated` `{key}` is not set"));
            }
            settings(cx.ix, out, id, &merged);
        }
        if !in_service {
            settings(cx.ix, out, id, own);
        }
    }
}

fn settings(ix: &Index, out: &mut Out, op: &str, config: &Map<String, Value>) {
    let Some(shape) = ix.shape(op) else { return };
    let input = shape.input.as_ref().map_or(ids::UNIT, |r| r.target.as_str());
    let output = shape.output.as_ref().map_or(ids::UNIT, |r| r.target.as_str());
    let rules: [(&str, &str, bool, &[&str]); 4] = [
        ("inputToken", input, false, &["string", "enum", "map"]),
        ("pageSize", input, false, &["byte", "short", "integer", "long", "intEnum"]),
        ("outputToken", output, true, &["string", "enum", "map"]),
        ("items", output, true, &["list", "set", "map"]),
    ];
    for (key, structure, paths, kinds) in rules {
        let Some(name) = config.get(key).and_then(Value::as_str) else { continue };
        if !paths && name.contains('.') {
            out.error(op, format!("the `@paginated` `{key}` must name a top-level member, not a path (`{name}`)"));
            continue;
        }
        let Some(member) = member_at(ix, structure, name) else {
            out.error(op, format!("the `@paginated` `{key}` names `{name}`, which is not a member of `{structure}`"));
            continue;
        };
        let kind = ix.kind(&member.target).unwrap_or("unknown");
        if !kinds.contains(&kind) {
            out.error(
                op,
                format!("the `@paginated` `{key}` member `{name}` targets a {kind}, but must target one of: {}", kinds.join(", ")),
            );
        }
        if key == "inputToken" && member.traits.contains_key(ids::REQUIRED) {
            out.error(op, format!("the `@paginated` `inputToken` member `{name}` must not be `@required`"));
        }
    }
}

/// The member a `.` path names, from a structure down through its members' targets.
fn member_at<'a>(ix: &Index<'a>, structure: &str, path: &str) -> Option<&'a MemberDef> {
    let mut shape = ix.shape(structure)?;
    let mut segments = path.split('.').peekable();
    loop {
        let member = shape.members.get(segments.next()?)?;
        if segments.peek().is_none() {
            return Some(member);
        }
        shape = ix.shape(&member.target)?;
    }
}
