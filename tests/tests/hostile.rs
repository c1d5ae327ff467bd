//! Hostile and broken responses: the generated Cognito client must turn every one of them into
//! a typed `SdkError` (never a panic, never a hang), and no secret may show up in `Debug` or
//! `Display` output or in log/tracing events.
//!
//! The server is a tiny HTTP/1.1 stub (tests/tests/common/stub.rs, std threads, `127.0.0.1:0`):
//! it reads one request per connection and then answers a canned byte string, streams a large
//! body, says nothing, or hangs up. Every loop in it is bounded by a deadline, every call by an
//! operation timeout, and every test by an outer guard, so a regression fails instead of
//! blocking the run. Timeouts are asserted by the kind of error they give, not by the clock:
//! the silent stub holds the connection far longer than the client's timeout, so only the
//! timeout can end the call in time.
//!
//! The second half holds property tests (proptest, from a fixed seed that `PROPTEST_RNG_SEED`
//! changes) over the JSON response deserialisers and the error-metadata parser, fed arbitrary
//! JSON values and arbitrary bytes.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::Ordering;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use cognito::config::retry::RetryConfig;
use cognito::config::timeout::TimeoutConfig;
use cognito::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use cognito::operation::sign_up::{SignUpError, SignUpOutput};
use cognito::operation::RequestId;
use cognito_identity_provider as cognito;

const ACCESS_KEY: &str = "AKIDTEST";
const SECRET: &str = "SECRETKEYwJalrXUtnFEMIK7MDENGbPxRfiCY";
const TOKEN: &str = "SESSIONTOKENzQ29nbml0b1Rlc3RUb2tlbg";
const SECRET_PASSWORD: &str = "SECRET_PASSWORD_Hunter2!";

/// Upper bound for any single call: a hang fails the test instead of blocking the run. Shorter
/// than the stub's `HOLD`, so a timeout that does not fire is caught here.
const GUARD: Duration = Duration::from_secs(45);

/// The operation timeout of calls that are expected to finish on their own (which takes
/// milliseconds): generous, so that a busy machine does not turn a slow answer into a timeout.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(30);

#[path = "common/seeded.rs"]
mod seeded;
#[path = "common/stub.rs"]
mod stub;
use stub::{http, Received, Reply, Stub, HOLD};

/// A JSON response in the awsJson 1.1 content type.
fn json(status: u16, body: &str) -> Reply {
    http(
        status,
        &[("Content-Type", "application/x-amz-json-1.1")],
        body,
    )
}


// ---------------------------------------------------------------------------------------------
// Clients and helpers
// ---------------------------------------------------------------------------------------------

fn timeouts(operation: Duration) -> TimeoutConfig {
    TimeoutConfig::builder()
        .operation_timeout(operation)
        .build()
}

fn config(addr: SocketAddr, retry: RetryConfig, timeouts: TimeoutConfig) -> cognito::Config {
    cognito::Config::builder()
        .behavior_version(cognito::config::BehaviorVersion::latest())
        .region(cognito::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{addr}"))
        .credentials_provider(cognito::config::Credentials::new(
            ACCESS_KEY,
            SECRET,
            Some(TOKEN.into()),
            None,
            "test",
        ))
        .retry_config(retry)
        .timeout_config(timeouts)
        .build()
}

/// The client most cases use: no retries, the generous operation timeout.
fn client(addr: SocketAddr) -> cognito::Client {
    client_with(addr, timeouts(OPERATION_TIMEOUT))
}

fn client_with(addr: SocketAddr, timeouts: TimeoutConfig) -> cognito::Client {
    cognito::Client::from_conf(config(addr, RetryConfig::disabled(), timeouts))
}

async fn sign_up(client: &cognito::Client) -> Result<SignUpOutput, SdkError<SignUpError>> {
    client
        .sign_up()
        .client_id("client-1")
        .username("alice")
        .password(SECRET_PASSWORD)
        .send()
        .await
}

/// Runs `future` under the outer guard: a hang fails the test instead of blocking the run.
async fn guarded<F: std::future::Future>(future: F) -> F::Output {
    match tokio::time::timeout(GUARD, future).await {
        Ok(output) => output,
        Err(_) => panic!("the call did not finish within {GUARD:?}: it hangs"),
    }
}

/// One SignUp against a stub serving `reply`, with the default client.
async fn sign_up_against(reply: Reply) -> (Result<SignUpOutput, SdkError<SignUpError>>, Stub) {
    let stub = Stub::new(reply);
    let client = client(stub.addr);
    let result = guarded(sign_up(&client)).await;
    (result, stub)
}

/// The name of an `SdkError` variant, for assertions with readable failures.
fn variant<E, R>(err: &SdkError<E, R>) -> &'static str {
    match err {
        SdkError::ConstructionFailure(_) => "ConstructionFailure",
        SdkError::TimeoutError(_) => "TimeoutError",
        SdkError::DispatchFailure(_) => "DispatchFailure",
        SdkError::ResponseError(_) => "ResponseError",
        SdkError::ServiceError(_) => "ServiceError",
        _ => "(unknown SdkError variant)",
    }
}

/// `Unhandled` is deprecated to discourage matching on it by name; the tests need to.
#[allow(deprecated)]
fn is_unhandled(err: &SignUpError) -> bool {
    matches!(err, SignUpError::Unhandled(_))
}

/// Every secret this file hands to the client.
const SECRETS: [(&str, &str); 3] = [
    ("secret access key", SECRET),
    ("session token", TOKEN),
    ("password", SECRET_PASSWORD),
];

fn assert_no_secrets(what: &str, text: &str) {
    for (name, secret) in SECRETS {
        assert!(!text.contains(secret), "{what} leaks the {name}:\n{text}");
    }
}

/// Every rendering of an error a user might log.
fn assert_error_renders_without_secrets<E, R>(err: &SdkError<E, R>)
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    assert_no_secrets("SdkError Debug", &format!("{err:?}"));
    assert_no_secrets("SdkError Display", &format!("{err}"));
    assert_no_secrets(
        "SdkError DisplayErrorContext",
        &format!("{}", DisplayErrorContext(err)),
    );
}

/// The error as a response error: checks the variant, the raw response's status and that the
/// error carries no code, and returns the rendered error chain.
fn expect_response_error(
    result: Result<SignUpOutput, SdkError<SignUpError>>,
    status: u16,
) -> String {
    let err = match result {
        Ok(output) => panic!("expected a ResponseError, got Ok({output:?})"),
        Err(err) => err,
    };
    assert_eq!(variant(&err), "ResponseError", "{err:?}");
    assert_error_renders_without_secrets(&err);
    let raw = err
        .raw_response()
        .expect("a response error keeps the raw response");
    assert_eq!(raw.status().as_u16(), status);
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), None);
    let chain = format!("{}", DisplayErrorContext(&err));
    let service = err.into_service_error();
    assert!(is_unhandled(&service), "{service:?}");
    assert_eq!(service.code(), None);
    chain
}

/// The error as a service error; returns the operation error.
fn expect_service_error(
    result: Result<SignUpOutput, SdkError<SignUpError>>,
    status: u16,
) -> SignUpError {
    let err = match result {
        Ok(output) => panic!("expected a ServiceError, got Ok({output:?})"),
        Err(err) => err,
    };
    assert_eq!(variant(&err), "ServiceError", "{err:?}");
    assert_error_renders_without_secrets(&err);
    let raw = err
        .raw_response()
        .expect("a service error keeps the raw response");
    assert_eq!(raw.status().as_u16(), status);
    let code = err.code().map(str::to_owned);
    let service = err.into_service_error();
    assert_eq!(service.code().map(str::to_owned), code);
    service
}

// ---------------------------------------------------------------------------------------------
// 2xx responses whose body does not match the model
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn ok_with_truncated_json_is_a_response_error() {
    let (result, _stub) = sign_up_against(json(200, r#"{"UserSub":"abc","UserConf"#)).await;
    let chain = expect_response_error(result, 200);
    assert!(chain.contains("not JSON"), "{chain}");
}

#[tokio::test]
async fn ok_with_wrong_value_types_is_a_response_error() {
    let (result, _stub) =
        sign_up_against(json(200, r#"{"UserSub": 5, "UserConfirmed": "yes"}"#)).await;
    let chain = expect_response_error(result, 200);
    // The first member that does not fit is named.
    assert!(
        chain.contains("UserConfirmed") || chain.contains("UserSub"),
        "{chain}"
    );
}

#[tokio::test]
async fn ok_with_wrong_nested_types_is_a_response_error() {
    let body = r#"{"UserSub":"s","UserConfirmed":false,
                   "CodeDeliveryDetails":{"Destination":["not","a","string"]}}"#;
    let (result, _stub) = sign_up_against(json(200, body)).await;
    let chain = expect_response_error(result, 200);
    assert!(chain.contains("CodeDeliveryDetails"), "{chain}");
}

#[tokio::test]
async fn ok_with_non_object_bodies_is_a_response_error() {
    for body in [
        "[]",
        r#"[{"UserSub":"s"}]"#,
        r#""a string""#,
        "null",
        "42",
        "true",
    ] {
        let (result, _stub) = sign_up_against(json(200, body)).await;
        let chain = expect_response_error(result, 200);
        assert!(chain.contains("expected an object"), "{body}: {chain}");
    }
}

#[tokio::test]
async fn ok_with_invalid_utf8_is_a_response_error() {
    let reply = http(200, &[], b"{\"UserSub\":\"\xff\xfe\"}".to_vec());
    let (result, _stub) = sign_up_against(reply).await;
    expect_response_error(result, 200);
}

#[tokio::test]
async fn ok_with_deeply_nested_json_is_a_response_error_not_a_stack_overflow() {
    // serde_json stops at 128 levels; deeper input must be rejected, not recursed into.
    let depth = 100_000;
    let body = format!(
        r#"{{"UserSub":{}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let (result, _stub) = sign_up_against(json(200, &body)).await;
    expect_response_error(result, 200);
}

#[tokio::test]
async fn ok_with_empty_body_reads_as_an_empty_object() {
    // awsJson allows an empty body for an output with no members set; it reads as `{}`. SignUp's
    // required members then take their zero values: `UserConfirmed` false and `UserSub` "" (a
    // required member the service left out is not an error for a client, as in smithy-rs'
    // client-careful mode).
    for body in ["", "  \r\n\t "] {
        let (result, _stub) =
            sign_up_against(http(200, &[("x-amzn-requestid", "req-empty")], body)).await;
        let output = result.unwrap_or_else(|err| panic!("{body:?}: {}", DisplayErrorContext(&err)));
        assert!(!output.user_confirmed());
        assert_eq!(output.user_sub(), "");
        assert_eq!(output.code_delivery_details(), None);
        assert_eq!(output.session(), None);
        assert_eq!(output.request_id(), Some("req-empty"));
    }
}

#[tokio::test]
async fn ok_with_unknown_members_and_nulls_succeeds() {
    let body = r#"{"UserSub":"sub-1","UserConfirmed":true,"Session":null,
                   "SomethingNew":{"deep":[1,2,{"x":null}]},"__type":"ignored"}"#;
    let (result, _stub) = sign_up_against(json(200, body)).await;
    let output = result.unwrap_or_else(|err| panic!("{}", DisplayErrorContext(&err)));
    assert_eq!(output.user_sub(), "sub-1");
    assert!(output.user_confirmed());
    assert_eq!(output.session(), None);
}

// ---------------------------------------------------------------------------------------------
// Error responses
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn bad_request_with_an_html_page_is_an_unhandled_service_error() {
    let page =
        "<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1></body></html>";
    let reply = http(400, &[("Content-Type", "text/html")], page);
    let (result, _stub) = sign_up_against(reply).await;
    let err = expect_service_error(result, 400);
    assert!(is_unhandled(&err), "{err:?}");
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), None);
    assert_eq!(err.to_string(), "unhandled error");
}

#[tokio::test]
async fn empty_internal_server_error_is_an_unhandled_service_error() {
    let (result, stub) = sign_up_against(http(500, &[], "")).await;
    let err = expect_service_error(result, 500);
    assert!(is_unhandled(&err), "{err:?}");
    assert_eq!(err.code(), None);
    // Retries are disabled: one request only.
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn empty_internal_server_error_is_retried_then_reported() {
    let stub = Stub::new(http(500, &[], ""));
    let retry = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5));
    let client = cognito::Client::from_conf(config(stub.addr, retry, timeouts(OPERATION_TIMEOUT)));
    let result = guarded(sign_up(&client)).await;
    let err = expect_service_error(result, 500);
    assert!(is_unhandled(&err), "{err:?}");
    assert_eq!(stub.requests().len(), 3, "3 attempts");
}

#[tokio::test]
async fn modelled_error_is_its_typed_variant() {
    let reply = http(
        500,
        &[
            ("Content-Type", "application/x-amz-json-1.1"),
            ("x-amzn-requestid", "req-500"),
        ],
        r#"{"__type":"InternalErrorException","message":"x"}"#,
    );
    let (result, _stub) = sign_up_against(reply).await;
    let err = expect_service_error(result, 500);
    assert!(err.is_internal_error_exception(), "{err:?}");
    assert_eq!(err.code(), Some("InternalErrorException"));
    assert_eq!(err.message(), Some("x"));
    assert_eq!(err.request_id(), Some("req-500"));
    assert_eq!(err.to_string(), "InternalErrorException: x");
    match err {
        SignUpError::InternalErrorException(inner) => assert_eq!(inner.message(), Some("x")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unknown_error_code_is_unhandled_with_the_sanitised_code() {
    let reply = json(
        400,
        r#"{"__type":"com.example#SomethingNew:http://x","message":"m"}"#,
    );
    let (result, _stub) = sign_up_against(reply).await;
    let err = expect_service_error(result, 400);
    assert!(is_unhandled(&err), "{err:?}");
    assert_eq!(err.code(), Some("SomethingNew"));
    assert_eq!(err.message(), Some("m"));
    assert_eq!(err.to_string(), "unhandled error (SomethingNew)");
}

#[tokio::test]
async fn error_type_header_takes_precedence_over_the_body() {
    let reply = http(
        400,
        &[(
            "x-amzn-errortype",
            "UsernameExistsException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        )],
        r#"{"__type":"InternalErrorException","message":"taken"}"#,
    );
    let (result, _stub) = sign_up_against(reply).await;
    let err = expect_service_error(result, 400);
    assert!(err.is_username_exists_exception(), "{err:?}");
    assert_eq!(err.code(), Some("UsernameExistsException"));
    assert_eq!(err.message(), Some("taken"));
}

#[tokio::test]
async fn error_code_in_the_code_member_and_message_in_a_header() {
    let reply = http(
        400,
        &[("x-amzn-errormessage", "from the header")],
        r#"{"code":"aws.cognito#InvalidPasswordException"}"#,
    );
    let (result, _stub) = sign_up_against(reply).await;
    let err = expect_service_error(result, 400);
    assert!(err.is_invalid_password_exception(), "{err:?}");
    assert_eq!(err.message(), Some("from the header"));
}

#[tokio::test]
async fn modelled_error_with_wrong_member_types_is_still_an_error() {
    // A non-string `message`, and a structure-typed `reasonCode`: the error body does not
    // match the model. Either the typed variant or `Unhandled` is fine, as long as the code
    // survives and nothing panics.
    let cases = [
        r#"{"__type":"InvalidPasswordException","message":5}"#,
        r#"{"__type":"InvalidParameterException","message":"m","reasonCode":{"a":[1]}}"#,
        r#"{"__type":"InvalidParameterException","message":["m"],"reasonCode":true}"#,
    ];
    for body in cases {
        let (result, _stub) = sign_up_against(json(400, body)).await;
        let err = expect_service_error(result, 400);
        let code = err.code().map(str::to_owned);
        assert!(
            matches!(
                code.as_deref(),
                Some("InvalidPasswordException" | "InvalidParameterException")
            ),
            "{body}: {err:?}"
        );
        if is_unhandled(&err) {
            // The body could not be read as the modelled error; the source says why.
            let source = std::error::Error::source(&err).map(ToString::to_string);
            assert!(
                source
                    .as_deref()
                    .is_some_and(|s| s.contains("invalid JSON response")),
                "{body}: {source:?}"
            );
        }
    }
}

#[tokio::test]
async fn error_with_a_non_string_type_member_is_unhandled_without_a_code() {
    for body in [
        r#"{"__type":5,"message":"m"}"#,
        r#"{"__type":"","message":"m"}"#,
        r##"{"__type":"ns#"}"##,
    ] {
        let (result, _stub) = sign_up_against(json(400, body)).await;
        let err = expect_service_error(result, 400);
        assert!(is_unhandled(&err), "{body}: {err:?}");
        assert_eq!(err.code(), None, "{body}");
    }
}

#[tokio::test]
async fn redirect_is_not_followed_and_is_a_service_error() {
    let reply = http(302, &[("Location", "http://127.0.0.1:1/elsewhere")], "");
    let (result, stub) = sign_up_against(reply).await;
    let err = expect_service_error(result, 302);
    assert!(is_unhandled(&err), "{err:?}");
    assert_eq!(stub.connections(), 1);
}

// ---------------------------------------------------------------------------------------------
// Bodies that are too large or cut short
// ---------------------------------------------------------------------------------------------

const HUGE: usize = 20 * 1024 * 1024;

#[tokio::test]
async fn huge_declared_body_is_a_response_error() {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {HUGE}\r\n\r\n"
    );
    // That the declared length is refused before the body is read is shown by
    // runtime/tests/client.rs (`oversized_bodies_fail_without_retry`, where the kept body is
    // empty); SignUp's output is sensitive, so here the kept body is the redaction text.
    let (result, _stub) = sign_up_against(Reply::Stream {
        head: head.into_bytes(),
        body_len: HUGE,
    })
    .await;
    let chain = expect_response_error(result, 200);
    assert!(chain.contains("larger than the limit"), "{chain}");
}

#[tokio::test]
async fn huge_undeclared_body_is_a_response_error() {
    // No Content-Length: the body runs until the server closes, so only the running count can
    // stop it.
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nConnection: close\r\n\r\n";
    let (result, _stub) = sign_up_against(Reply::Stream {
        head: head.as_bytes().to_vec(),
        body_len: HUGE,
    })
    .await;
    let chain = expect_response_error(result, 200);
    assert!(chain.contains("larger than the limit"), "{chain}");
}

#[tokio::test]
async fn huge_error_body_is_a_response_error() {
    let head = format!("HTTP/1.1 500 Internal Server Error\r\nContent-Length: {HUGE}\r\n\r\n");
    let (result, _stub) = sign_up_against(Reply::Stream {
        head: head.into_bytes(),
        body_len: HUGE,
    })
    .await;
    let chain = expect_response_error(result, 500);
    assert!(chain.contains("larger than the limit"), "{chain}");
}

#[tokio::test]
async fn body_cut_short_is_a_response_error() {
    let mut bytes = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".to_vec();
    bytes.extend_from_slice(br#"{"UserSub":"#);
    let (result, _stub) = sign_up_against(Reply::Bytes(bytes)).await;
    let chain = expect_response_error(result, 200);
    assert!(
        chain.contains("reading the response body failed"),
        "{chain}"
    );
}

#[tokio::test]
async fn malformed_chunked_body_is_a_response_error() {
    let bytes =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n".to_vec();
    let (result, _stub) = sign_up_against(Reply::Bytes(bytes)).await;
    expect_response_error(result, 200);
}

#[tokio::test]
async fn absurd_chunk_size_is_an_error_not_an_allocation() {
    // A chunk that claims to be 2^64 - 1 bytes long, followed by a few bytes and a hang-up.
    let bytes =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{}".to_vec();
    let (result, _stub) = sign_up_against(Reply::Bytes(bytes)).await;
    let err = result.expect_err("absurd chunk");
    // hyper may reject the chunk size while reading the body (ResponseError) or the body ends
    // early when the server hangs up (also ResponseError); either way a typed error.
    assert_eq!(variant(&err), "ResponseError", "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Servers that say nothing, hang up, or do not speak HTTP
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn server_that_never_answers_times_out_within_the_operation_timeout() {
    let limit = Duration::from_millis(300);
    let stub = Stub::new(Reply::BytesThenHold(Vec::new()));
    let client = client_with(stub.addr, timeouts(limit));
    let started = Instant::now();
    let err = guarded(sign_up(&client)).await.expect_err("no answer");
    let elapsed = started.elapsed();
    assert_eq!(variant(&err), "TimeoutError", "{err:?}");
    assert!(elapsed >= limit, "{elapsed:?}");
    assert!(elapsed < HOLD / 2, "{elapsed:?}: the call waited for the stub to let go");
    assert_error_renders_without_secrets(&err);
    assert_eq!(err.code(), None);
    assert!(err.raw_response().is_none());
    let service = err.into_service_error();
    assert!(is_unhandled(&service), "{service:?}");
    assert_eq!(stub.requests().len(), 1, "the request did arrive");
}

#[tokio::test]
async fn server_that_never_answers_times_out_within_the_attempt_timeout() {
    let stub = Stub::new(Reply::BytesThenHold(Vec::new()));
    // No operation timeout: only the attempt timeout can end the call with a TimeoutError
    // before `guarded` gives up (and long before the stub lets go).
    let config = TimeoutConfig::builder()
        .operation_attempt_timeout(Duration::from_millis(200))
        .build();
    let client = client_with(stub.addr, config);
    let err = guarded(sign_up(&client)).await.expect_err("no answer");
    assert_eq!(variant(&err), "TimeoutError", "{err:?}");
}

#[tokio::test]
async fn server_that_never_answers_hits_the_read_timeout_as_a_dispatch_failure() {
    let stub = Stub::new(Reply::BytesThenHold(Vec::new()));
    let config = TimeoutConfig::builder()
        .read_timeout(Duration::from_millis(200))
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let client = client_with(stub.addr, config);
    let err = guarded(sign_up(&client)).await.expect_err("no answer");
    // A timeout of the transport, not the (30 s) operation timeout.
    match &err {
        SdkError::DispatchFailure(failure) => assert!(failure.is_timeout(), "{err:?}"),
        other => panic!(
            "expected DispatchFailure, got {}: {other:?}",
            variant(other)
        ),
    }
    assert_error_renders_without_secrets(&err);
}

#[tokio::test]
async fn server_that_stalls_mid_body_times_out() {
    let head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"UserSub\":".to_vec();
    let stub = Stub::new(Reply::BytesThenHold(head));
    let client = client_with(stub.addr, timeouts(Duration::from_millis(300)));
    let err = guarded(sign_up(&client)).await.expect_err("stalled body");
    assert_eq!(variant(&err), "TimeoutError", "{err:?}");
}

#[tokio::test]
async fn connection_closed_without_a_response_is_a_dispatch_failure() {
    let (result, stub) = sign_up_against(Reply::Bytes(Vec::new())).await;
    let err = result.expect_err("no response");
    match &err {
        SdkError::DispatchFailure(failure) => {
            assert!(failure.is_io() || failure.is_other(), "{err:?}");
            assert!(!failure.is_timeout(), "{err:?}");
        }
        other => panic!(
            "expected DispatchFailure, got {}: {other:?}",
            variant(other)
        ),
    }
    assert_error_renders_without_secrets(&err);
    assert_eq!(err.code(), None);
    assert!(is_unhandled(&err.into_service_error()));
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn connection_closed_after_half_a_status_line_is_a_dispatch_failure() {
    let (result, _stub) = sign_up_against(Reply::Bytes(b"HTTP/1.1 20".to_vec())).await;
    let err = result.expect_err("half a status line");
    assert_eq!(variant(&err), "DispatchFailure", "{err:?}");
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_dispatch_failure() {
    let (result, _stub) = sign_up_against(Reply::Bytes(
        b"SSH-2.0-OpenSSH_9.0\r\n\r\n\x00\x01\x02".to_vec(),
    ))
    .await;
    let err = result.expect_err("not HTTP");
    assert_eq!(variant(&err), "DispatchFailure", "{err:?}");
}

#[tokio::test]
async fn too_many_response_headers_is_a_dispatch_failure() {
    let mut head = String::from("HTTP/1.1 200 OK\r\n");
    for i in 0..500 {
        let _ = write!(head, "x-filler-{i}: {i}\r\n");
    }
    head.push_str("Content-Length: 2\r\n\r\n{}");
    let (result, _stub) = sign_up_against(Reply::Bytes(head.into_bytes())).await;
    let err = result.expect_err("too many headers");
    assert_eq!(variant(&err), "DispatchFailure", "{err:?}");
}

#[tokio::test]
async fn odd_status_lines_and_framing_give_typed_errors() {
    // (raw response, expected outcome): "Ok", or the SdkError variant.
    let cases: &[(&[u8], &str)] = &[
        (b"HTTP/1.1 299 Odd\r\nContent-Length: 2\r\n\r\n{}", "Ok"),
        (
            b"HTTP/1.1 600 Odd\r\nContent-Length: 2\r\n\r\n{}",
            "ServiceError",
        ),
        (
            b"HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n",
            "ServiceError",
        ),
        (
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n",
            "ServiceError",
        ),
        (
            b"HTTP/1.1 1000 Odd\r\nContent-Length: 0\r\n\r\n",
            "DispatchFailure",
        ),
        (
            b"HTTP/1.1 abc Odd\r\nContent-Length: 0\r\n\r\n",
            "DispatchFailure",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n{}",
            "DispatchFailure",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "DispatchFailure",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}",
            "DispatchFailure",
        ),
        (b"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n", "DispatchFailure"),
        (
            b"HTTP/1.1 200 OK\r\nx-amzn-requestid: \xff\xfe\r\nContent-Length: 2\r\n\r\n{}",
            "Ok",
        ),
        (
            b"HTTP/1.1 400 Bad\r\nx-amzn-errortype: \xff\xfe\r\nContent-Length: 2\r\n\r\n{}",
            "ServiceError",
        ),
    ];
    for (raw, expected) in cases {
        let (result, _stub) = sign_up_against(Reply::Bytes(raw.to_vec())).await;
        let outcome = match &result {
            Ok(_) => "Ok",
            Err(err) => variant(err),
        };
        assert_eq!(
            outcome,
            *expected,
            "{:?}: {result:?}",
            String::from_utf8_lossy(raw)
        );
        if let Err(err) = result {
            assert_error_renders_without_secrets(&err);
            let service = err.into_service_error();
            let _ = (service.code(), service.message(), service.to_string());
        }
    }
}

#[tokio::test]
async fn connection_refused_is_a_dispatch_failure() {
    let addr = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let client = client(addr);
    let err = guarded(sign_up(&client)).await.expect_err("refused");
    match &err {
        SdkError::DispatchFailure(failure) => assert!(failure.is_io(), "{err:?}"),
        other => panic!(
            "expected DispatchFailure, got {}: {other:?}",
            variant(other)
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

fn not_authorized() -> Reply {
    json(
        400,
        r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
    )
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_display() {
    let stub = Stub::new(not_authorized());
    let client = client(stub.addr);
    let conf = config(
        stub.addr,
        RetryConfig::disabled(),
        timeouts(OPERATION_TIMEOUT),
    );

    assert_no_secrets("Config Debug", &format!("{conf:?}"));
    assert_no_secrets("Config Debug (pretty)", &format!("{conf:#?}"));
    assert_no_secrets("Config builder Debug", &format!("{:?}", conf.to_builder()));
    assert_no_secrets("Client Debug", &format!("{client:?}"));
    assert_no_secrets("Client Debug (pretty)", &format!("{client:#?}"));
    assert_no_secrets("Client config Debug", &format!("{:?}", client.config()));

    let fluent = client
        .sign_up()
        .client_id("client-1")
        .secret_hash(SECRET_PASSWORD)
        .username("alice")
        .password(SECRET_PASSWORD);
    assert_no_secrets("SignUp fluent builder Debug", &format!("{fluent:?}"));
    assert_no_secrets(
        "SignUp fluent builder Debug (pretty)",
        &format!("{fluent:#?}"),
    );
    assert_no_secrets(
        "SignUp input builder Debug",
        &format!("{:?}", fluent.as_input()),
    );
    // The redaction is done field by field, not by printing nothing.
    let input_debug = format!("{:?}", fluent.as_input());
    assert!(
        input_debug.contains("password") && input_debug.contains("Sensitive Data Redacted"),
        "{input_debug}"
    );
    assert!(format!("{conf:?}").contains("us-east-1"));
    let input = fluent.as_input().clone().build().expect("input builds");
    assert_no_secrets("SignUpInput Debug", &format!("{input:?}"));
    assert_no_secrets("SignUpInput Debug (pretty)", &format!("{input:#?}"));

    let auth = client
        .initiate_auth()
        .auth_flow(cognito::types::AuthFlowType::UserPasswordAuth)
        .client_id("client-1")
        .auth_parameters("USERNAME", "alice")
        .auth_parameters("PASSWORD", SECRET_PASSWORD);
    assert_no_secrets("InitiateAuth fluent builder Debug", &format!("{auth:?}"));
    let auth_input = auth.as_input().clone().build().expect("input builds");
    assert_no_secrets("InitiateAuthInput Debug", &format!("{auth_input:?}"));

    let err = guarded(fluent.send()).await.expect_err("NotAuthorized");
    assert_eq!(variant(&err), "ServiceError", "{err:?}");
    assert_error_renders_without_secrets(&err);
    let service = err.into_service_error();
    assert!(service.is_not_authorized_exception(), "{service:?}");
    assert_no_secrets("SignUpError Debug", &format!("{service:?}"));
    assert_no_secrets("SignUpError Display", &format!("{service}"));
    let whole: cognito::Error = service.into();
    assert_no_secrets("crate::Error Debug", &format!("{whole:?}"));
    assert_no_secrets("crate::Error Display", &format!("{whole}"));

    let err = guarded(auth.send()).await.expect_err("NotAuthorized");
    assert_error_renders_without_secrets(&err);

    // A signed operation: the request carries the session token and a signature made with the
    // secret key; neither may come back through the error.
    let err = guarded(
        client
            .admin_get_user()
            .user_pool_id("us-east-1_pool")
            .username("alice")
            .send(),
    )
    .await
    .expect_err("NotAuthorized");
    assert_eq!(variant(&err), "ServiceError", "{err:?}");
    assert_error_renders_without_secrets(&err);

    // The wire, on the other hand, must carry what the service needs.
    let requests = stub.requests();
    assert_eq!(requests.len(), 3);
    let text = |r: &Received| String::from_utf8_lossy(r).into_owned();
    assert!(
        text(&requests[0]).contains(SECRET_PASSWORD),
        "SignUp sends the password"
    );
    assert!(
        !text(&requests[0])
            .to_ascii_lowercase()
            .contains("authorization:"),
        "SignUp is not signed"
    );
    let signed = text(&requests[2]).to_ascii_lowercase();
    assert!(
        signed.contains("authorization: aws4-hmac-sha256"),
        "{signed}"
    );
    assert!(
        signed.contains(&TOKEN.to_ascii_lowercase()),
        "the session token is sent"
    );
    assert!(
        !text(&requests[2]).contains(SECRET),
        "the secret key itself is never sent"
    );
}

#[tokio::test]
async fn secrets_never_appear_in_transport_errors() {
    // Errors that wrap the HTTP client's own error types.
    let stub = Stub::new(Reply::Bytes(Vec::new()));
    let client = client(stub.addr);
    let err = guarded(
        client
            .admin_get_user()
            .user_pool_id("p")
            .username("alice")
            .send(),
    )
    .await
    .expect_err("hung up");
    assert_eq!(variant(&err), "DispatchFailure", "{err:?}");
    assert_error_renders_without_secrets(&err);

    let stub = Stub::new(Reply::BytesThenHold(Vec::new()));
    let client = client_with(stub.addr, timeouts(Duration::from_millis(100)));
    let err = guarded(
        client
            .admin_get_user()
            .user_pool_id("p")
            .username("alice")
            .send(),
    )
    .await
    .expect_err("silent");
    assert_eq!(variant(&err), "TimeoutError", "{err:?}");
    assert_error_renders_without_secrets(&err);
}

#[tokio::test]
async fn response_tokens_stay_out_of_error_messages() {
    // A sign-in response carrying tokens, with one member of the wrong type. The messages of
    // the error and of its sources must not repeat the tokens, and neither may its Debug form
    // or `DisplayErrorContext`: InitiateAuth's output is sensitive, so the raw response kept in
    // the ResponseError has its body replaced by the redaction text (headers and status stay).
    const ACCESS_TOKEN: &str = "eyJACCESSTOKENsecretpart";
    let body = format!(
        r#"{{"AuthenticationResult":{{"AccessToken":"{ACCESS_TOKEN}","ExpiresIn":"soon"}}}}"#
    );
    let stub = Stub::new(json(200, &body));
    let client = client(stub.addr);
    let err = guarded(
        client
            .initiate_auth()
            .auth_flow(cognito::types::AuthFlowType::UserPasswordAuth)
            .client_id("client-1")
            .auth_parameters("USERNAME", "alice")
            .auth_parameters("PASSWORD", SECRET_PASSWORD)
            .send(),
    )
    .await
    .expect_err("ExpiresIn is not an integer");
    assert_eq!(variant(&err), "ResponseError", "{err:?}");
    let mut chain = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(&err);
    while let Some(e) = next {
        chain.push(e.to_string());
        next = e.source();
    }
    let chain = chain.join(": ");
    assert!(chain.contains("ExpiresIn"), "{chain}");
    assert!(!chain.contains(ACCESS_TOKEN), "{chain}");
    for text in [format!("{err:?}"), format!("{err:#?}"), format!("{}", cognito::error::DisplayErrorContext(&err))] {
        assert!(!text.contains(ACCESS_TOKEN), "the raw response leaks the token: {text}");
    }
    assert_error_renders_without_secrets(&err);
}

// ---------------------------------------------------------------------------------------------
// Tracing and log events
// ---------------------------------------------------------------------------------------------

/// Everything any `tracing` subscriber or `log` logger would have been given, as text. Installed
/// process-wide (once), so it also sees the events of the other tests running alongside; they
/// all use the same secrets, which only makes the check stronger.
fn captured() -> &'static Mutex<Capture> {
    static CAPTURE: OnceLock<Mutex<Capture>> = OnceLock::new();
    static INSTALL: OnceLock<()> = OnceLock::new();
    let capture = CAPTURE.get_or_init(|| Mutex::new(Capture::default()));
    INSTALL.get_or_init(|| {
        let _ = tracing::subscriber::set_global_default(TraceCapture {
            next_span: std::sync::atomic::AtomicU64::new(1),
        });
        if log::set_logger(&LOG_CAPTURE).is_ok() {
            log::set_max_level(log::LevelFilter::Trace);
        }
    });
    capture
}

#[derive(Default)]
struct Capture {
    text: String,
    tracing_events: usize,
    tracing_spans: usize,
    log_records: usize,
    targets: std::collections::BTreeSet<String>,
}

struct TraceCapture {
    next_span: std::sync::atomic::AtomicU64,
}

struct FieldText<'a>(&'a mut String);

impl tracing::field::Visit for FieldText<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl tracing::Subscriber for TraceCapture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        if let Ok(mut capture) = captured().lock() {
            capture.tracing_spans += 1;
            capture.targets.insert(span.metadata().target().to_owned());
            let mut line = format!(
                "\nspan {} {}",
                span.metadata().target(),
                span.metadata().name()
            );
            span.record(&mut FieldText(&mut line));
            capture.text.push_str(&line);
        }
        tracing::span::Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        if let Ok(mut capture) = captured().lock() {
            let mut line = String::from("\nrecord");
            values.record(&mut FieldText(&mut line));
            capture.text.push_str(&line);
        }
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        if let Ok(mut capture) = captured().lock() {
            capture.tracing_events += 1;
            capture.targets.insert(event.metadata().target().to_owned());
            let mut line = format!(
                "\n{} {}",
                event.metadata().level(),
                event.metadata().target()
            );
            event.record(&mut FieldText(&mut line));
            capture.text.push_str(&line);
        }
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

struct LogCapture;

static LOG_CAPTURE: LogCapture = LogCapture;

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        if let Ok(mut capture) = captured().lock() {
            capture.log_records += 1;
            capture.targets.insert(record.target().to_owned());
            let line = format!("\n{} {} {}", record.level(), record.target(), record.args());
            capture.text.push_str(&line);
        }
    }

    fn flush(&self) {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_appear_in_tracing_or_log_events() {
    let capture = captured();
    let stub = Stub::with(|n| match n {
        0 => json(200, r#"{"UserSub":"sub-1","UserConfirmed":false}"#),
        4 => Reply::Bytes(Vec::new()),
        _ => not_authorized(),
    });
    let client = client(stub.addr);

    // Unsigned, with the password in the body; succeeds.
    guarded(sign_up(&client)).await.expect("SignUp succeeds");
    // Signed (secret key and session token in play); a service error.
    let err = guarded(
        client
            .admin_get_user()
            .user_pool_id("p")
            .username("alice")
            .send(),
    )
    .await
    .expect_err("NotAuthorized");
    assert_eq!(variant(&err), "ServiceError", "{err:?}");
    // The password in a sensitive map; a service error.
    let err = guarded(
        client
            .initiate_auth()
            .auth_flow(cognito::types::AuthFlowType::UserPasswordAuth)
            .client_id("client-1")
            .auth_parameters("USERNAME", "alice")
            .auth_parameters("PASSWORD", SECRET_PASSWORD)
            .send(),
    )
    .await
    .expect_err("NotAuthorized");
    assert_eq!(variant(&err), "ServiceError", "{err:?}");
    // Signed, with a password in the signed body (aws-sigv4 traces the request it signs).
    let err = guarded(
        client
            .admin_create_user()
            .user_pool_id("p")
            .username("bob")
            .temporary_password(SECRET_PASSWORD)
            .send(),
    )
    .await
    .expect_err("NotAuthorized");
    assert_eq!(variant(&err), "ServiceError", "{err:?}");
    // Signed, and the connection drops: the transport's error paths log too.
    let err = guarded(client.list_users().user_pool_id("p").send())
        .await
        .expect_err("hung up");
    assert_eq!(variant(&err), "DispatchFailure", "{err:?}");

    let capture = capture.lock().expect("capture lock");
    assert_no_secrets("tracing/log events", &capture.text);
    // Keep this honest: the generated crate and the runtime emit nothing themselves; what is
    // captured comes from dependencies (hyper-util and reqwest log connection handling). The
    // signer's own trace, which prints every header and the query of the request it signs, is
    // kept from the application's subscriber by the runtime, so it must not be here at all.
    assert!(
        capture.tracing_events > 0,
        "no tracing event was captured at all; targets {:?}",
        capture.targets
    );
    assert!(
        capture.targets.iter().any(|t| t.starts_with("hyper_util") || t.starts_with("reqwest")),
        "the transport's events were not captured; targets {:?}",
        capture.targets
    );
    assert!(
        !capture.targets.iter().any(|t| t.starts_with("aws_sigv4")),
        "the signer's trace reached the application's subscriber; targets {:?}",
        capture.targets
    );
    println!(
        "captured {} tracing events, {} spans, {} log records from {:?}",
        capture.tracing_events, capture.tracing_spans, capture.log_records, capture.targets
    );
}

// ---------------------------------------------------------------------------------------------
// A property over the whole client: any status and body gives Ok or the right SdkError variant
// ---------------------------------------------------------------------------------------------

mod props {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;
    use smithy_client_runtime::json::Value;
    use smithy_client_runtime::response::ReadResponse;

    /// Reads an output or error from a 200 response with this body, as the client does.
    fn from_body<T: ReadResponse>(bytes: &[u8]) -> Result<T, smithy_client_runtime::error::BoxError> {
        let raw = smithy_client_runtime::client::HttpResponse::new(
            200u16.try_into().expect("status"),
            aws_smithy_types::body::SdkBody::from(bytes.to_vec()),
        );
        smithy_client_runtime::response::read_complete(&raw, smithy_client_runtime::client::Protocol::AwsJson1_1)
    }

    /// Member names of the real output and nested types, so the generated values reach deep
    /// into the deserialisers instead of being ignored as unknown members.
    const KEYS: &[&str] = &[
        "UserSub",
        "UserConfirmed",
        "CodeDeliveryDetails",
        "Destination",
        "DeliveryMedium",
        "AttributeName",
        "Session",
        "Users",
        "PaginationToken",
        "Attributes",
        "UserAttributes",
        "Name",
        "Value",
        "Username",
        "UserStatus",
        "Enabled",
        "UserCreateDate",
        "UserLastModifiedDate",
        "MFAOptions",
        "PreferredMfaSetting",
        "UserMFASettingList",
        "ChallengeName",
        "ChallengeParameters",
        "AuthenticationResult",
        "AvailableChallenges",
        "AccessToken",
        "IdToken",
        "RefreshToken",
        "ExpiresIn",
        "TokenType",
        "NewDeviceMetadata",
        "DeviceKey",
        "DeviceGroupKey",
        "__type",
        "message",
        "Message",
        "code",
        "reasonCode",
    ];

    /// Strings the deserialisers treat specially (enum values, timestamps, float spellings).
    const STRINGS: &[&str] = &[
        "",
        "CONFIRMED",
        "UNCONFIRMED",
        "FORCE_CHANGE_PASSWORD",
        "SMS",
        "EMAIL",
        "PASSWORD_VERIFIER",
        "NEW_PASSWORD_REQUIRED",
        "1970-01-01T00:00:00Z",
        "2024-02-29T23:59:60.999999999+14:00",
        "Tue, 29 Apr 2014 18:30:38 GMT",
        "1515531081.1234",
        "-99999999999999999999999",
        "NaN",
        "Infinity",
        "-Infinity",
        "aGk=",
        "\u{0}\u{ffff}\"\\",
        "com.example#SomethingNew:http://x",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(STRINGS).prop_map(str::to_owned),
            2 => prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(KEYS).prop_map(str::to_owned),
            1 => text(),
        ]
    }

    fn number() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| {
                serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
            }),
            prop::sample::select(&[0.0, -0.0, 1e300, -1e300, 1.5e-300, 9.2e18, -9.3e18][..])
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ]
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            number(),
            text().prop_map(Value::String),
        ]
    }

    /// Arbitrary JSON, mostly objects keyed by real member names.
    pub(super) fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(5, 96, 8, |inner| {
            prop_oneof![
                1 => prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                3 => prop::collection::vec((key(), inner), 0..8)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    /// A top-level body: usually an object, sometimes anything.
    fn body_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            4 => prop::collection::vec((key(), value()), 0..10)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
            1 => value(),
        ]
    }

    /// Bodies as bytes: serialised values, those values cut or with a byte changed, or noise.
    fn body_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            2 => body_value().prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
            2 => (body_value(), any::<prop::sample::Index>(), any::<u8>(), any::<bool>()).prop_map(
                |(v, at, byte, cut)| {
                    let mut bytes = serde_json::to_vec(&v).unwrap_or_default();
                    if !bytes.is_empty() {
                        let i = at.index(bytes.len());
                        if cut {
                            bytes.truncate(i);
                        } else {
                            bytes[i] = byte;
                        }
                    }
                    bytes
                }
            ),
            1 => prop::collection::vec(any::<u8>(), 0..256),
        ]
    }

    /// Reading `T` from the value's bytes returns `Ok` or `Err`, the same both times; a panic
    /// fails the property (proptest catches it and shrinks the input).
    fn total<T: ReadResponse + std::fmt::Debug>(value: &Value) -> Result<(), TestCaseError> {
        let bytes = serde_json::to_vec(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let first = from_body::<T>(&bytes);
        // Formatting what was read must not panic either (timestamps far out of range, ...).
        if let Ok(read) = &first {
            let _ = format!("{read:?}");
        }
        prop_assert_eq!(first.is_ok(), from_body::<T>(&bytes).is_ok(), "reading is not deterministic");
        Ok(())
    }

    type SignUpOutput = cognito::operation::sign_up::SignUpOutput;
    type ListUsersOutput = cognito::operation::list_users::ListUsersOutput;
    type AdminGetUserOutput = cognito::operation::admin_get_user::AdminGetUserOutput;
    type InitiateAuthOutput = cognito::operation::initiate_auth::InitiateAuthOutput;
    type InvalidParameterException = cognito::types::error::InvalidParameterException;

    #[test]
    fn output_deserialisers_are_total_over_json_values() {
        seeded::check(256, &body_value(), |v| {
            total::<SignUpOutput>(&v)?;
            total::<ListUsersOutput>(&v)?;
            total::<AdminGetUserOutput>(&v)?;
            total::<InitiateAuthOutput>(&v)?;
            total::<InvalidParameterException>(&v)?;
            Ok(())
        });
    }

    #[test]
    fn output_deserialisers_are_total_over_bytes() {
        seeded::check(256, &body_bytes(), |bytes| {
            let _ = from_body::<SignUpOutput>(&bytes);
            let _ = from_body::<ListUsersOutput>(&bytes);
            let _ = from_body::<AdminGetUserOutput>(&bytes);
            let _ = from_body::<InitiateAuthOutput>(&bytes);
            let _ = from_body::<InvalidParameterException>(&bytes);
            Ok(())
        });
    }

    #[test]
    fn extreme_numbers_in_outputs_do_not_panic() {
        let dates = [
            "1e300",
            "-1e300",
            "1.7976931348623157e308",
            "-9223372036854775808",
            "9223372036854775807",
            "18446744073709551615",
            "0.999999999999",
            "-0.5",
            "\"NaN\"",
            "\"Infinity\"",
            "\"-1e400\"",
            "\"9999-12-31T23:59:59.999999999Z\"",
            "\"0000-01-01T00:00:00Z\"",
            "\"+275760-09-13T00:00:00Z\"",
        ];
        for date in dates {
            let body = format!(
                r#"{{"Username":"u","UserCreateDate":{date},"UserLastModifiedDate":{date}}}"#
            );
            match from_body::<AdminGetUserOutput>(body.as_bytes()) {
                Ok(out) => {
                    let _ = format!("{out:?}");
                    if let Some(created) = out.user_create_date() {
                        let _ = (created.to_string(), created.secs(), created.subsec_nanos());
                    }
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }
        for expires in [
            "2147483648",
            "-2147483649",
            "1e3",
            "1.5",
            "18446744073709551615",
        ] {
            let body = format!(r#"{{"AuthenticationResult":{{"ExpiresIn":{expires}}}}}"#);
            let result = from_body::<InitiateAuthOutput>(body.as_bytes());
            assert!(
                result.is_err(),
                "ExpiresIn {expires} is not an i32: {result:?}"
            );
        }
    }

    #[test]
    fn well_formed_outputs_always_read() {
        // Not every value must be rejected: a ListUsers body built from the right types reads,
        // whatever the extra members and nulls around it.
        let user = (
            text(),
            any::<bool>(),
            prop::sample::select(&["CONFIRMED", "UNCONFIRMED", "SOMETHING_NEW"][..]),
            any::<i32>(),
            prop::collection::vec((text(), prop::option::of(text())), 0..4),
            (key(), value()),
        )
            .prop_map(
                |(name, enabled, status, created, attributes, (extra, junk))| {
                    let attributes: Vec<Value> = attributes
                        .into_iter()
                        .map(|(n, v)| serde_json::json!({"Name": n, "Value": v}))
                        .collect();
                    let mut user = serde_json::json!({
                        "Username": name,
                        "Enabled": enabled,
                        "UserStatus": status,
                        "UserCreateDate": created,
                        "Attributes": attributes,
                    });
                    if let Some(map) = user.as_object_mut() {
                        if !map.contains_key(&extra) && !KEYS.contains(&extra.as_str()) {
                            map.insert(extra, junk);
                        }
                    }
                    user
                },
            );
        let body = (prop::collection::vec(user, 0..5), prop::option::of(text())).prop_map(
            |(users, token)| serde_json::json!({"Users": users, "PaginationToken": token}),
        );
        seeded::check(128, &body, |v| {
            let bytes =
                serde_json::to_vec(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let out = from_body::<ListUsersOutput>(&bytes);
            prop_assert!(out.is_ok(), "{:?} for {}", out.err(), v);
            let expected = v["Users"].as_array().map_or(0, Vec::len);
            prop_assert_eq!(out.map(|o| o.users().len()).unwrap_or(usize::MAX), expected);
            Ok(())
        });
    }

    #[test]
    fn error_metadata_is_total_over_bodies_and_headers() {
        use aws_smithy_types::body::SdkBody;
        use smithy_client_runtime::client::{HttpResponse, Protocol};
        let error_metadata = |raw: &HttpResponse| Protocol::AwsJson1_1.error_metadata(raw);
        let header = prop_oneof![
            Just(None),
            text().prop_map(Some),
            prop::sample::select(&["a#b:c", "#", ":", "##::", " "][..])
                .prop_map(|s| Some(s.to_owned())),
        ];
        seeded::check(256, &(body_bytes(), header, 100u16..600), |(bytes, header, status)| {
            let mut raw = HttpResponse::new(
                status
                    .try_into()
                    .map_err(|_| TestCaseError::reject("status"))?,
                SdkBody::from(bytes),
            );
            if let Some(value) = header {
                // Values a header cannot hold are simply not set.
                let _ = raw.headers_mut().try_insert("x-amzn-errortype", value);
            }
            let meta = error_metadata(&raw);
            if let Some(code) = meta.code() {
                prop_assert!(!code.is_empty());
                prop_assert!(!code.contains(':') && !code.contains('#'), "{}", code);
            }
            Ok(())
        });
    }

    #[test]
    fn any_status_and_body_through_the_client_gives_ok_or_the_right_variant() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let statuses =
            prop::sample::select(&[200u16, 200, 202, 204, 400, 403, 404, 429, 500, 503][..]);
        seeded::check(48, &(statuses, body_bytes()), |(status, body)| {
            let stub = Stub::new(http(status, &[], body));
            let client = client(stub.addr);
            let result = runtime.block_on(guarded(sign_up(&client)));
            match (&result, status) {
                (Ok(_), 200..=299) => {}
                (Err(err), 200..=299) => {
                    prop_assert_eq!(variant(err), "ResponseError", "{:?}", err)
                }
                (Err(err), _) => prop_assert_eq!(variant(err), "ServiceError", "{:?}", err),
                (Ok(out), _) => prop_assert!(false, "HTTP {} gave Ok({:?})", status, out),
            }
            if let Err(err) = result {
                assert_error_renders_without_secrets(&err);
                let _ = err.code();
                let service = err.into_service_error();
                let _ = (service.code(), service.message(), service.to_string());
            }
            Ok(())
        });
    }
}
