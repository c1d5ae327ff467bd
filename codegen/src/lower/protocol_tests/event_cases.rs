//! `smithy.test#eventStreamTests` client cases: the input and the events it sends, the initial
//! response and the messages the output receives, and the expected outcome.

use serde_json::Value;

use super::params::{param, struct_param, At};
use super::http_message;
use crate::ir::{Binding, Crate, EventStreamCase, EventStreamTypes, ExpectedFailure, HttpMessage, Member, ParamValue, ProtocolTestKind, RustType, SentEvent, SentItem, Structure};

/// The case as a runnable exchange, or why it cannot run. `at` is where the case sits in its
/// shape's JSON.
pub(super) fn event_stream_case(c: &Crate, op: usize, case: &Value, at: &At<'_>) -> Result<ProtocolTestKind, String> {
    let op = &c.operations[op];
    let (input, output) = (&c.structures[op.input], &c.structures[op.output]);
    let input_stream = stream_member(input);
    let output_stream = stream_member(output);
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for (i, event) in case.get("events").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let at = at.child("events").child(&i.to_string()).child("params");
        match event.get("type").and_then(Value::as_str) {
            Some("request") => sent.push(sent_event(c, input_stream, event, &at)?),
            Some("response") => received.push(received_event(c, output_stream, event, &at)?),
            other => return Err(format!("unknown event type {other:?}")),
        }
    }
    let mut input_value = struct_param(c, &input.path, case.get("initialRequestParams").unwrap_or(&Value::Null), &at.child("initialRequestParams"))?;
    if let (Some(member), ParamValue::Struct { fields, .. }) = (input_stream, &mut input_value) {
        let events = sent.iter().map(|e| e.value.clone()).collect();
        fields.push((member.accessor.clone(), false, ParamValue::Events(events)));
    }
    let output_value = case
        .get("initialResponseParams")
        .map(|v| struct_param(c, &output.path, v, &at.child("initialResponseParams")))
        .transpose()?;
    Ok(ProtocolTestKind::EventStream(Box::new(EventStreamCase {
        input: input_value,
        input_stream: input_stream.map(|m| m.accessor.clone()),
        sent,
        request: case.get("initialRequest").map(http_message),
        response: case.get("initialResponse").map(http_message).unwrap_or_else(|| HttpMessage { code: 200, ..Default::default() }),
        received,
        output_stream: output_stream.map(|m| m.field.clone()),
        output: output_value,
        failure: failure(c, op, output_stream, case)?,
    })))
}

/// The member of an input or output that is its event stream.
fn stream_member(s: &Structure) -> Option<&Member> {
    s.members.iter().find(|m| m.binding == Binding::EventStream)
}

fn stream_types(m: &Member) -> Option<&EventStreamTypes> {
    match &m.ty {
        RustType::EventReceiver(t) | RustType::EventSender(t) => Some(t),
        _ => None,
    }
}

fn sent_event(c: &Crate, stream: Option<&Member>, event: &Value, at: &At<'_>) -> Result<SentEvent, String> {
    let types = stream.and_then(stream_types).ok_or("the case sends events, and the input has no event stream")?;
    let params = event.get("params").ok_or("the case sends an unmodelled event, which a client cannot build")?;
    let value = match sent_error(c, types, params, at)? {
        Some(error) => SentItem::Error(error),
        None => SentItem::Event(param(c, &RustType::Union(types.event.clone()), params, at)?),
    };
    let list = |k: &str| -> Vec<String> {
        event.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
    };
    let mut headers = Vec::new();
    for (name, typed) in event.get("headers").and_then(Value::as_object).into_iter().flatten() {
        let (kind, value) = typed.as_object().and_then(|o| o.iter().next()).ok_or_else(|| format!("header `{name}` has no typed value"))?;
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        headers.push((name.clone(), kind.clone(), text));
    }
    headers.sort();
    let text = |k: &str| event.get(k).and_then(Value::as_str).map(str::to_owned);
    Ok(SentEvent {
        value,
        headers,
        forbid_headers: list("forbidHeaders"),
        require_headers: list("requireHeaders"),
        body: text("body"),
        body_media_type: text("bodyMediaType"),
    })
}

fn received_event(c: &Crate, stream: Option<&Member>, event: &Value, at: &At<'_>) -> Result<(String, Option<ParamValue>), String> {
    let bytes = event.get("bytes").and_then(Value::as_str).ok_or("a received event without `bytes` cannot be replayed")?;
    let value = match (event.get("params"), stream.and_then(stream_types)) {
        (None, _) => None,
        (Some(params), Some(types)) => {
            // An error member's params describe the exception, which the expectation checks.
            match param(c, &RustType::Union(types.event.clone()), params, at) {
                Ok(v) => Some(v),
                Err(_) if is_error_params(c, types, params) => None,
                Err(e) => return Err(e),
            }
        }
        (Some(_), None) => return Err("the case receives events, and the output has no event stream".to_owned()),
    };
    Ok((bytes.to_owned(), value))
}

/// The error enum of the stream whose types these are.
fn stream_errors<'c>(c: &'c Crate, types: &EventStreamTypes) -> Option<&'c crate::ir::EventStreamErrors> {
    c.unions.iter().find(|u| u.name == types.event.name).and_then(|u| u.event_stream.as_ref())
}

/// The stream's error enum variant that an event's params name (`{"<error member>": {...}}`),
/// when they name one of its error members.
fn sent_error(c: &Crate, types: &EventStreamTypes, params: &Value, at: &At<'_>) -> Result<Option<ParamValue>, String> {
    let Some(errors) = stream_errors(c, types) else { return Ok(None) };
    let Some((member, fields)) = params.as_object().filter(|o| o.len() == 1).and_then(|o| o.iter().next()) else { return Ok(None) };
    let Some((_, variant)) = errors.variants.iter().find(|(name, _)| name == member) else { return Ok(None) };
    let value = struct_param(c, &variant.path, fields, &at.child(member))?;
    Ok(Some(ParamValue::Union { path: types.error.clone(), variant: variant.path.name.clone(), boxed: false, value: Some(Box::new(value)) }))
}

/// Whether an event's params name one of the stream's error members.
fn is_error_params(c: &Crate, types: &EventStreamTypes, params: &Value) -> bool {
    let Some(errors) = stream_errors(c, types) else { return false };
    params.as_object().is_some_and(|o| o.keys().any(|k| errors.variants.iter().any(|(member, _)| member == k)))
}

fn failure(c: &Crate, op: &crate::ir::Operation, stream: Option<&Member>, case: &Value) -> Result<Option<ExpectedFailure>, String> {
    let Some(failure) = case.pointer("/expectation/failure") else { return Ok(None) };
    let Some(error_id) = failure.get("errorId").and_then(Value::as_str) else { return Ok(Some(ExpectedFailure::Any)) };
    if let Some(e) = op.errors.iter().find(|e| e.shape_id == error_id) {
        return Ok(Some(ExpectedFailure::Operation(e.path.name.clone())));
    }
    let types = stream.and_then(stream_types);
    let stream_errors = types.and_then(|t| stream_errors(c, t));
    match (types, stream_errors.and_then(|errors| errors.variants.iter().find(|(_, e)| e.shape_id == error_id))) {
        (Some(t), Some((_, e))) => Ok(Some(ExpectedFailure::Stream { error: t.error.clone(), variant: e.path.name.clone() })),
        _ => Err(format!("the expected error `{error_id}` is neither the operation's nor its stream's")),
    }
}
