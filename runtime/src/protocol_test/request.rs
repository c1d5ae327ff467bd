//! Request cases: the request the client built against everything the case states.

use aws_smithy_types::body::SdkBody;

use super::body::check_body;
use super::field::{check_eq, mismatch, sabotaged, Field};

/// What a request test expects.
#[derive(Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path of the URI.
    pub uri: &'a str,
    /// The host the request goes to, when the case states it.
    pub resolved_host: Option<&'a str>,
    /// Query pieces (`k=v`, percent-encoded as sent, or a bare `k`): for each key they name,
    /// the request's pieces with that key must be exactly these, in this order.
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
    /// How to compare the body (see [`BodyKind::of`](super::BodyKind::of)).
    pub body_media_type: Option<&'a str>,
    /// XML element paths whose repeated occurrences may come in any order (map entries), as
    /// the model says: `Root/member/entry`.
    pub xml_unordered: &'a [&'a str],
}

/// The parts of a request a case compares, as plain values.
#[derive(Debug)]
struct Sent {
    method: String,
    host: Option<String>,
    path: String,
    query: Vec<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Sent {
    fn of(request: &http::Request<SdkBody>) -> Sent {
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or("<not UTF-8>").to_owned()))
            .collect();
        Sent {
            method: request.method().as_str().to_owned(),
            host: request.uri().host().map(str::to_owned),
            path: request.uri().path().to_owned(),
            query: request.uri().query().unwrap_or_default().split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect(),
            headers,
            body: request.body().bytes().map(<[u8]>::to_vec).unwrap_or_default(),
        }
    }

    /// The values of a header (names compare case-insensitively), joined as HTTP joins them.
    fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The pieces of the query string with this key, in order.
    fn query_values(&self, key: &str) -> Vec<&str> {
        self.query.iter().filter(|p| query_key(p) == key).map(String::as_str).collect()
    }
}

fn query_key(piece: &str) -> &str {
    piece.split_once('=').map_or(piece, |(k, _)| k)
}

/// Fails unless the request matches everything the case states, naming the first field that
/// differs.
#[track_caller]
pub fn check_request(request: &http::Request<SdkBody>, expected: &ExpectedRequest<'_>) {
    let mut sent = Sent::of(request);
    if let Some(field) = sabotaged() {
        sabotage(field, &mut sent, expected);
    }
    check_eq(Field::Method, "method", sent.method.as_str(), expected.method);
    check_eq(Field::Path, "URI path", sent.path.as_str(), expected.uri);
    if let Some(host) = expected.resolved_host {
        check_eq(Field::Host, "resolved host", &sent.host.as_deref(), &Some(host));
    }
    check_query(&sent, expected);
    check_headers(&sent, expected);
    if let Some(body) = expected.body {
        check_body(&sent.body, body, expected.body_media_type, expected.xml_unordered);
    }
}

/// Presence first, then values: a key that is both required and given a value fails as
/// missing when it is missing.
#[track_caller]
fn check_query(sent: &Sent, expected: &ExpectedRequest<'_>) {
    for key in expected.forbid_query_params {
        if !sent.query_values(key).is_empty() {
            mismatch(Field::ForbiddenQuery, format_args!("`{key}` must be absent from {:?}", sent.query));
        }
    }
    for key in expected.require_query_params {
        if sent.query_values(key).is_empty() {
            mismatch(Field::RequiredQuery, format_args!("`{key}` must be present in {:?}", sent.query));
        }
    }
    let mut keys: Vec<&str> = expected.query_params.iter().map(|p| query_key(p)).collect();
    keys.dedup();
    for key in keys {
        let want: Vec<&str> = expected.query_params.iter().copied().filter(|p| query_key(p) == key).collect();
        let got = sent.query_values(key);
        if got != want {
            mismatch(Field::Query, format_args!("key `{key}`: expected {want:?}, got {got:?} (query: {:?})", sent.query));
        }
    }
}

/// Presence first, then values, as for the query.
#[track_caller]
fn check_headers(sent: &Sent, expected: &ExpectedRequest<'_>) {
    for name in expected.forbid_headers {
        if let Some(value) = sent.header(name) {
            mismatch(Field::ForbiddenHeader, format_args!("header `{name}` must be absent, got {value:?}"));
        }
    }
    for name in expected.require_headers {
        if sent.header(name).is_none() {
            mismatch(Field::RequiredHeader, format_args!("header `{name}` must be present"));
        }
    }
    for (name, value) in expected.headers {
        check_eq(Field::Header, &format!("header `{name}`"), &sent.header(name).as_deref(), &Some(*value));
    }
}

/// The negative control: the request as a client that gets `field` wrong would have sent it.
/// Bodies are altered by their comparators (after parsing), the rest here.
fn sabotage(field: Field, sent: &mut Sent, expected: &ExpectedRequest<'_>) {
    match field {
        Field::Method => sent.method.push('X'),
        Field::Path => sent.path.push('X'),
        Field::Host => sent.host = Some(format!("x{}", sent.host.as_deref().unwrap_or_default())),
        Field::Query => {
            for piece in &mut sent.query {
                piece.push_str(if piece.contains('=') { "X" } else { "=X" });
            }
        }
        Field::ForbiddenQuery => sent.query.extend(expected.forbid_query_params.iter().map(|k| format!("{k}=X"))),
        Field::RequiredQuery => sent.query.retain(|p| !expected.require_query_params.contains(&query_key(p))),
        Field::Header => sent.headers.iter_mut().for_each(|(_, v)| v.push('X')),
        Field::ForbiddenHeader => sent.headers.extend(expected.forbid_headers.iter().map(|h| (h.to_string(), "X".to_owned()))),
        Field::RequiredHeader => sent.headers.retain(|(n, _)| !expected.require_headers.iter().any(|h| h.eq_ignore_ascii_case(n))),
        _ => {}
    }
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

    fn field_of_failure(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let message = std::panic::catch_unwind(f).err().and_then(|p| p.downcast_ref::<String>().cloned()).unwrap_or_default();
        message.strip_prefix("protocol test mismatch in ").and_then(|m| m.split(':').next()).unwrap_or("<passed>").to_owned()
    }

    #[test]
    fn matching_request_passes() {
        let r = request("https://h.example/p?a=1&b&c=2&c=3", "{\"x\":1}");
        check_request(
            &r,
            &ExpectedRequest {
                resolved_host: Some("h.example"),
                query_params: &["a=1", "b", "c=2", "c=3"],
                forbid_query_params: &["d"],
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

    #[test]
    fn each_stated_field_fails_by_name() {
        let r = || request("https://h.example/p?a=1&l=x&l=x", "<A><b>1</b></A>");
        let field = |e: ExpectedRequest<'static>| field_of_failure(move || check_request(&r(), &e));
        assert_eq!(field(expect("/q")), "path");
        assert_eq!(field(ExpectedRequest { method: "GET", ..expect("/p") }), "method");
        assert_eq!(field(ExpectedRequest { resolved_host: Some("x.example"), ..expect("/p") }), "host");
        assert_eq!(field(ExpectedRequest { query_params: &["a=2"], ..expect("/p") }), "query");
        // A repeated parameter must be there as many times as the case says, in its order.
        assert_eq!(field(ExpectedRequest { query_params: &["l=x"], ..expect("/p") }), "query");
        assert_eq!(field(ExpectedRequest { query_params: &["l=x", "l=x"], ..expect("/p") }), "<passed>");
        assert_eq!(field(ExpectedRequest { forbid_query_params: &["a"], ..expect("/p") }), "forbidden-query");
        assert_eq!(field(ExpectedRequest { require_query_params: &["z"], ..expect("/p") }), "required-query");
        assert_eq!(field(ExpectedRequest { headers: &[("x-a", "2")], ..expect("/p") }), "header");
        assert_eq!(field(ExpectedRequest { forbid_headers: &["x-a"], ..expect("/p") }), "forbidden-header");
        assert_eq!(field(ExpectedRequest { require_headers: &["x-z"], ..expect("/p") }), "required-header");
        let xml = |body: &'static str| ExpectedRequest { body: Some(body), body_media_type: Some("application/xml"), ..expect("/p") };
        assert_eq!(field(xml("<A><b>2</b></A>")), "xml-body");
        assert_eq!(field(xml("<A>\n  <b>1</b>\n</A>")), "<passed>");
    }

    #[test]
    fn sabotage_breaks_only_its_field() {
        let expected = ExpectedRequest {
            query_params: &["a=1"],
            forbid_query_params: &["z"],
            require_query_params: &["a"],
            headers: &[("x-a", "1")],
            forbid_headers: &["x-z"],
            require_headers: &["x-a"],
            resolved_host: Some("h.example"),
            ..expect("/p")
        };
        for field in [
            Field::Method,
            Field::Path,
            Field::Host,
            Field::Query,
            Field::ForbiddenQuery,
            Field::RequiredQuery,
            Field::Header,
            Field::ForbiddenHeader,
            Field::RequiredHeader,
        ] {
            let mut sent = Sent::of(&request("https://h.example/p?a=1", ""));
            sabotage(field, &mut sent, &expected);
            let failed = field_of_failure(std::panic::AssertUnwindSafe(|| {
                check_eq(Field::Method, "method", sent.method.as_str(), expected.method);
                check_eq(Field::Path, "URI path", sent.path.as_str(), expected.uri);
                check_eq(Field::Host, "resolved host", &sent.host.as_deref(), &expected.resolved_host);
                check_query(&sent, &expected);
                check_headers(&sent, &expected);
            }));
            assert_eq!(failed, field.name());
        }
    }
}
