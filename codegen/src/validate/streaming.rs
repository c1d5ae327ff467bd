//! Streams: only an operation's input or output may hold one (no member or error targets a
//! structure that does), an event stream's members are structures, a streamed blob member is
//! `@required` or has a default, and a stream that needs its length is sent, not
//! received.

use super::index::{ids, members, Index};
use super::{Ctx, Out};
use crate::ast::Shape;

pub fn check(cx: &Ctx, out: &mut Out) {
    let ix = cx.ix;
    for (id, shape) in ix.shape_ids() {
        if shape.kind == "union" && shape.traits.contains_key(ids::STREAMING) {
            let wrong: Vec<&str> =
                shape.members.iter().filter(|(_, m)| ix.kind(&m.target) != Some("structure")).map(|(n, _)| n.as_str()).collect();
            if !wrong.is_empty() {
                out.error(id, format!("every member of an event stream must target a structure, but {} do not", wrong.join(", ")));
            }
        }
        for (name, m) in members(shape) {
            let member_id = format!("{id}${name}");
            if holds_stream(ix, &m.target) {
                out.error(&member_id, format!("a member cannot target `{}`, a structure holding a stream", m.target));
            }
            let streamed_blob = ix.kind(&m.target) == Some("blob") && ix.has(&m.target, ids::STREAMING);
            if shape.kind == "structure" && streamed_blob && !m.traits.contains_key(ids::REQUIRED) && !m.traits.contains_key(ids::DEFAULT) {
                out.error(&member_id, "a member targeting a streamed blob must be `@required` or have a `@default` (an empty stream)".into());
            }
        }
        if shape.kind == "operation" {
            operation(ix, out, id, shape);
        }
        if shape.kind == "structure" {
            event_payload(out, id, shape);
        }
    }
}

/// An event with an `@eventPayload` member carries every other member in a header.
fn event_payload(out: &mut Out, id: &str, shape: &Shape) {
    if !shape.members.values().any(|m| m.traits.contains_key("smithy.api#eventPayload")) {
        return;
    }
    let loose: Vec<&str> = shape
        .members
        .iter()
        .filter(|(_, m)| !m.traits.contains_key("smithy.api#eventPayload") && !m.traits.contains_key("smithy.api#eventHeader"))
        .map(|(n, _)| n.as_str())
        .collect();
    if !loose.is_empty() {
        out.error(
            id,
            format!("a member is the `@eventPayload`, so every other member must be an `@eventHeader`, but {} are not", loose.join(", ")),
        );
    }
}

/// Whether a shape is a structure with a member that targets a `@streaming` shape.
fn holds_stream(ix: &Index, id: &str) -> bool {
    ix.shape(id).is_some_and(|s| s.kind == "structure" && s.members.values().any(|m| ix.has(&m.target, ids::STREAMING)))
}

fn operation(ix: &Index, out: &mut Out, id: &str, op: &Shape) {
    for e in op.errors.iter().filter(|e| holds_stream(ix, &e.target)) {
        out.error(id, format!("the error `{}` holds a stream, which an error cannot", e.target));
    }
    for o in op.output.iter().chain(&op.errors) {
        let Some(shape) = ix.shape(&o.target) else { continue };
        if shape.members.values().any(|m| ix.has(&m.target, ids::STREAMING) && ix.has(&m.target, "smithy.api#requiresLength")) {
            out.error(&o.target, format!("a stream marked `@requiresLength` may only be sent, but `{id}` receives it"));
        }
    }
}
