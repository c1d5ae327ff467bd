//! What particular prelude traits mean beyond the shape of their value: `@cors` takes `origin`
//! or `origins`, `@httpApiKeyAuth` with a `scheme` is in a header, `@idempotent` names errors of
//! the operation, `@jsonName`s are unique, `@mediaType` is a media type, URIs and URLs are
//! absolute, `@requestCompression` names known encodings of an input that is not a
//! length-required stream, a protocol without inline documents has none in its service, and a
//! trait's diff rules name paths its shape has.

use std::collections::BTreeMap;

use serde_json::Value;

use super::index::{ids, members, Index};
use super::{Ctx, Out};
use crate::ast::Shape;

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        let t = &shape.traits;
        if let Some(cors) = t.get("smithy.api#cors") {
            if cors.get("origin").is_some() && cors.get("origins").is_some() {
                out.error(id, "the `@cors` trait takes `origin` or `origins`, not both".into());
            }
        }
        if let Some(auth) = t.get("smithy.api#httpApiKeyAuth") {
            let place = auth.get("in").and_then(Value::as_str);
            if auth.get("scheme").is_some() && place != Some("header") {
                out.error(id, format!("`@httpApiKeyAuth` with a `scheme` must be `in` a header, not `{}`", place.unwrap_or("?")));
            }
        }
        urls(out, id, shape);
        if let Some(Value::Array(rules)) = t.get(ids::TRAIT).and_then(|d| d.get("breakingChanges")) {
            breaking_change_paths(cx.ix, out, id, rules);
        }
        media_types(out, id, shape);
        match shape.kind.as_str() {
            "operation" => {
                idempotent_errors(out, id, shape);
                request_compression(cx.ix, out, id, shape);
            }
            "structure" | "union" => json_names(out, id, shape),
            "service" => inline_documents(cx, out, id, shape),
            _ => {}
        }
    }
}

/// The `path` of each of a trait's diff rules names members, from the trait's shape down.
fn breaking_change_paths(ix: &Index, out: &mut Out, id: &str, rules: &[Value]) {
    for path in rules.iter().filter_map(|r| r.get("path")).filter_map(Value::as_str) {
        let mut at = id.to_owned();
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            let Some(shape) = ix.shape(&at) else { break };
            match super::index::member_of(shape, segment) {
                Some(m) => at = m.target.clone(),
                None => {
                    out.error(
                        id,
                        format!("the diff rule path `{path}` names `{segment}`, which `{at}` (a {}) has no member of", shape.kind),
                    );
                    break;
                }
            }
        }
    }
}

/// An absolute URI: a scheme, `:`, and something after it.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !text.chars().any(char::is_whitespace)
}

fn urls(out: &mut Out, id: &str, shape: &Shape) {
    if let Some(Value::Object(docs)) = shape.traits.get("smithy.api#externalDocumentation") {
        for (name, url) in docs {
            if url.as_str().is_some_and(|u| !is_uri(u)) {
                out.error(id, format!("the `@externalDocumentation` link `{name}` is not a URL: {url}"));
            }
        }
    }
    for (name, member) in members(shape).into_iter().map(|(n, m)| (Some(n), &m.traits)).chain([(None, &shape.traits)]) {
        if let Some(uri) = member.get("smithy.api#xmlNamespace").and_then(|x| x.get("uri")).and_then(Value::as_str) {
            if !is_uri(uri) {
                let at = name.map_or_else(|| id.to_owned(), |n| format!("{id}${n}"));
                out.error(&at, format!("the `@xmlNamespace` uri `{uri}` is not a URI"));
            }
        }
    }
}

fn media_types(out: &mut Out, id: &str, shape: &Shape) {
    for (name, traits) in members(shape).into_iter().map(|(n, m)| (Some(n), &m.traits)).chain([(None, &shape.traits)]) {
        if let Some(text) = traits.get("smithy.api#mediaType").and_then(Value::as_str) {
            if !is_media_type(text) {
                let at = name.map_or_else(|| id.to_owned(), |n| format!("{id}${n}"));
                out.error(&at, format!("`{text}` is not a media type (`type/subtype; name=value`)"));
            }
        }
    }
}

fn is_token(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// `type/subtype` followed by `; name=value` parameters (values tokens or quoted strings).
fn is_media_type(text: &str) -> bool {
    let mut parts = text.split(';');
    let Some((kind, sub)) = parts.next().and_then(|p| p.trim().split_once('/')) else { return false };
    if !is_token(kind) || !is_token(sub) {
        return false;
    }
    parts.all(|p| {
        let Some((name, value)) = p.trim().split_once('=') else { return false };
        let quoted = value.len() >= 2 && value.starts_with('"') && value.ends_with('"');
        is_token(name) && (is_token(value) || quoted)
    })
}

fn idempotent_errors(out: &mut Out, id: &str, op: &Shape) {
    let Some(idempotent) = op.traits.get(ids::IDEMPOTENT) else { return };
    if idempotent.get("exists").is_some() && idempotent.get("notFound").is_some() {
        out.error(id, "`@idempotent` takes `exists` or `notFound`, not both".into());
    }
    let allowed: Vec<&str> = op.errors.iter().map(|e| e.target.as_str()).collect();
    for key in ["exists", "notFound"] {
        for e in idempotent.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !allowed.contains(&e) {
                out.error(id, format!("`@idempotent` `{key}` names `{e}`, which is not an error of the operation"));
            }
        }
    }
}

fn request_compression(ix: &Index, out: &mut Out, id: &str, op: &Shape) {
    let Some(rc) = op.traits.get("smithy.api#requestCompression") else { return };
    let encodings: Vec<&str> = rc.get("encodings").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    if rc.get("encodings").is_some() && encodings.is_empty() {
        out.error(id, "`@requestCompression` must name at least one encoding".into());
    }
    let unknown: Vec<&&str> = encodings.iter().filter(|e| !e.eq_ignore_ascii_case("gzip")).collect();
    if !unknown.is_empty() {
        out.error(
            id,
            format!(
                "`@requestCompression` names encodings this protocol does not know: {}",
                unknown.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    let input = op.input.as_ref().map(|i| i.target.as_str()).filter(|i| *i != ids::UNIT);
    let Some(input) = input.and_then(|i| ix.shape(i)) else {
        return out.error(id, "`@requestCompression` needs an operation with an input".into());
    };
    for (name, m) in &input.members {
        if ix.has(&m.target, ids::STREAMING) && ix.has(&m.target, "smithy.api#requiresLength") {
            out.error(id, format!("`@requestCompression` cannot compress the input member `{name}`, a stream whose length is required"));
        }
    }
}

fn json_names(out: &mut Out, id: &str, shape: &Shape) {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, m) in &shape.members {
        let json = m.traits.get("smithy.api#jsonName").and_then(Value::as_str).unwrap_or(name);
        by_name.entry(json).or_default().push(name);
    }
    for (json, names) in by_name.into_iter().filter(|(_, n)| n.len() > 1) {
        out.error(id, format!("members {} all have the JSON name `{json}`", names.join(", ")));
    }
}

/// A protocol whose definition says `noInlineDocumentSupport` allows no document shapes in the
/// service's closure.
fn inline_documents(cx: &Ctx, out: &mut Out, id: &str, service: &Shape) {
    let no_documents = service.traits.keys().any(|t| {
        cx.ix.trait_value(t, "smithy.api#protocolDefinition").and_then(|p| p.get("noInlineDocumentSupport")).and_then(Value::as_bool)
            == Some(true)
    });
    let Some(start) = no_documents.then(|| cx.graph.index_of(id)).flatten() else { return };
    let reached = cx.graph.reachable(&std::collections::BTreeSet::from([start]));
    let documents: Vec<&str> =
        reached.iter().map(|n| cx.graph.id_of(*n)).filter(|s| !s.contains('$') && cx.ix.kind(s) == Some("document")).collect();
    if !documents.is_empty() {
        out.error(id, format!("the service's protocol does not support documents, but its closure has {}", documents.join(", ")));
    }
}
