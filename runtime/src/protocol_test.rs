//! Helpers for the protocol compliance tests the generator emits from `smithy.test` traits.
//! Each check compares one field a case states and panics with a description of the difference;
//! they are for tests only.

use aws_smithy_types::body::SdkBody;

use crate::client::{HttpResponse, Runtime, ServiceSpec};
use crate::config::{Config, Credentials, Region};

/// The idempotency token the Smithy protocol tests expect when a case leaves a token unset.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

fn fixed_token() -> String {
    IDEMPOTENCY_TOKEN.to_owned()
}

/// What a request test expects.
#[derive(Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path of the URI.
    pub uri: &'a str,
    /// The host the request goes to, when the case states it.
    pub resolved_host: Option<&'a str>,
    /// Query pieces (`k=v`, percent-encoded as sent, or a bare `k`) that must be present.
    pub query_params: &'a [&'a str],
    /// Query keys that must be absent.
    pub forbid_query_params: &'a [&'a str],
    /// Query keys that must be present.
    pub require_query_params: &'a [&'a str],
    /// Headers that must have these values (names compare case-insensitively).
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must be absent.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be present.
    pub require_headers: &'a [&'a str],
    /// The body, when the case gives one.
    pub body: Option<&'a str>,
    /// How to compare the body: JSON, XML and CBOR (stated in base64) as documents, form bodies
    /// as sets of pairs, anything else byte for byte.
    pub body_media_type: Option<&'a str>,
}

/// A runtime for building requests against `endpoint` in `region`, with fixed test credentials
/// and the protocol tests' idempotency token.
pub fn runtime(endpoint: &str, service: &'static ServiceSpec, region: &str) -> Runtime {
    let config = Config::builder()
        .region(Region::new(region.to_owned()))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "protocol-test-secret", None, None, "protocol-test"))
        .build();
    Runtime::new(config, service).with_idempotency_token(fixed_token)
}

/// A runtime for a case whose endpoint the rules resolve from the region and these settings.
pub fn runtime_with(builder: crate::config::Builder, service: &'static ServiceSpec, region: &str) -> Runtime {
    let config = builder
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "protocol-test-secret", None, None, "protocol-test"))
        .build();
    Runtime::new(config, service).with_idempotency_token(fixed_token)
}

/// Sets a boolean client context parameter (`ForcePathStyle`) on a config builder.
pub fn context_flag(builder: &mut crate::config::Builder, name: &'static str, value: bool) {
    builder.set_context_param(name, Some(crate::config::ContextParam::Bool(value)));
}

fn query_key(piece: &str) -> &str {
    piece.split_once('=').map_or(piece, |(k, _)| k)
}

/// Panics unless the request matches everything the case states.
pub fn check_request(request: &http::Request<SdkBody>, expected: &ExpectedRequest<'_>) {
    assert_eq!(request.method().as_str(), expected.method, "method");
    assert_eq!(request.uri().path(), expected.uri, "URI path");
    if let Some(host) = expected.resolved_host {
        assert_eq!(request.uri().host(), Some(host), "resolved host");
    }
    let pieces: Vec<&str> = request.uri().query().unwrap_or_default().split('&').filter(|p| !p.is_empty()).collect();
    for piece in expected.query_params {
        assert!(pieces.contains(piece), "query parameter `{piece}` missing from {pieces:?}");
    }
    for key in expected.forbid_query_params {
        assert!(!pieces.iter().any(|p| query_key(p) == *key), "query parameter `{key}` must be absent from {pieces:?}");
    }
    for key in expected.require_query_params {
        assert!(pieces.iter().any(|p| query_key(p) == *key), "query parameter `{key}` must be present in {pieces:?}");
    }
    for (name, value) in expected.headers {
        let values: Vec<&str> = request.headers().get_all(*name).iter().map(|v| v.to_str().unwrap_or("<not UTF-8>")).collect();
        let actual = (!values.is_empty()).then(|| values.join(", "));
        assert_eq!(actual.as_deref(), Some(*value), "header `{name}`");
    }
    for name in expected.forbid_headers {
        assert!(request.headers().get(*name).is_none(), "header `{name}` must be absent");
    }
    for name in expected.require_headers {
        assert!(request.headers().get(*name).is_some(), "header `{name}` must be present");
    }
    if let Some(body) = expected.body {
        let actual = request.body().bytes().expect("the request body is held in memory");
        check_body(actual, body, expected.body_media_type);
    }
}

/// Compares a body with what a case states, by media type.
pub fn check_body(actual: &[u8], expected: &str, media_type: Option<&str>) {
    let media = media_type.unwrap_or_default();
    if expected.is_empty() || media.is_empty() {
        assert_eq!(String::from_utf8_lossy(actual), expected, "body");
    } else if media.contains("json") {
        check_json(actual, expected);
    } else if media.contains("xml") {
        check_xml(actual, expected);
    } else if media.contains("cbor") {
        check_cbor(actual, expected);
    } else if media.contains("x-www-form-urlencoded") {
        assert_eq!(form_pairs(actual), form_pairs(expected.as_bytes()), "form body (actual: {})", String::from_utf8_lossy(actual));
    } else {
        assert_eq!(String::from_utf8_lossy(actual), expected, "body");
    }
}

#[cfg(feature = "json")]
fn check_json(actual: &[u8], expected: &str) {
    let want = numbers_as_floats(serde_json::from_str(expected).expect("the case's JSON body parses"));
    let got = numbers_as_floats(serde_json::from_slice(actual).unwrap_or(serde_json::Value::Null));
    assert_eq!(got, want, "JSON body (actual: {})", String::from_utf8_lossy(actual));
}

#[cfg(not(feature = "json"))]
fn check_json(actual: &[u8], expected: &str) {
    assert_eq!(String::from_utf8_lossy(actual), expected, "body");
}

/// JSON does not tell `1` from `1.0`; neither does the comparison.
#[cfg(feature = "json")]
fn numbers_as_floats(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, numbers_as_floats(v))).collect()),
        other => other,
    }
}

/// CBOR bodies compare as decoded items: map order, definite or indefinite lengths and the width
/// of floats and integers do not matter.
#[cfg(feature = "cbor")]
fn check_cbor(actual: &[u8], expected: &str) {
    let bytes = aws_smithy_types::base64::decode(expected).expect("the case's CBOR body is base64");
    let want = crate::cbor::parse(&bytes).map(canonical_cbor).expect("the case's CBOR body parses");
    let got = crate::cbor::parse(actual).map(canonical_cbor);
    assert_eq!(got.as_deref().ok(), Some(want.as_str()), "CBOR body (actual, base64: {})", aws_smithy_types::base64::encode(actual));
}

#[cfg(not(feature = "cbor"))]
fn check_cbor(actual: &[u8], expected: &str) {
    assert_eq!(String::from_utf8_lossy(actual), expected, "body");
}

/// A text form of a CBOR item with map entries sorted (NaN prints as itself, so it compares equal).
#[cfg(feature = "cbor")]
fn canonical_cbor(v: crate::cbor::CborValue) -> String {
    use crate::cbor::CborValue;
    match v {
        CborValue::Array(items) => format!("[{}]", items.into_iter().map(canonical_cbor).collect::<Vec<_>>().join(",")),
        CborValue::Map(map) => {
            let mut entries: Vec<String> = map.0.into_iter().map(|(k, v)| format!("{k:?}:{}", canonical_cbor(v))).collect();
            entries.sort();
            format!("{{{}}}", entries.join(","))
        }
        // An epoch timestamp is the same instant whether written as an integer or a float.
        CborValue::Tag(1, inner) => match *inner {
            CborValue::Int(secs) => format!("1({:?})", CborValue::Float(secs as f64)),
            other => format!("1({})", canonical_cbor(other)),
        },
        CborValue::Tag(tag, inner) => format!("{tag}({})", canonical_cbor(*inner)),
        other => format!("{other:?}"),
    }
}

/// A raw response whose body a case states in base64 (CBOR).
pub fn response_base64(code: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let bytes = aws_smithy_types::base64::decode(body).expect("the case's body is base64");
    let mut raw = response(code, headers, "");
    *raw.body_mut() = SdkBody::from(bytes);
    raw
}

#[cfg(feature = "xml")]
fn check_xml(actual: &[u8], expected: &str) {
    let want = normalise_xml(crate::xml::parse(expected.as_bytes()).expect("the case's XML body parses"));
    let got = crate::xml::parse(actual).map(normalise_xml);
    assert_eq!(got.as_ref().ok(), Some(&want), "XML body (actual: {})", String::from_utf8_lossy(actual));
}

#[cfg(not(feature = "xml"))]
fn check_xml(actual: &[u8], expected: &str) {
    assert_eq!(String::from_utf8_lossy(actual), expected, "body");
}

/// Attribute order and whitespace between elements do not matter, nor does the order of a
/// structure's members or of a map's entries. The items of a list keep their order: an element
/// whose children all have one name is taken for a list, unless they look like map entries
/// (named `entry`, or each made of the same two elements, a key and a value). A flattened list
/// mixed with other members, or a list of two-member structures, is compared without its order.
#[cfg(feature = "xml")]
fn normalise_xml(mut node: crate::xml::XmlNode) -> crate::xml::XmlNode {
    node.attrs.sort();
    if !node.children.is_empty() && node.text.trim().is_empty() {
        node.text.clear();
    }
    node.children = node.children.into_iter().map(normalise_xml).collect();
    let names = |n: &crate::xml::XmlNode| n.children.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let first = node.children.first();
    let same_name = first.is_some_and(|f| node.children.iter().all(|c| c.name == f.name));
    let entries = first.is_some_and(|f| {
        f.name == "entry" || (names(f).len() == 2 && node.children.iter().all(|c| names(c) == names(f)))
    });
    let list = same_name && !entries;
    if !list {
        node.children.sort_by_cached_key(|c| format!("{c:?}"));
    }
    node
}

fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let decode = |s: &str| percent_decode(&s.replace('+', " "));
    let mut pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k.trim()), decode(v.trim()))
        })
        .collect();
    pairs.sort();
    pairs
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A raw response, as a protocol response test describes it.
pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let status = aws_smithy_runtime_api::http::StatusCode::try_from(code).expect("a test case's status code is valid");
    let mut raw = HttpResponse::new(status, SdkBody::from(body.to_owned()));
    for (name, value) in headers {
        let _ = raw.headers_mut().try_append(name.to_string(), value.to_string());
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, body: &'static str) -> http::Request<SdkBody> {
        let mut r = http::Request::new(SdkBody::from(body));
        *r.uri_mut() = uri.parse().expect("uri");
        *r.method_mut() = http::Method::POST;
        r.headers_mut().insert("x-a", http::HeaderValue::from_static("1"));
        r
    }

    fn expect(uri: &'static str) -> ExpectedRequest<'static> {
        ExpectedRequest { method: "POST", uri, ..Default::default() }
    }

    #[test]
    fn matching_request_passes() {
        let r = request("https://h.example/p?a=1&b", "{\"x\":1}");
        check_request(
            &r,
            &ExpectedRequest {
                resolved_host: Some("h.example"),
                query_params: &["a=1", "b"],
                forbid_query_params: &["c"],
                require_query_params: &["a"],
                headers: &[("X-A", "1")],
                require_headers: &["x-a"],
                forbid_headers: &["x-b"],
                body: Some("{\"x\": 1.0}"),
                body_media_type: Some("application/json"),
                ..expect("/p")
            },
        );
    }

    fn fails(f: impl FnOnce() + std::panic::UnwindSafe) -> bool {
        std::panic::catch_unwind(f).is_err()
    }

    #[test]
    fn each_stated_field_can_fail() {
        let r = || request("https://h.example/p?a=1", "<A><b>1</b></A>");
        assert!(fails(|| check_request(&r(), &expect("/q"))));
        assert!(fails(|| check_request(&r(), &ExpectedRequest { method: "GET", ..expect("/p") })));
        assert!(fails(|| check_request(&r(), &ExpectedRequest { resolved_host: Some("x.example"), ..expect("/p") })));
        assert!(fails(|| check_request(&r(), &ExpectedRequest { query_params: &["a=2"], ..expect("/p") })));
        assert!(fails(|| check_request(&r(), &ExpectedRequest { forbid_query_params: &["a"], ..expect("/p") })));
        assert!(fails(|| check_request(&r(), &ExpectedRequest { require_query_params: &["z"], ..expect("/p") })));
        assert!(fails(|| check_request(&r(), &ExpectedRequest { headers: &[("x-a", "2")], ..expect("/p") })));
        assert!(fails(|| check_request(&r(), &ExpectedRequest { forbid_headers: &["x-a"], ..expect("/p") })));
        assert!(fails(|| check_request(&r(), &ExpectedRequest { require_headers: &["x-z"], ..expect("/p") })));
        let xml = |body: &'static str| ExpectedRequest { body: Some(body), body_media_type: Some("application/xml"), ..expect("/p") };
        assert!(fails(|| check_request(&r(), &xml("<A><b>2</b></A>"))));
        check_request(&r(), &xml("<A>\n  <b>1</b>\n</A>"));
        assert!(fails(|| check_body(b"a=1&b=2", "a=1&b=3", Some("application/x-www-form-urlencoded"))));
        check_body(b"b=2&a=%20x", "a=+x&b=2", Some("application/x-www-form-urlencoded"));
        assert!(fails(|| check_body(b"abc", "abd", Some("application/octet-stream"))));
    }
}
