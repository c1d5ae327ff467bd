//! Helpers for the protocol compliance tests the generator emits from `smithy.test` traits.
//! Each check compares one field a case states and fails with
//! `protocol test mismatch in FIELD: ...` (see [`Field`]); with
//! `SMITHY_PROTOCOL_TEST_SABOTAGE=FIELD` set, the value under test is altered in that field
//! first, so every case that states it must fail (the harness's negative control). They are for
//! tests only.

use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;

use crate::client::{Failure, HttpResponse, Runtime, ServiceSpec};
use crate::config::{Config, Credentials, Region};

mod body;
mod capture;
#[cfg(feature = "event-stream")]
mod events;
mod field;
mod json_value;
mod request;

pub use body::{check_body, BodyKind};
pub use capture::{Capture, Sender};
#[cfg(feature = "event-stream")]
pub use events::{call_error, check_sent_count, check_sent_event, event_response, events, exchange, Exchange, Sent};
pub use field::{check_eq, mismatch, sabotaged, sabotaging, Field, SABOTAGE_ENV};
pub use request::{check_request, ExpectedRequest};

/// The idempotency token the Smithy protocol tests expect when a case leaves a token unset.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

fn fixed_token() -> String {
    IDEMPOTENCY_TOKEN.to_owned()
}

/// A client for `endpoint` in `region` whose requests end in a [`Capture`]: fixed test
/// credentials (and a test token, API key and login), one attempt, the protocol tests'
/// idempotency token.
pub fn runtime(endpoint: &str, service: &'static ServiceSpec, region: &str) -> Sender {
    runtime_with(Config::builder().endpoint_url(endpoint), service, region)
}

/// [`runtime`] for a case whose endpoint the rules resolve from the region and these settings.
pub fn runtime_with(mut builder: crate::config::Builder, service: &'static ServiceSpec, region: &str) -> Sender {
    let capture = Capture::default();
    builder.apply_test_defaults();
    let config = builder
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "protocol-test-secret", None, None, "protocol-test"))
        .retry_config(crate::config::RetryConfig::standard().with_max_attempts(1))
        .http_client(capture.clone())
        .build();
    Sender::new(Runtime::new(config, service).with_idempotency_token(fixed_token), capture)
}

/// Sets a boolean client context parameter (`ForcePathStyle`) on a config builder.
pub fn context_flag(builder: &mut crate::config::Builder, name: &'static str, value: bool) {
    builder.set_context_param(name, Some(crate::config::ContextParam::Bool(value)));
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

/// A raw response whose body a case states in base64 (CBOR).
pub fn response_base64(code: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let bytes = aws_smithy_types::base64::decode(body).expect("the case's body is base64");
    let mut raw = response(code, headers, "");
    *raw.body_mut() = SdkBody::from(bytes);
    raw
}

/// The response of a case that describes a success, as the client classifies it.
#[track_caller]
pub fn success(raw: HttpResponse, service: &'static ServiceSpec) -> HttpResponse {
    Runtime::classify_with(raw, service.protocol)
        .unwrap_or_else(|failure| mismatch(Field::Output, format_args!("the response was taken for an error: {failure}")))
}

/// The failure of a case that describes an error response, as the client classifies it. When
/// the error variant is sabotaged, the code the client matches variants by is replaced.
#[track_caller]
pub fn service_failure(raw: HttpResponse, service: &'static ServiceSpec) -> Failure {
    let failure = match Runtime::classify_with(raw, service.protocol) {
        Ok(_) => mismatch(Field::ErrorVariant, format_args!("the response was taken for a success")),
        Err(failure) => failure,
    };
    match failure {
        Failure::Service { raw, .. } if sabotaging(Field::ErrorVariant) => {
            Failure::Service { meta: ErrorMetadata::builder().code("SabotagedErrorCode").build(), raw }
        }
        other => other,
    }
}

/// Fails because the error parsed as another variant than the case's.
#[track_caller]
pub fn wrong_variant(error: &dyn std::fmt::Debug) -> ! {
    mismatch(Field::ErrorVariant, format_args!("parsed as the wrong error: {error:?}"))
}

/// Fails unless the parsed error reports `expected` as its code.
#[track_caller]
pub fn check_error_code(actual: Option<&str>, expected: &str) {
    let actual = altered(Field::ErrorCode, actual);
    check_eq(Field::ErrorCode, "code()", &actual.as_deref(), &Some(expected));
}

/// Fails unless the parsed error reports `expected` as its awsQuery error type.
#[track_caller]
pub fn check_error_type(actual: Option<&str>, expected: &str) {
    let actual = altered(Field::ErrorType, actual);
    check_eq(Field::ErrorType, "error type (extra \"type\")", &actual.as_deref(), &Some(expected));
}

/// Fails unless the request id read from the response is the one the case's response carries.
#[track_caller]
pub fn check_request_id(actual: Option<&str>, expected: Option<&str>) {
    let actual = altered(Field::RequestId, actual);
    check_eq(Field::RequestId, "request id", &actual.as_deref(), &expected);
}

/// Fails unless the parsed value equals the case's (by `==`).
#[track_caller]
pub fn check_value<T: PartialEq + std::fmt::Debug>(actual: &T, expected: &T) {
    check_eq(Field::Output, "parsed value", actual, expected);
}

/// Fails unless the parsed value prints as the case's does (for values holding NaN, which
/// `==` never matches).
#[track_caller]
pub fn check_debug<T: std::fmt::Debug>(actual: &T, expected: &T) {
    check_eq(Field::Output, "parsed value", &format!("{actual:?}"), &format!("{expected:?}"));
}

/// A text read from the response, altered when `field` is sabotaged.
fn altered(field: Field, value: Option<&str>) -> Option<String> {
    let value = value.map(str::to_owned);
    if !sabotaging(field) {
        return value;
    }
    Some(value.map_or_else(|| "X".to_owned(), |v| v + "X"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        std::panic::catch_unwind(f).err().and_then(|p| p.downcast_ref::<String>().cloned()).unwrap_or_default()
    }

    #[test]
    fn response_checks_name_their_field() {
        check_error_code(Some("Foo"), "Foo");
        assert!(message(|| check_error_code(Some("Bar"), "Foo")).starts_with("protocol test mismatch in error-code:"));
        assert!(message(|| check_error_code(None, "Foo")).starts_with("protocol test mismatch in error-code:"));
        check_error_type(Some("Sender"), "Sender");
        assert!(message(|| check_error_type(None, "Sender")).starts_with("protocol test mismatch in error-type:"));
        check_request_id(None, None);
        check_request_id(Some("id"), Some("id"));
        assert!(message(|| check_request_id(Some("id"), None)).starts_with("protocol test mismatch in request-id:"));
        check_value(&1, &1);
        assert!(message(|| check_value(&1, &2)).starts_with("protocol test mismatch in output:"));
        check_debug(&f64::NAN, &f64::NAN);
        assert!(message(|| check_debug(&f64::NAN, &1.0)).starts_with("protocol test mismatch in output:"));
        assert!(message(|| wrong_variant(&"Unhandled")).starts_with("protocol test mismatch in error-variant:"));
    }
}
