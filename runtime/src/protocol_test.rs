//! Helpers for the protocol compliance tests the generator emits from `smithy.test` traits.
//! They compare and panic with a description of the difference; they are for tests only.

use aws_smithy_types::body::SdkBody;

use crate::client::{HttpResponse, Runtime, ServiceSpec};
use crate::config::{Config, Credentials, Region};

/// What a request test expects.
#[derive(Debug)]
pub struct ExpectedRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path of the URI.
    pub uri: &'a str,
    /// Headers that must have these values (names compare case-insensitively).
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must be absent.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be present.
    pub require_headers: &'a [&'a str],
    /// The body, when the case gives one.
    pub body: Option<&'a str>,
    /// How to compare the body: `application/json` compares JSON values, anything else bytes.
    pub body_media_type: Option<&'a str>,
}

/// A runtime for building requests against `endpoint`, with fixed test credentials.
pub fn runtime(endpoint: &str, service: &'static ServiceSpec) -> Runtime {
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "protocol-test-secret", None, None, "protocol-test"))
        .build();
    Runtime::new(config, service)
}

/// Panics unless the request matches.
pub fn check_request(request: &http::Request<Vec<u8>>, expected: &ExpectedRequest<'_>) {
    assert_eq!(request.method().as_str(), expected.method, "method");
    assert_eq!(request.uri().path(), expected.uri, "uri path");
    for (name, value) in expected.headers {
        let actual = request.headers().get(*name).map(|v| v.to_str().unwrap_or("<not UTF-8>"));
        assert_eq!(actual, Some(*value), "header `{name}`");
    }
    for name in expected.forbid_headers {
        assert!(request.headers().get(*name).is_none(), "header `{name}` must be absent");
    }
    for name in expected.require_headers {
        assert!(request.headers().get(*name).is_some(), "header `{name}` must be present");
    }
    if let Some(body) = expected.body {
        check_body(request.body(), body, expected.body_media_type);
    }
}

fn check_body(actual: &[u8], expected: &str, media_type: Option<&str>) {
    let json = media_type.is_some_and(|m| m.contains("json"));
    if !json || expected.is_empty() {
        assert_eq!(String::from_utf8_lossy(actual), expected, "body");
        return;
    }
    let want = numbers_as_floats(serde_json::from_str(expected).unwrap_or(serde_json::Value::Null));
    let got = numbers_as_floats(serde_json::from_slice(actual).unwrap_or(serde_json::Value::Null));
    assert_eq!(got, want, "JSON body (actual: {})", String::from_utf8_lossy(actual));
}

/// A raw response, as a protocol response test describes it.
pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let status = aws_smithy_runtime_api::http::StatusCode::try_from(code).expect("a test case's status code is valid");
    let mut raw = HttpResponse::new(status, SdkBody::from(body.to_owned()));
    for (name, value) in headers {
        let _ = raw.headers_mut().try_insert(name.to_string(), value.to_string());
    }
    raw
}

/// JSON does not tell `1` from `1.0`; neither does the comparison.
fn numbers_as_floats(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, numbers_as_floats(v))).collect()),
        other => other,
    }
}
