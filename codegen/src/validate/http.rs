//! HTTP bindings of members: no two headers with the same name (case-insensitively), no header
//! inside an `@httpPrefixHeaders` prefix, no two `@httpQuery` members with the same key, every
//! other member bound when one is the `@httpPayload`; a binding where it is ignored (a label in
//! an output) and a header name that is not a token or that the transport owns are warnings.
//! A service whose protocol requires `@http` (restJson1, restXml, or a protocol the model
//! defines that lists `@http`) must give it to every operation.

use std::collections::BTreeMap;

use serde_json::Value;

use super::index::{ids, service_operations, trait_name};
use super::{Ctx, Out};
use crate::ast::Shape;

/// Traits that bind a member to a part of a request.
const REQUEST: &[&str] = &[ids::HTTP_LABEL, ids::HTTP_QUERY, ids::HTTP_QUERY_PARAMS, ids::HTTP_HEADER, ids::HTTP_PREFIX_HEADERS];
/// Traits that bind a member to a part of a response.
const RESPONSE: &[&str] = &[ids::HTTP_HEADER, ids::HTTP_PREFIX_HEADERS, ids::HTTP_RESPONSE_CODE];

/// Headers a client cannot bind: the transport sets them.
const RESTRICTED: &[&str] = &[
    "authorization",
    "connection",
    "expect",
    "host",
    "max-forwards",
    "proxy-authenticate",
    "server",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "www-authenticate",
    "x-forwarded-for",
];

/// How a structure is used: as an operation's input, and as an output or error.
#[derive(Default, Clone, Copy)]
struct Use {
    input: bool,
    output: bool,
}

pub fn check(cx: &Ctx, out: &mut Out) {
    let uses = uses(cx);
    for (id, shape) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "structure") {
        headers(out, id, shape);
        query_keys(out, id, shape);
        let used = uses.get(id.as_str()).copied();
        payload(out, id, shape, used);
        ignored(out, id, shape, used);
    }
    for (id, shape) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "service") {
        bindings_missing(cx, out, id, shape);
    }
}

fn uses<'a>(cx: &Ctx<'a>) -> BTreeMap<&'a str, Use> {
    let mut uses: BTreeMap<&str, Use> = BTreeMap::new();
    for (_, op) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "operation") {
        if let Some(i) = &op.input {
            uses.entry(i.target.as_str()).or_default().input = true;
        }
        for o in op.output.iter().chain(&op.errors) {
            uses.entry(o.target.as_str()).or_default().output = true;
        }
    }
    for (_, service) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "service") {
        for e in &service.errors {
            uses.entry(e.target.as_str()).or_default().output = true;
        }
    }
    uses
}

fn headers(out: &mut Out, id: &str, shape: &Shape) {
    let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let prefixes: Vec<(&str, &str)> = shape
        .members
        .iter()
        .filter_map(|(n, m)| m.traits.get(ids::HTTP_PREFIX_HEADERS).and_then(Value::as_str).map(|p| (n.as_str(), p)))
        .collect();
    for (name, m) in &shape.members {
        let Some(header) = m.traits.get(ids::HTTP_HEADER).and_then(Value::as_str) else { continue };
        let member_id = format!("{id}${name}");
        by_name.entry(header.to_lowercase()).or_default().push(name);
        if header.is_empty() || !header.chars().all(is_tchar) {
            out.warning(&member_id, format!("`{header}` is not a valid HTTP header name"));
        } else if RESTRICTED.contains(&header.to_lowercase().as_str()) {
            out.warning(&member_id, format!("`{header}` is set by the HTTP client itself and should not be bound to a member"));
        }
        for (owner, prefix) in prefixes.iter().filter(|(_, p)| !p.is_empty()) {
            if header.to_lowercase().starts_with(&prefix.to_lowercase()) {
                out.error(
                    &member_id,
                    format!("the header `{header}` starts with `{prefix}`, the `@httpPrefixHeaders` prefix of member `{owner}`"),
                );
            }
        }
    }
    for (header, names) in by_name.into_iter().filter(|(_, n)| n.len() > 1) {
        out.error(id, format!("members {} are all bound to the header `{header}`", quoted(&names)));
    }
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn query_keys(out: &mut Out, id: &str, shape: &Shape) {
    let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, m) in &shape.members {
        if let Some(key) = m.traits.get(ids::HTTP_QUERY).and_then(Value::as_str) {
            by_key.entry(key).or_default().push(name);
        }
    }
    for (key, names) in by_key.into_iter().filter(|(_, n)| n.len() > 1) {
        out.error(id, format!("members {} are all bound to the query parameter `{key}`", quoted(&names)));
    }
}

/// With an `@httpPayload` member, every other member must be bound elsewhere in the message.
fn payload(out: &mut Out, id: &str, shape: &Shape, used: Option<Use>) {
    if !shape.members.values().any(|m| m.traits.contains_key(ids::HTTP_PAYLOAD)) {
        return;
    }
    let used = used.unwrap_or(Use { input: true, output: true });
    for (wanted, bindings, what) in [(used.input, REQUEST, "request"), (used.output, RESPONSE, "response")] {
        if !wanted {
            continue;
        }
        let unbound: Vec<&str> = shape
            .members
            .iter()
            .filter(|(_, m)| !m.traits.contains_key(ids::HTTP_PAYLOAD) && !bindings.iter().any(|b| m.traits.contains_key(*b)))
            .map(|(n, _)| n.as_str())
            .collect();
        if !unbound.is_empty() {
            out.error(
                id,
                format!(
                    "a member is the `@httpPayload`, so every other member must be bound elsewhere in the {what}, but {} are not",
                    quoted(&unbound)
                ),
            );
        }
    }
}

/// Bindings on structures that are never used where they apply.
fn ignored(out: &mut Out, id: &str, shape: &Shape, used: Option<Use>) {
    let used = used.unwrap_or_default();
    for (name, m) in &shape.members {
        for t in m.traits.keys() {
            let only_input = [ids::HTTP_LABEL, ids::HTTP_QUERY, ids::HTTP_QUERY_PARAMS].contains(&t.as_str());
            if (only_input && used.output && !used.input) || (t == ids::HTTP_RESPONSE_CODE && used.input && !used.output) {
                out.warning(
                    &format!("{id}${name}"),
                    format!("the `@{}` trait of this member is ignored where the structure is used", trait_name(t)),
                );
            }
        }
    }
}

/// Operations of a service whose protocol needs `@http` on every operation; streamed blobs of
/// a protocol with `@httpPayload` are the payload.
fn bindings_missing(cx: &Ctx, out: &mut Out, id: &str, service: &Shape) {
    let needs = service.traits.keys().find(|t| protocol_needs_http(cx, t));
    let ops = service_operations(cx.ix, id);
    if service.traits.keys().any(|t| protocol_has(cx, t, ids::HTTP_PAYLOAD)) {
        for op in &ops {
            streams_are_payloads(cx, out, id, op);
        }
    }
    let any_http = ops.iter().any(|op| cx.ix.has(op, ids::HTTP));
    for op in ops.iter().filter(|op| !cx.ix.has(op, ids::HTTP)) {
        match needs {
            Some(protocol) => out.error(op, format!("the protocol `{protocol}` of the service `{id}` needs an `@http` trait on every operation, and this operation has none")),
            None if any_http => out.warning(op, format!("other operations of the service `{id}` have an `@http` trait, but this one has none")),
            None => {}
        }
    }
}

fn protocol_needs_http(cx: &Ctx, trait_id: &str) -> bool {
    protocol_has(cx, trait_id, ids::HTTP)
}

/// Whether a protocol trait supports a trait: restJson1 and restXml do every HTTP binding; a
/// protocol the model defines lists them in its `@protocolDefinition`.
fn protocol_has(cx: &Ctx, protocol: &str, trait_id: &str) -> bool {
    if matches!(protocol, "aws.protocols#restJson1" | "aws.protocols#restXml") {
        return true;
    }
    let definition = cx.ix.trait_value(protocol, "smithy.api#protocolDefinition");
    let traits = definition.and_then(|p| p.get("traits")).and_then(Value::as_array);
    traits.into_iter().flatten().any(|t| t.as_str() == Some(trait_id))
}

fn streams_are_payloads(cx: &Ctx, out: &mut Out, service: &str, op: &str) {
    let Some(shape) = cx.ix.shape(op) else { return };
    for io in shape.input.iter().chain(&shape.output) {
        let Some(structure) = cx.ix.shape(&io.target) else { continue };
        for (name, m) in &structure.members {
            let stream = cx.ix.kind(&m.target) == Some("blob") && cx.ix.has(&m.target, ids::STREAMING);
            if stream && !m.traits.contains_key(ids::HTTP_PAYLOAD) {
                let msg = format!("a streamed blob must be the `@httpPayload` in the service `{service}`, whose protocol binds payloads");
                out.error(&format!("{}${name}", io.target), msg);
            }
        }
    }
}
