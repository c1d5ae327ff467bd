//! `Runtime` against a loopback stub: request shape, signing, retries, timeouts, body limits.

mod common;

use std::time::{Duration, Instant};

use aws_smithy_runtime_api::client::result::SdkError;
use common::{parts, Reply, Stub, ANONYMOUS, HOLD, OPTIONAL, SERVICE, SERVICE_1_0, SIGNED};
use smithy_client_runtime::client::{into_sdk_error, Failure, OperationSpec, Runtime};
use smithy_client_runtime::config::{
    Config, Credentials, ProvideCredentials, Region, RetryConfig, TimeoutConfig,
};
use smithy_client_runtime::RequestId;

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMIEXAMPLEKEY", None, None, "test")
}

fn fast_retries() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

/// The operation timeout of calls that are expected to be answered: it only turns a hang into a
/// failure, so a busy machine never makes it fire.
const PATIENCE: Duration = Duration::from_secs(60);

fn config(url: &str) -> smithy_client_runtime::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(credentials())
        .retry_config(fast_retries())
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(PATIENCE)
                .build(),
        )
}

fn runtime(url: &str) -> Runtime {
    Runtime::new(config(url).build(), &SERVICE)
}

const OK: &str = r#"{"UserPools":[]}"#;

// ---- request building ----

#[test]
fn build_request_awsjson_1_1() {
    let rt = runtime("http://127.0.0.1:9");
    let req = rt
        .build_request(&SIGNED, parts(br#"{"MaxResults":1}"#))
        .expect("request");
    assert_eq!(req.method(), "POST");
    assert_eq!(req.uri().to_string(), "http://127.0.0.1:9/");
    assert_eq!(req.headers()["content-type"], "application/x-amz-json-1.1");
    assert_eq!(
        req.headers()["x-amz-target"],
        "AWSCognitoIdentityProviderService.ListUserPools"
    );
    assert_eq!(req.body().bytes(), Some(&br#"{"MaxResults":1}"#[..]));
    assert!(req.headers().get("authorization").is_none());
}

#[test]
fn build_request_awsjson_1_0_with_base_path() {
    let config = Config::builder()
        .endpoint_url("https://proxy.example:8443/base/path/")
        .build();
    let rt = Runtime::new(config, &SERVICE_1_0);
    let req = rt
        .build_request(&ANONYMOUS, parts(b"{}"))
        .expect("request");
    assert_eq!(
        req.uri().to_string(),
        "https://proxy.example:8443/base/path/"
    );
    assert_eq!(req.headers()["content-type"], "application/x-amz-json-1.0");
    assert_eq!(req.headers()["x-amz-target"], "DynamoDB_20120810.SignUp");
}

#[test]
fn default_endpoint_from_region() {
    let config = Config::builder().region(Region::new("us-west-2")).build();
    let rt = Runtime::new(config, &SERVICE);
    let req = rt.build_request(&SIGNED, parts(b"")).expect("request");
    assert_eq!(
        req.uri().to_string(),
        "https://cognito-idp.us-west-2.amazonaws.com/"
    );
    let config = Config::builder().region(Region::new("cn-north-1")).build();
    let req = Runtime::new(config, &SERVICE_1_0)
        .build_request(&SIGNED, parts(b""))
        .expect("request");
    assert_eq!(
        req.uri().to_string(),
        "https://dynamodb.cn-north-1.amazonaws.com.cn/"
    );
}

#[tokio::test]
async fn bad_configuration_fails_at_call_time() {
    for config in [
        Config::builder().build(),
        Config::builder().region(Region::new("us east 1")).build(),
        Config::builder().endpoint_url("ftp://x").build(),
        Config::builder().endpoint_url("not a url").build(),
    ] {
        let rt = Runtime::new(config, &SERVICE);
        assert!(matches!(
            rt.build_request(&ANONYMOUS, parts(b"")),
            Err(Failure::Construction(_))
        ));
        let failure = rt
            .call(&ANONYMOUS, parts(b""))
            .await
            .expect_err("must fail");
        assert!(matches!(failure, Failure::Construction(_)), "{failure:?}");
    }
}

#[test]
fn call_outside_tokio_is_an_error_not_a_panic() {
    let rt = runtime("http://127.0.0.1:9");
    let future = rt.call(&ANONYMOUS, parts(b""));
    // Poll it on a bare executor: no Tokio context.
    let result = futures_lite_block_on(future);
    assert!(matches!(result, Err(Failure::Construction(_))));
}

/// Polls a future that is expected to complete without waking (no Tokio context).
fn futures_lite_block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..10 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
    panic!("future did not complete");
}

// ---- signing ----

#[tokio::test]
async fn signed_operation_carries_sigv4_headers() {
    let stub = Stub::start(vec![Reply::json(200, OK)]);
    let raw = runtime(&stub.url())
        .call(&SIGNED, parts(br#"{"MaxResults":5}"#))
        .await
        .expect("success");
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(raw.body().bytes(), Some(OK.as_bytes()));

    let requests = stub.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/");
    assert_eq!(req.body, br#"{"MaxResults":5}"#);
    assert_eq!(
        req.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(
        req.header("x-amz-target"),
        Some("AWSCognitoIdentityProviderService.ListUserPools")
    );
    let auth = req.header("authorization").expect("authorization header");
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
        "{auth}"
    );
    assert!(
        auth.contains("/us-east-1/cognito-idp/aws4_request"),
        "{auth}"
    );
    assert!(
        auth.contains("SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target;x-amz-user-agent,"),
        "{auth}"
    );
    assert!(req.header("x-amz-date").is_some());
    assert!(req.header("x-amz-security-token").is_none());
    assert!(req
        .header("user-agent")
        .is_some_and(|ua| ua.contains("api/cognito-identity-provider")));
    assert_eq!(req.header("amz-sdk-request"), Some("attempt=1; max=3"));
    let ua = req.header("x-amz-user-agent").unwrap_or_default();
    assert!(ua.starts_with("smithy-client-runtime/") && ua.contains(" ua/2.1 api/cognito-identity-provider") && ua.contains(" lang/rust"), "{ua}");
}

#[tokio::test]
async fn session_token_is_sent_and_signed() {
    let stub = Stub::start(vec![Reply::json(200, OK)]);
    let config = config(&stub.url())
        .credentials_provider(Credentials::new(
            "AKID",
            "SECRET",
            Some("TOKEN".into()),
            None,
            "t",
        ))
        .build();
    Runtime::new(config, &SERVICE)
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect("success");
    let req = &stub.requests()[0];
    assert_eq!(req.header("x-amz-security-token"), Some("TOKEN"));
    assert!(req
        .header("authorization")
        .is_some_and(|a| a.contains("x-amz-security-token")));
}

#[tokio::test]
async fn anonymous_operation_is_never_signed() {
    let stub = Stub::start(vec![Reply::json(200, "{}")]);
    runtime(&stub.url())
        .call(&ANONYMOUS, parts(b"{}"))
        .await
        .expect("success");
    let req = &stub.requests()[0];
    assert!(req.header("authorization").is_none());
    assert!(req.header("x-amz-date").is_none());
}

#[derive(Debug)]
struct FailingProvider;

impl ProvideCredentials for FailingProvider {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::ready(Err(
            aws_credential_types::provider::error::CredentialsError::not_loaded("nothing here"),
        ))
    }
}

#[tokio::test]
async fn optional_auth_signs_only_with_credentials() {
    let stub = Stub::start(vec![Reply::json(200, "{}")]);
    let with = runtime(&stub.url());
    with.call(&OPTIONAL, parts(b"{}")).await.expect("signed");
    let mut without = config(&stub.url());
    without.set_credentials_provider(None);
    Runtime::new(without.build(), &SERVICE)
        .call(&OPTIONAL, parts(b"{}"))
        .await
        .expect("unsigned");
    let failing = config(&stub.url())
        .credentials_provider(FailingProvider)
        .build();
    Runtime::new(failing, &SERVICE)
        .call(&OPTIONAL, parts(b"{}"))
        .await
        .expect("unsigned");

    let requests = stub.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].header("authorization").is_some());
    assert!(requests[1].header("authorization").is_none());
    assert!(requests[2].header("authorization").is_none());
}

#[tokio::test]
async fn signed_operation_without_credentials_or_region_is_a_construction_failure() {
    let stub = Stub::start(vec![Reply::json(200, "{}")]);
    let mut no_provider = config(&stub.url());
    no_provider.set_credentials_provider(None);
    let failing = config(&stub.url()).credentials_provider(FailingProvider);
    let no_region = config(&stub.url()).region(None);
    for builder in [no_provider, failing, no_region] {
        let failure = Runtime::new(builder.build(), &SERVICE)
            .call(&SIGNED, parts(b"{}"))
            .await
            .expect_err("must fail");
        assert!(matches!(failure, Failure::Construction(_)), "{failure:?}");
    }
    assert!(stub.requests().is_empty());
}

// ---- retries ----

#[tokio::test]
async fn server_errors_are_retried_and_each_attempt_is_resigned() {
    let stub = Stub::start(vec![
        Reply::json(503, "{}"),
        Reply::json(503, "{}"),
        Reply::json(200, OK),
    ]);
    let raw = runtime(&stub.url())
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect("success on the third attempt");
    assert_eq!(raw.body().bytes(), Some(OK.as_bytes()));
    let requests = stub.requests();
    assert_eq!(requests.len(), 3);
    for (n, req) in requests.iter().enumerate() {
        assert!(req.header("authorization").is_some());
        assert_eq!(
            req.header("amz-sdk-request").map(str::to_owned),
            Some(format!("attempt={}; max=3", n + 1))
        );
        assert_eq!(
            req.header("amz-sdk-invocation-id"),
            requests[0].header("amz-sdk-invocation-id")
        );
    }
}

#[tokio::test]
async fn modelled_client_errors_are_not_retried() {
    let stub = Stub::start(vec![Reply::json(
        400,
        r#"{"__type":"NotAuthorizedException","message":"nope"}"#,
    )]);
    let failure = runtime(&stub.url())
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect_err("client error");
    let Failure::Service { meta, raw } = failure else {
        panic!("expected a service failure, got {failure:?}");
    };
    assert_eq!(meta.code(), Some("NotAuthorizedException"));
    assert_eq!(meta.message(), Some("nope"));
    assert_eq!(raw.status().as_u16(), 400);
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn throttling_and_retryable_codes_are_retried() {
    for code in [
        "ThrottlingException",
        "TooManyRequestsException",
        "ModelledRetryableException",
    ] {
        let stub = Stub::start(vec![
            Reply::json(400, &format!(r#"{{"__type":"{code}"}}"#)),
            Reply::json(200, OK),
        ]);
        runtime(&stub.url())
            .call(&SIGNED, parts(b"{}"))
            .await
            .expect("retried");
        assert_eq!(stub.requests().len(), 2, "{code}");
    }
    // A code that is only retryable for another operation is not retried here.
    let stub = Stub::start(vec![
        Reply::json(400, r#"{"__type":"ModelledRetryableException"}"#),
        Reply::json(200, OK),
    ]);
    runtime(&stub.url())
        .call(&ANONYMOUS, parts(b"{}"))
        .await
        .expect_err("not retried");
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn max_attempts_is_honoured() {
    for (retry, expected) in [
        (fast_retries().with_max_attempts(4), 4),
        (RetryConfig::disabled(), 1),
        (fast_retries(), 3),
    ] {
        let stub = Stub::start(vec![Reply::Respond(
            500,
            vec![("x-amzn-requestid", "req-500".into())],
            b"<html>oops</html>".to_vec(),
        )]);
        let config = config(&stub.url()).retry_config(retry).build();
        let failure = Runtime::new(config, &SERVICE)
            .call(&SIGNED, parts(b"{}"))
            .await
            .expect_err("always 500");
        let Failure::Service { meta, raw } = failure else {
            panic!("expected a service failure, got {failure:?}");
        };
        assert_eq!(raw.status().as_u16(), 500);
        assert_eq!(meta.code(), None);
        assert_eq!(meta.request_id(), Some("req-500"));
        assert_eq!(stub.requests().len(), expected);
    }
}

#[tokio::test]
async fn dropped_connections_are_retried_then_reported_as_dispatch_failures() {
    let stub = Stub::start(vec![Reply::Close]);
    let failure = runtime(&stub.url())
        .call(&ANONYMOUS, parts(b"{}"))
        .await
        .expect_err("no answer");
    let Failure::Dispatch(error) = failure else {
        panic!("expected a dispatch failure, got {failure:?}");
    };
    assert!(error.is_io(), "{error:?}");
    assert_eq!(stub.requests().len(), 3);
}

#[tokio::test]
async fn connection_refused_is_a_dispatch_failure_after_retries() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let retry = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(1));
    let config = config(&format!("http://{addr}"))
        .retry_config(retry)
        .build();
    // A refused connection is an I/O failure; were the call to wait instead, the operation
    // timeout would end it as a timeout.
    let failure = Runtime::new(config, &SERVICE)
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect_err("refused");
    let Failure::Dispatch(error) = failure else {
        panic!("expected a dispatch failure, got {failure:?}");
    };
    assert!(error.is_io(), "{error:?}");
    let sdk: SdkError<(), _> = into_sdk_error(Failure::Dispatch(error), |_, _| ());
    assert!(matches!(sdk, SdkError::DispatchFailure(_)));
}

// ---- timeouts ----

#[tokio::test]
async fn operation_timeout_ends_a_call_to_a_silent_server() {
    // The server holds the connection until the client hangs up, so only a timeout ends the
    // call (as a timeout), and no other timeout is set.
    let stub = Stub::start(vec![Reply::Hang]);
    let config = config(&stub.url())
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_millis(300))
                .build(),
        )
        .build();
    let started = Instant::now();
    let failure = Runtime::new(config, &SERVICE)
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect_err("timeout");
    assert!(matches!(failure, Failure::Timeout(_)), "{failure:?}");
    assert!(started.elapsed() < HOLD / 2, "{:?}: the call waited for the server", started.elapsed());
    let sdk: SdkError<(), _> = into_sdk_error(failure, |_, _| ());
    assert!(matches!(sdk, SdkError::TimeoutError(_)));
}

#[tokio::test]
async fn attempt_timeout_is_retried() {
    // The first attempt gets no answer and is ended by the attempt timeout; the second is
    // answered. The attempt timeout is long enough for an answer on a busy machine, and the
    // operation timeout is the generous one: only the attempt timeout can end the first attempt
    // before the server lets go.
    let attempt = Duration::from_secs(3);
    let stub = Stub::start(vec![Reply::Hang, Reply::json(200, OK)]);
    let config = config(&stub.url())
        .timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(attempt)
                .operation_timeout(PATIENCE)
                .build(),
        )
        .build();
    let started = Instant::now();
    Runtime::new(config, &SERVICE)
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect("second attempt answers");
    assert!(started.elapsed() >= attempt, "{:?}: the first attempt was not waited for", started.elapsed());
    assert_eq!(stub.requests().len(), 2);
}

#[tokio::test]
async fn read_timeout_is_a_dispatch_timeout() {
    let stub = Stub::start(vec![Reply::Hang]);
    let config = config(&stub.url())
        .retry_config(RetryConfig::disabled())
        .timeout_config(
            TimeoutConfig::builder()
                .read_timeout(Duration::from_millis(200))
                .build(),
        )
        .build();
    let failure = Runtime::new(config, &SERVICE)
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect_err("read timeout");
    let Failure::Dispatch(error) = failure else {
        panic!("expected a dispatch failure, got {failure:?}");
    };
    assert!(error.is_timeout(), "{error:?}");
}

// ---- response bodies ----

#[tokio::test]
async fn oversized_bodies_fail_without_retry() {
    // Announced as larger than the default 16 MiB limit: rejected before reading (what was
    // read is kept in the raw response, and nothing was).
    let stub = Stub::start(vec![Reply::Declared(200, 17 * 1024 * 1024)]);
    let failure = runtime(&stub.url())
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect_err("too large");
    let Failure::Response { source, raw } = failure else {
        panic!("expected a response failure, got {failure:?}");
    };
    assert!(source.to_string().contains("larger than the limit"), "{source}");
    assert_eq!(raw.body().bytes(), Some(&b""[..]), "the body was read");
    assert_eq!(stub.requests().len(), 1);

    // Chunked, without a length: cut off once the limit is passed.
    let stub = Stub::start(vec![Reply::Chunked(200, 17, 1024 * 1024)]);
    let failure = runtime(&stub.url())
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect_err("too large");
    let Failure::Response { source, raw } = failure else {
        panic!("expected a response failure, got {failure:?}");
    };
    assert!(
        source.to_string().contains("larger than the limit"),
        "{source}"
    );
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(stub.requests().len(), 1);

    // A lower limit set on the runtime.
    let stub = Stub::start(vec![Reply::json(500, &"x".repeat(2000))]);
    let failure = runtime(&stub.url())
        .with_max_response_bytes(1000)
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect_err("too large");
    assert!(matches!(failure, Failure::Response { .. }), "{failure:?}");
    let sdk: SdkError<(), _> = into_sdk_error(failure, |_, _| ());
    assert!(matches!(sdk, SdkError::ResponseError(_)));
}

#[tokio::test]
async fn connections_are_reused() {
    let stub = Stub::start(vec![Reply::json(200, OK)]);
    let rt = runtime(&stub.url());
    for _ in 0..3 {
        rt.call(&SIGNED, parts(b"{}")).await.expect("success");
    }
    assert_eq!(stub.requests().len(), 3);
    assert_eq!(stub.connections(), 1);
}

// ---- typed errors ----

#[tokio::test]
async fn service_failures_become_typed_service_errors() {
    let stub = Stub::start(vec![Reply::Respond(
        400,
        vec![
            (
                "x-amzn-errortype",
                "UserNotFoundException:http://internal/".into(),
            ),
            ("x-amzn-requestid", "abc-123".into()),
        ],
        br#"{"message":"User does not exist."}"#.to_vec(),
    )]);
    let failure = runtime(&stub.url())
        .call(&SIGNED, parts(b"{}"))
        .await
        .expect_err("service error");
    let sdk = into_sdk_error(failure, |meta, raw| {
        assert_eq!(raw.status().as_u16(), 400);
        assert_eq!(
            raw.body().bytes(),
            Some(&br#"{"message":"User does not exist."}"#[..])
        );
        meta
    });
    let SdkError::ServiceError(context) = sdk else {
        panic!("expected a service error, got {sdk:?}");
    };
    let meta = context.err();
    assert_eq!(meta.code(), Some("UserNotFoundException"));
    assert_eq!(meta.message(), Some("User does not exist."));
    assert_eq!(meta.request_id(), Some("abc-123"));
    assert_eq!(context.raw().status().as_u16(), 400);
}

#[test]
fn construction_failures_map_to_construction_errors() {
    let rt = Runtime::new(Config::builder().build(), &SERVICE);
    let failure = rt
        .build_request(&SIGNED, parts(b""))
        .expect_err("no region");
    assert!(failure.to_string().contains("no region"), "{failure}");
    let sdk: SdkError<(), _> = into_sdk_error(failure, |_, _| ());
    assert!(matches!(sdk, SdkError::ConstructionFailure(_)));
}

#[allow(dead_code)]
fn op_spec_is_const_constructible() -> &'static OperationSpec {
    static OP: OperationSpec = OperationSpec::new("X", smithy_client_runtime::client::HttpTrait::RPC);
    &OP
}

/// Recomputes the signature from what the server received: proves that what was signed is
/// what was sent (host and port, path, headers, body).
#[tokio::test]
async fn signature_matches_the_request_as_received() {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    use aws_smithy_runtime_api::client::identity::Identity;
    use aws_smithy_types::date_time::{DateTime, Format};

    let stub = Stub::start(vec![Reply::json(200, OK)]);
    let config = config(&format!("{}/base", stub.url())).build();
    Runtime::new(config, &SERVICE)
        .call(&SIGNED, parts(br#"{"PoolId":"us-east-1_abc"}"#))
        .await
        .expect("success");
    let req = &stub.requests()[0];
    assert_eq!(req.path, "/base/");
    let sent = req.header("authorization").expect("signed");
    let signed_headers = sent
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("signed headers");
    let headers: Vec<(&str, &str)> = req
        .headers
        .iter()
        .filter(|(name, _)| signed_headers.split(';').any(|s| s == name))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let amz_date = req.header("x-amz-date").expect("date");
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &amz_date[0..4],
        &amz_date[4..6],
        &amz_date[6..8],
        &amz_date[9..11],
        &amz_date[11..13],
        &amz_date[13..15]
    );
    let time =
        std::time::SystemTime::try_from(DateTime::from_str(&iso, Format::DateTime).expect("date"))
            .expect("time");
    let identity = Identity::from(credentials());
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("cognito-idp")
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .expect("params")
        .into();
    let uri = format!("{}{}", stub.url(), req.path);
    let signable = SignableRequest::new(
        "POST",
        uri,
        headers.into_iter(),
        SignableBody::Bytes(&req.body),
    )
    .expect("signable");
    let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
    let expected = instructions
        .headers()
        .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.to_owned())
        .expect("authorization");
    assert_eq!(sent, expected);
}

/// `@requestCompression`: bodies from the configured size on are gzipped, unless turned off.
#[test]
fn request_compression_follows_the_configuration() {
    static COMPRESSED: OperationSpec = OperationSpec::new("PutLogs", smithy_client_runtime::client::HttpTrait::RPC).auth(smithy_client_runtime::client::Auth::Anonymous).request_compression(true);
    let body = vec![b'a'; 20_000];
    let encoding = |config: smithy_client_runtime::config::Builder, body: &[u8]| {
        let rt = Runtime::new(config.build(), &SERVICE);
        let req = rt.build_request(&COMPRESSED, parts(body)).expect("request");
        let length = req.headers().get("content-length").and_then(|v| v.to_str().ok()).map(str::to_owned);
        (req.headers().get("content-encoding").map(|v| v.to_str().unwrap_or_default().to_owned()), length)
    };
    let (gzip, length) = encoding(config("http://localhost:1"), &body);
    assert_eq!(gzip.as_deref(), Some("gzip"));
    assert!(length.and_then(|l| l.parse::<usize>().ok()).is_some_and(|l| l < 1_000), "compressed");
    assert_eq!(encoding(config("http://localhost:1"), &body[..100]).0, None, "below the default 10 240 bytes");
    assert_eq!(encoding(config("http://localhost:1").request_min_compression_size_bytes(50), &body[..100]).0.as_deref(), Some("gzip"));
    assert_eq!(encoding(config("http://localhost:1").disable_request_compression(true), &body).0, None);
}
