//! Checks for the endpoint tests a generated crate carries (`smithy.rules#endpointTests`): the
//! rules' answer for a case's parameters, and the endpoint the client resolves for an
//! operation input.

use std::future::Future;
use std::sync::Arc;

use aws_smithy_types::Document;
use serde_json::Value;

use super::Endpoint;
use crate::client::endpoint::Resolved;
use crate::client::Failure;
use crate::error::BoxError;

/// What a case expects.
#[derive(Debug)]
pub enum Expected {
    /// An endpoint: URL, headers (each with its values) and properties as JSON text.
    Endpoint {
        /// The URL.
        url: &'static str,
        /// The headers.
        headers: &'static [(&'static str, &'static [&'static str])],
        /// The properties.
        properties: &'static str,
    },
    /// The rules fail with exactly this message.
    Error(&'static str),
}

/// The output of a future that must be ready at once.
pub fn now<F: Future>(future: F) -> F::Output {
    match super::poll_once(future) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("the endpoint resolver did not answer at once"),
    }
}

/// Panics unless the rules' answer is the expected one.
pub fn check(answer: Result<Endpoint, BoxError>, expected: &Expected) {
    match (answer, expected) {
        (Err(e), Expected::Error(message)) => assert_eq!(rule_message(&*e), *message, "the error message"),
        (Ok(ep), Expected::Error(message)) => panic!("resolved {}, expected the error `{message}`", ep.url()),
        (Err(e), Expected::Endpoint { url, .. }) => panic!("failed with `{e}`, expected {url}"),
        (Ok(ep), Expected::Endpoint { url, headers, properties }) => {
            assert_eq!(ep.url(), *url, "the URL");
            assert_eq!(header_list(&ep), sorted_headers(headers), "the headers");
            let expected: Value = serde_json::from_str(properties).expect("the expected properties are JSON");
            assert_eq!(properties_json(&ep), normalise(&expected), "the properties");
        }
    }
}

/// Panics unless the endpoint the client resolved for an operation is the expected one: its
/// URL, headers, and every property of the first SigV4 auth scheme as the client will sign
/// with it (a property the client does not act on fails the case), or a signing failure when
/// the endpoint names only schemes the client cannot sign with.
pub fn check_resolved(answer: Result<Arc<Resolved>, Failure>, expected: &Expected) {
    match (answer, expected) {
        (Err(Failure::Construction(e)), Expected::Error(message)) => assert_eq!(rule_message(&*e), *message, "the error message"),
        (Err(e), Expected::Error(message)) => panic!("failed with `{e}`, expected the error `{message}`"),
        (Ok(r), Expected::Error(message)) => panic!("resolved {}, expected the error `{message}`", r.url()),
        (Err(e), Expected::Endpoint { url, .. }) => panic!("failed with `{e}`, expected {url}"),
        (Ok(r), Expected::Endpoint { url, headers, properties }) => {
            assert_eq!(r.url().trim_end_matches('/'), url.trim_end_matches('/'), "the URL");
            let mut actual: Vec<(String, Vec<String>)> = Vec::new();
            for (name, value) in r.headers() {
                match actual.iter_mut().find(|(n, _)| n == name) {
                    Some((_, values)) => values.push(value.clone()),
                    None => actual.push((name.clone(), vec![value.clone()])),
                }
            }
            actual.sort();
            assert_eq!(actual, sorted_headers(headers), "the headers");
            let expected: Value = serde_json::from_str(properties).expect("the expected properties are JSON");
            let schemes = expected.get("authSchemes").and_then(Value::as_array).cloned().unwrap_or_default();
            match schemes.iter().find(|s| s.get("name").and_then(Value::as_str) == Some("sigv4")) {
                Some(sigv4) => assert_eq!(scheme_json(r.signing_scheme()), without_false_flags(sigv4), "the SigV4 auth scheme the client signs with"),
                None if !schemes.is_empty() => assert!(r.unsupported_signing().is_some(), "signing must fail for {schemes:?}"),
                None => {}
            }
        }
    }
}

/// The SigV4 auth scheme as the client took it, in the rules' JSON form.
fn scheme_json(scheme: &crate::client::endpoint::SigningScheme) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("name".to_owned(), Value::from("sigv4"));
    if let Some(name) = &scheme.signing_name {
        map.insert("signingName".to_owned(), Value::from(name.as_str()));
    }
    if let Some(region) = &scheme.signing_region {
        map.insert("signingRegion".to_owned(), Value::from(region.as_str()));
    }
    for (key, on) in [("disableDoubleEncoding", scheme.disable_double_encoding), ("disableNormalizePath", scheme.disable_normalize_path)] {
        if on {
            map.insert(key.to_owned(), Value::Bool(true));
        }
    }
    Value::Object(map)
}

/// An auth scheme without its `false` flags (the same as leaving them out).
fn without_false_flags(scheme: &Value) -> Value {
    match scheme {
        Value::Object(o) => Value::Object(o.iter().filter(|(_, v)| **v != Value::Bool(false)).map(|(k, v)| (k.clone(), v.clone())).collect()),
        other => other.clone(),
    }
}

/// The message of an error rule, else the error's text.
fn rule_message(e: &(dyn std::error::Error + 'static)) -> String {
    match e.downcast_ref::<super::ResolveEndpointError>() {
        Some(rule) => rule.text().to_owned(),
        None => e.to_string(),
    }
}

fn header_list(ep: &Endpoint) -> Vec<(String, Vec<String>)> {
    let mut list: Vec<(String, Vec<String>)> = ep.headers().map(|(k, vs)| (k.to_owned(), vs.map(str::to_owned).collect())).collect();
    list.sort();
    list
}

fn sorted_headers(headers: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    let mut list: Vec<(String, Vec<String>)> =
        headers.iter().map(|(k, vs)| ((*k).to_owned(), vs.iter().map(|v| (*v).to_owned()).collect())).collect();
    list.sort();
    list
}

/// An endpoint's properties as JSON, numbers as doubles (compare with [`normalise`]d JSON).
pub fn properties_json(ep: &Endpoint) -> Value {
    let map: serde_json::Map<String, Value> = ep.properties().iter().map(|(k, v)| (k.to_string(), document_json(v))).collect();
    normalise(&Value::Object(map))
}

fn document_json(d: &Document) -> Value {
    match d {
        Document::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), document_json(v))).collect()),
        Document::Array(a) => Value::Array(a.iter().map(document_json).collect()),
        Document::Number(n) => serde_json::json!(n.to_f64_lossy()),
        Document::String(s) => Value::String(s.clone()),
        Document::Bool(b) => Value::Bool(*b),
        Document::Null => Value::Null,
    }
}

/// JSON with every number as a double.
pub fn normalise(v: &Value) -> Value {
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64()),
        Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), normalise(v))).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::endpoint::Endpoint as RulesEndpoint;
    use aws_smithy_types::Document;

    fn resolved(scheme: Vec<(&str, Document)>) -> Arc<Resolved> {
        let scheme = scheme.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let endpoint = RulesEndpoint::builder().url("https://s3.us-east-1.amazonaws.com").property("authSchemes", Document::Array(vec![Document::Object(scheme)])).build();
        Arc::new(crate::client::endpoint::from_rules(&endpoint).expect("usable"))
    }

    fn sigv4(extra: Option<(&'static str, Document)>) -> Vec<(&'static str, Document)> {
        let mut scheme = vec![
            ("name", Document::from("sigv4")),
            ("signingName", Document::from("s3")),
            ("signingRegion", Document::from("us-east-1")),
            ("disableDoubleEncoding", Document::Bool(true)),
        ];
        scheme.extend(extra);
        scheme
    }

    fn expected(properties: &'static str) -> Expected {
        Expected::Endpoint { url: "https://s3.us-east-1.amazonaws.com", headers: &[], properties }
    }

    #[test]
    fn every_property_of_the_sigv4_scheme_is_compared() {
        let full = r#"{"authSchemes": [{"name": "sigv4", "signingName": "s3", "signingRegion": "us-east-1", "disableDoubleEncoding": true}]}"#;
        check_resolved(Ok(resolved(sigv4(None))), &expected(full));
        // The client keeps the flag: an answer without it is not what the rules said.
        let plain = r#"{"authSchemes": [{"name": "sigv4", "signingName": "s3", "signingRegion": "us-east-1"}]}"#;
        assert!(std::panic::catch_unwind(|| check_resolved(Ok(resolved(sigv4(None))), &expected(plain))).is_err());
        // A property the client does not act on fails the case instead of passing unnoticed.
        let unknown = r#"{"authSchemes": [{"name": "sigv4", "signingName": "s3", "signingRegion": "us-east-1", "disableDoubleEncoding": true, "signingRegionSet": ["*"]}]}"#;
        let with_unknown = resolved(sigv4(Some(("signingRegionSet", Document::Array(vec![Document::from("*")])))));
        assert!(std::panic::catch_unwind(|| check_resolved(Ok(with_unknown), &expected(unknown))).is_err());
    }
}
