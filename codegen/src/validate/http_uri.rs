//! The `@http` trait's URI: a valid pattern (`/a/{label}/{greedy+}?literal=x`), every label
//! bound to an `@httpLabel` input member and every such member to a label, greedy labels on
//! strings (and last: otherwise a warning), `@httpQuery` names that do not repeat the URI's
//! literal query keys, and no two operations of a service on the same method and pattern.

use std::collections::BTreeMap;

use serde_json::Value;

use super::index::{ids, service_operations, Index};
use super::{Ctx, Out};
use crate::ast::Shape;

/// A parsed URI pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uri {
    pub segments: Vec<Segment>,
    /// Literal query parameters: key and value, if any.
    pub query: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    Label(String),
    Greedy(String),
}

impl Uri {
    /// Every label name, with whether it is greedy.
    pub fn labels(&self) -> impl Iterator<Item = (&str, bool)> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Label(n) => Some((n.as_str(), false)),
            Segment::Greedy(n) => Some((n.as_str(), true)),
            Segment::Literal(_) => None,
        })
    }
}

/// Parses a URI pattern, saying what is wrong with it.
pub fn parse_uri(uri: &str) -> Result<Uri, String> {
    if !uri.starts_with('/') {
        return Err("it must start with `/`".into());
    }
    if let Some(c) = uri.chars().find(|c| !c.is_ascii_graphic() || *c == '#') {
        return Err(format!("it contains {c:?}, which a URI cannot hold as written"));
    }
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut segments = Vec::new();
    let parts: Vec<&str> = path[1..].split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() && i + 1 < parts.len() {
            return Err("it has an empty path segment (`//`)".into());
        }
        if !part.is_empty() {
            segments.push(segment(part)?);
        }
    }
    let mut names: Vec<String> = Vec::new();
    for s in &segments {
        if let Segment::Label(n) | Segment::Greedy(n) = s {
            if names.iter().any(|m| m.eq_ignore_ascii_case(n)) {
                return Err(format!("the label `{n}` appears twice"));
            }
            names.push(n.clone());
        }
    }
    Ok(Uri { segments, query: query_literals(query)? })
}

fn segment(part: &str) -> Result<Segment, String> {
    let Some(inner) = part.strip_prefix('{') else {
        if part.contains(['{', '}']) {
            return Err(format!("the segment `{part}` holds a label that is not the whole segment"));
        }
        return Ok(Segment::Literal(part.to_owned()));
    };
    let inner = inner.strip_suffix('}').ok_or_else(|| format!("the label `{part}` is not closed by `}}` at the end of its segment"))?;
    let (name, greedy) = match inner.strip_suffix('+') {
        Some(n) => (n, true),
        None => (inner, false),
    };
    if !super::node::is_identifier(name) {
        return Err(format!("`{name}` is not a valid label name"));
    }
    Ok(if greedy { Segment::Greedy(name.to_owned()) } else { Segment::Label(name.to_owned()) })
}

fn query_literals(query: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let mut out = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        if part.contains(['{', '}']) {
            return Err("labels are not allowed in the query string".into());
        }
        let (key, value) = match part.split_once('=') {
            Some((k, v)) => (k, Some(v.to_owned())),
            None => (part, None),
        };
        if key.is_empty() {
            return Err("a literal query parameter has no name".into());
        }
        out.push((key.to_owned(), value));
    }
    Ok(out)
}

pub fn check(cx: &Ctx, out: &mut Out) {
    let mut parsed: BTreeMap<&str, Uri> = BTreeMap::new();
    for (id, shape) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "operation") {
        let Some(uri) = shape.traits.get(ids::HTTP).and_then(|h| h.get("uri")).and_then(Value::as_str) else { continue };
        match parse_uri(uri) {
            Ok(p) => {
                labels(cx, out, id, shape, &p);
                query_vs_literals(cx, out, id, shape, &p, uri);
                parsed.insert(id, p);
            }
            Err(why) => out.error(id, format!("the `@http` uri `{uri}` is invalid: {why}")),
        }
    }
    for (id, _) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "service") {
        conflicts(cx.ix, out, id, &parsed);
    }
}

/// Members of the operation's input marked `@httpLabel`, by name.
fn label_members<'a>(cx: &Ctx<'a>, op: &Shape) -> Vec<(&'a str, &'a str)> {
    let Some(input) = op.input.as_ref().and_then(|i| cx.ix.shape(&i.target)) else { return Vec::new() };
    input.members.iter().filter(|(_, m)| m.traits.contains_key(ids::HTTP_LABEL)).map(|(n, m)| (n.as_str(), m.target.as_str())).collect()
}

fn labels(cx: &Ctx, out: &mut Out, id: &str, op: &Shape, uri: &Uri) {
    let input = op.input.as_ref().map_or(ids::UNIT, |i| i.target.as_str());
    let members = label_members(cx, op);
    let unbound: Vec<String> = uri.labels().filter(|(l, _)| !members.iter().any(|(m, _)| m == l)).map(|(l, _)| format!("`{l}`")).collect();
    if !unbound.is_empty() {
        out.error(
            id,
            format!("the `@http` uri has labels that no `@httpLabel` member of the input `{input}` binds: {}", unbound.join(", ")),
        );
    }
    for (name, target) in &members {
        let member_id = format!("{input}${name}");
        match uri.labels().find(|(l, _)| l == name) {
            None => {
                out.error(&member_id, format!("the member is marked `@httpLabel`, but the `@http` uri of `{id}` has no label `{{{name}}}`"))
            }
            Some((_, true)) if !matches!(cx.ix.kind(target), Some("string" | "enum")) => out
                .error(&member_id, format!("the member is bound to a greedy label of `{id}`, which must target a string, not `{target}`")),
            _ => {}
        }
    }
    greedy_placement(out, id, uri);
}

fn greedy_placement(out: &mut Out, id: &str, uri: &Uri) {
    let greedy: Vec<usize> = uri.segments.iter().enumerate().filter(|(_, s)| matches!(s, Segment::Greedy(_))).map(|(i, _)| i).collect();
    if greedy.len() > 1 {
        out.warning(id, "the `@http` uri has more than one greedy label".into());
    }
    let last_label = uri.segments.iter().rposition(|s| !matches!(s, Segment::Literal(_)));
    if greedy.first().is_some_and(|g| Some(*g) != last_label) {
        out.warning(id, "a greedy label in the `@http` uri is not its last label".into());
    }
}

fn query_vs_literals(cx: &Ctx, out: &mut Out, id: &str, op: &Shape, uri: &Uri, text: &str) {
    let Some(input_id) = op.input.as_ref().map(|i| i.target.as_str()) else { return };
    let Some(input) = cx.ix.shape(input_id) else { return };
    for m in input.members.values() {
        let Some(key) = m.traits.get(ids::HTTP_QUERY).and_then(Value::as_str) else { continue };
        if uri.query.iter().any(|(k, _)| k == key) {
            out.error(
                input_id,
                format!("the `@httpQuery` name `{key}` is also a literal query parameter of the `@http` uri of `{id}`: `{text}`"),
            );
        }
    }
}

/// Two operations of a service with the same method and equivalent patterns (and no host
/// prefix or query literal telling them apart).
fn conflicts(ix: &Index, out: &mut Out, service: &str, parsed: &BTreeMap<&str, Uri>) {
    let ops: Vec<String> = service_operations(ix, service).into_iter().filter(|op| parsed.contains_key(op.as_str())).collect();
    for a in &ops {
        let clashes: Vec<String> = ops.iter().filter(|b| *b != a && same_route(ix, a, b, parsed)).map(|b| format!("`{b}`")).collect();
        if !clashes.is_empty() {
            out.error(
                a,
                format!(
                    "the `@http` method and uri of this operation conflict with those of {} in the service `{service}`",
                    clashes.join(", ")
                ),
            );
        }
    }
}

fn same_route(ix: &Index, a: &str, b: &str, parsed: &BTreeMap<&str, Uri>) -> bool {
    let method = |op: &str| ix.trait_value(op, ids::HTTP).and_then(|h| h.get("method")).and_then(Value::as_str).map(str::to_uppercase);
    if method(a) != method(b) {
        return false;
    }
    let (Some(ua), Some(ub)) = (parsed.get(a), parsed.get(b)) else { return false };
    if ua.segments.len() != ub.segments.len() || !same_segments(ua, ub) {
        return false;
    }
    let literals = |u: &Uri| u.query.iter().cloned().collect::<std::collections::BTreeSet<_>>();
    if literals(ua) != literals(ub) {
        return false;
    }
    same_host_prefix(ix, a, b)
}

fn same_segments(a: &Uri, b: &Uri) -> bool {
    a.segments.iter().zip(&b.segments).all(|pair| match pair {
        (Segment::Literal(x), Segment::Literal(y)) => x == y,
        (Segment::Label(_), Segment::Label(_)) | (Segment::Greedy(_), Segment::Greedy(_)) => true,
        _ => false,
    })
}

/// Host prefixes tell routes apart unless both are missing, equal, or differ only where a
/// label without a `@pattern` could take the other's text.
fn same_host_prefix(ix: &Index, a: &str, b: &str) -> bool {
    let prefix = |op: &str| ix.trait_value(op, ids::ENDPOINT).and_then(|e| e.get("hostPrefix")).and_then(Value::as_str).map(str::to_owned);
    match (prefix(a), prefix(b)) {
        (None, None) => true,
        (Some(x), Some(y)) if x == y => true,
        (Some(x), Some(y)) => {
            let open = |op: &str, p: &str| p.contains('{') && !host_labels_have_patterns(ix, op);
            (open(a, &x) || open(b, &y)) && x.split('.').count() == y.split('.').count()
        }
        _ => false,
    }
}

fn host_labels_have_patterns(ix: &Index, op: &str) -> bool {
    let Some(input) = ix.shape(op).and_then(|s| s.input.as_ref()).and_then(|i| ix.shape(&i.target)) else { return false };
    let labels: Vec<_> = input.members.values().filter(|m| m.traits.contains_key(ids::HOST_LABEL)).collect();
    !labels.is_empty() && labels.iter().all(|m| m.traits.contains_key(ids::PATTERN) || ix.has(&m.target, ids::PATTERN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_parse() {
        let uri = parse_uri("/a/{b}/c/{d+}?x=1&y").expect("parses");
        assert_eq!(
            uri.segments,
            [Segment::Literal("a".into()), Segment::Label("b".into()), Segment::Literal("c".into()), Segment::Greedy("d".into())]
        );
        assert_eq!(uri.query, [("x".into(), Some("1".into())), ("y".into(), None)]);
        assert!(parse_uri("/").expect("root").segments.is_empty());
        for bad in ["a", "/a/{b", "/a/x{b}", "/a//b", "/{a}/{a}", "/service/小路", "/a?{b}=1", "/{a-b}"] {
            assert!(parse_uri(bad).is_err(), "{bad}");
        }
    }
}
