//! Lowering of event streams: a `@streaming` union as an operation member becomes an
//! `EventReceiver` (outputs) or `EventStreamSender` (inputs); the union's error members become
//! the stream's error enum; the members of its events are bound to event headers and payloads.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::members::ERROR;
use super::Ctx;
use crate::ast::{MemberDef, Shape};
use crate::diagnostics::Diagnostic;
use crate::ir::{Binding, EventStreamErrors, EventStreamTypes, Module, RustType, Structure, TypePath, Union};
use crate::naming;

const STREAMING: &str = super::wire::STREAMING;
const EVENT_HEADER: &str = "smithy.api#eventHeader";
const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";

/// Whether a shape is an event stream: a `@streaming` union.
pub fn is_event_stream(shape: &Shape) -> bool {
    shape.kind == "union" && shape.traits.contains_key(STREAMING)
}

/// The members of an event stream union that are errors (`true`) or events (`false`).
fn members_by_role<'s>(shapes: &'s BTreeMap<String, Shape>, union: &'s Shape, errors: bool) -> impl Iterator<Item = (&'s String, &'s MemberDef)> {
    union.members.iter().filter(move |(_, m)| shapes.get(&m.target).is_some_and(|t| t.traits.contains_key(ERROR)) == errors)
}

/// The structures that are events of some event stream in `reachable`.
pub fn event_structures(shapes: &BTreeMap<String, Shape>, reachable: &BTreeSet<String>) -> BTreeSet<String> {
    reachable
        .iter()
        .filter_map(|id| shapes.get(id))
        .filter(|s| is_event_stream(s))
        .flat_map(|u| members_by_role(shapes, u, false).map(|(_, m)| m.target.clone()))
        .collect()
}

/// The name of an event stream's error enum: the union's name and `Error`.
fn error_enum_name(union: &str) -> String {
    format!("{union}Error")
}

/// An event stream's error enum whose name an error structure already takes (both would be
/// `crate::types::error::<Name>`).
pub fn error_enum_collisions(unions: &[Union], structures: &[Structure]) -> Vec<Diagnostic> {
    unions
        .iter()
        .filter_map(|u| Some((u, u.event_stream.as_ref()?)))
        .filter_map(|(u, errors)| {
            let taken = structures.iter().find(|s| s.path.module == Module::TypesError && s.path.name == errors.name)?;
            let why = format!(
                "the errors of the event stream `{}` are the enum `{}`, which the error structure `{}` also names; rename one of them",
                u.shape_id, errors.name, taken.shape_id
            );
            Some(Diagnostic::shape(&u.shape_id, why))
        })
        .collect()
}

impl Ctx<'_> {
    /// The event stream a member targets, if it targets one.
    pub fn event_stream_types(&self, def: &MemberDef) -> Option<EventStreamTypes> {
        let target = self.shapes.get(&def.target)?;
        if !is_event_stream(target) {
            return None;
        }
        let event = self.type_path(&def.target);
        let error = TypePath { module: Module::TypesError, name: error_enum_name(&event.name) };
        Some(EventStreamTypes { event, error })
    }

    /// The Rust type of an operation member that is an event stream.
    pub fn event_stream_member_type(&self, def: &MemberDef, input: bool) -> Option<RustType> {
        let types = self.event_stream_types(def)?;
        Some(if input { RustType::EventSender(types) } else { RustType::EventReceiver(types) })
    }

    /// Where a member of an event structure goes in its message: `@eventHeader` in a header,
    /// `@eventPayload` as the whole payload, anything else in the payload document.
    pub fn event_binding(&self, name: &str, def: &MemberDef) -> Binding {
        if def.traits.contains_key(EVENT_HEADER) {
            Binding::EventHeader(name.to_owned())
        } else if def.traits.contains_key(EVENT_PAYLOAD) {
            Binding::Payload
        } else {
            Binding::Body
        }
    }

    /// Whether a structure is an event of an event stream.
    pub fn is_event_structure(&self, id: &str) -> bool {
        self.event_structs.contains(id)
    }

    /// The error enum of an event stream union, when `shape` is one.
    pub fn event_stream_errors(&self, id: &str, shape: &Shape) -> Option<EventStreamErrors> {
        if !is_event_stream(shape) {
            return None;
        }
        let name = error_enum_name(&self.type_path(id).name);
        let variants = members_by_role(self.shapes, shape, true)
            .filter_map(|(member, def)| Some((member.clone(), self.error_variant(&def.target)?)))
            .collect();
        Some(EventStreamErrors { file_stem: naming::file_stem(&name), name, variants })
    }

    /// Whether a union member is one of an event stream's errors (not an event).
    pub fn is_event_error_member(&self, union: &Shape, def: &MemberDef) -> bool {
        is_event_stream(union) && self.shapes.get(&def.target).is_some_and(|t| t.traits.contains_key(ERROR))
    }

    /// The service's protocol trait lists `h2` in `eventStreamHttp`.
    pub fn event_stream_h2(&self) -> bool {
        self.service
            .traits
            .iter()
            .filter(|(id, _)| id.starts_with("aws.protocols#") || id.starts_with("smithy.protocols#"))
            .filter_map(|(_, v)| v.get("eventStreamHttp").and_then(Value::as_array))
            .flatten()
            .any(|v| v.as_str() == Some("h2"))
    }
}
