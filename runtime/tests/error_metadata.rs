//! `error_metadata`, `request_id` and `Runtime::classify` on hand-made responses.

use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use smithy_client_runtime::client::{request_id, Failure, HttpResponse, Protocol, Runtime};

fn error_metadata(raw: &HttpResponse) -> aws_smithy_types::error::ErrorMetadata {
    Protocol::AwsJson1_1.error_metadata(raw)
}
use smithy_client_runtime::RequestId;

fn response(status: u16, headers: &[(&'static str, &'static str)], body: &str) -> HttpResponse {
    let mut raw = HttpResponse::new(
        StatusCode::try_from(status).expect("status"),
        SdkBody::from(body.to_owned()),
    );
    for (name, value) in headers {
        raw.headers_mut().insert(*name, *value);
    }
    raw
}

#[test]
fn code_from_header_wins() {
    let raw = response(
        400,
        &[(
            "X-Amzn-ErrorType",
            "InvalidParameterException:http://internal.amazon.com/coral/",
        )],
        r#"{"__type":"com.amazonaws#Other","message":"bad parameter"}"#,
    );
    let meta = error_metadata(&raw);
    assert_eq!(meta.code(), Some("InvalidParameterException"));
    assert_eq!(meta.message(), Some("bad parameter"));
}

#[test]
fn code_from_type_with_namespace_and_suffix() {
    let raw = response(
        400,
        &[("x-amzn-requestid", "11111111-2222")],
        r#"{"__type":"com.amazonaws.cognito#ResourceNotFoundException:http://internal/","Message":"missing"}"#,
    );
    let meta = error_metadata(&raw);
    assert_eq!(meta.code(), Some("ResourceNotFoundException"));
    assert_eq!(meta.message(), Some("missing"));
    assert_eq!(meta.request_id(), Some("11111111-2222"));
    assert_eq!(request_id(&raw), Some("11111111-2222"));
}

#[test]
fn code_from_code_field() {
    let raw = response(
        400,
        &[("x-amz-request-id", "fallback-id")],
        r#"{"code":"aws.example#ValidationException","errorMessage":"invalid"}"#,
    );
    let meta = error_metadata(&raw);
    assert_eq!(meta.code(), Some("ValidationException"));
    assert_eq!(meta.message(), Some("invalid"));
    assert_eq!(meta.request_id(), Some("fallback-id"));
}

#[test]
fn empty_header_code_falls_back_to_body() {
    let raw = response(400, &[("x-amzn-errortype", "")], r#"{"__type":"FooError"}"#);
    assert_eq!(error_metadata(&raw).code(), Some("FooError"));
}

#[test]
fn html_body_still_yields_metadata() {
    let raw = response(
        502,
        &[("x-amzn-requestid", "html-id")],
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    );
    let meta = error_metadata(&raw);
    assert_eq!(meta.code(), None);
    assert_eq!(meta.message(), None);
    assert_eq!(meta.request_id(), Some("html-id"));
}

#[test]
fn empty_and_non_object_bodies_yield_empty_metadata() {
    for body in [
        "",
        "null",
        "[1,2]",
        "\"text\"",
        "{\"__type\": 5}",
        "{truncated",
    ] {
        let meta = error_metadata(&response(500, &[], body));
        assert_eq!(meta.code(), None, "{body}");
        assert_eq!(meta.message(), None, "{body}");
        assert_eq!(meta.request_id(), None, "{body}");
    }
}

#[test]
fn classify_passes_2xx_and_rejects_the_rest() {
    let ok = Runtime::classify_with(response(200, &[], r#"{"a":1}"#), Protocol::AwsJson1_1).expect("2xx");
    assert_eq!(ok.body().bytes(), Some(&br#"{"a":1}"#[..]));
    assert_eq!(request_id(&ok), None);

    let failure = Runtime::classify_with(response(
        400,
        &[("x-amzn-requestid", "r")],
        r#"{"__type":"ThrottlingException","message":"slow down"}"#,
    ), Protocol::AwsJson1_1)
    .expect_err("4xx");
    let Failure::Service { meta, raw } = failure else {
        panic!("expected a service failure");
    };
    assert_eq!(meta.code(), Some("ThrottlingException"));
    assert_eq!(meta.request_id(), Some("r"));
    assert_eq!(raw.status().as_u16(), 400);

    assert!(Runtime::classify_with(response(301, &[], ""), Protocol::AwsJson1_1).is_err());
}
