//! The call lifecycle as code written for the AWS SDK for Rust sees it: every interceptor hook
//! in the SDK's order with what its context holds, interceptors from the configuration before
//! those of `customize()`, hook errors ending the call as the SDK's do, outputs replaced by a
//! hook, `config_override` for one call only, and a test clock and sleep driving signing and
//! retries. Requests go to aws-smithy-http-client's `StaticReplayClient` and `capture_request`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use aws_smithy_async::test_util::instant_time_and_sleep;
use aws_smithy_async::time::StaticTimeSource;
use aws_smithy_http_client::test_util::{capture_request, ReplayEvent, StaticReplayClient};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::body::SdkBody;

use bookstore::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextMut,
    BeforeDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextMut,
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextMut, FinalizerInterceptorContextRef,
};
use bookstore::config::{ConfigBag, Intercept, RuntimeComponents};
use bookstore::operation::get_book::{GetBookInput, GetBookOutput};

const ENDPOINT: &str = "https://bookstore.example";

fn ok_response() -> http::Response<SdkBody> {
    http::Response::builder().status(200).header("etag", "\"v1\"").body(SdkBody::from("{}")).expect("response")
}

fn status(code: u16) -> http::Response<SdkBody> {
    http::Response::builder().status(code).body(SdkBody::from("{}")).expect("response")
}

fn any_request() -> http::Request<SdkBody> {
    http::Request::builder().uri(ENDPOINT).body(SdkBody::empty()).expect("request")
}

fn replay(responses: Vec<http::Response<SdkBody>>) -> StaticReplayClient {
    StaticReplayClient::new(responses.into_iter().map(|r| ReplayEvent::new(any_request(), r)).collect())
}

fn config(http: StaticReplayClient) -> bookstore::config::Builder {
    bookstore::Config::builder()
        .endpoint_url(ENDPOINT)
        .bearer_token(bookstore::config::Token::new("token", None))
        .http_client(http)
}

/// Records each hook it sees, with a summary of what the hook's context holds.
#[derive(Debug, Clone, Default)]
struct Recorder {
    tag: &'static str,
    log: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn new(tag: &'static str, log: &Arc<Mutex<Vec<String>>>) -> Self {
        Recorder { tag, log: Arc::clone(log) }
    }
    fn note(&self, hook: &str, holds: String) {
        self.log.lock().expect("log").push(format!("{}:{hook}{holds}", self.tag));
    }
}

fn input_of(ctx: &aws_smithy_runtime_api::client::interceptors::context::InterceptorContext) -> String {
    match ctx.input().and_then(|i| i.downcast_ref::<GetBookInput>()) {
        Some(input) => format!(" input={}", input.book_id().unwrap_or("-")),
        None => String::new(),
    }
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "Recorder"
    }
    fn read_before_execution(&self, ctx: &BeforeSerializationInterceptorContextRef<'_>, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("read_before_execution", input_of(ctx.inner()));
        Ok(())
    }
    fn modify_before_serialization(&self, ctx: &mut BeforeSerializationInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("modify_before_serialization", input_of(ctx.inner()));
        Ok(())
    }
    fn read_before_serialization(&self, ctx: &BeforeSerializationInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("read_before_serialization", input_of(ctx.inner()));
        Ok(())
    }
    fn read_after_serialization(&self, ctx: &BeforeTransmitInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("read_after_serialization", format!(" {} {}", ctx.request().method(), ctx.request().uri()));
        Ok(())
    }
    fn modify_before_retry_loop(&self, _: &mut BeforeTransmitInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("modify_before_retry_loop", String::new());
        Ok(())
    }
    fn read_before_attempt(&self, _: &BeforeTransmitInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("read_before_attempt", String::new());
        Ok(())
    }
    fn modify_before_signing(&self, _: &mut BeforeTransmitInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("modify_before_signing", String::new());
        Ok(())
    }
    fn read_before_signing(&self, ctx: &BeforeTransmitInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        let signed = ctx.request().headers().get("authorization").is_some();
        self.note("read_before_signing", format!(" signed={signed}"));
        Ok(())
    }
    fn read_after_signing(&self, ctx: &BeforeTransmitInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        let auth = ctx.request().headers().get("authorization").unwrap_or("-");
        self.note("read_after_signing", format!(" authorization={auth}"));
        Ok(())
    }
    fn modify_before_transmit(&self, _: &mut BeforeTransmitInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("modify_before_transmit", String::new());
        Ok(())
    }
    fn read_before_transmit(&self, _: &BeforeTransmitInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("read_before_transmit", String::new());
        Ok(())
    }
    fn read_after_transmit(&self, ctx: &BeforeDeserializationInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("read_after_transmit", format!(" status={}", ctx.response().status().as_u16()));
        Ok(())
    }
    fn modify_before_deserialization(&self, _: &mut BeforeDeserializationInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("modify_before_deserialization", String::new());
        Ok(())
    }
    fn read_before_deserialization(&self, _: &BeforeDeserializationInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("read_before_deserialization", String::new());
        Ok(())
    }
    fn read_after_deserialization(&self, ctx: &AfterDeserializationInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        let ok = Some(ctx.output_or_error().is_ok());
        self.note("read_after_deserialization", format!(" ok={ok:?}"));
        Ok(())
    }
    fn modify_before_attempt_completion(&self, _: &mut FinalizerInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("modify_before_attempt_completion", String::new());
        Ok(())
    }
    fn read_after_attempt(&self, _: &FinalizerInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("read_after_attempt", String::new());
        Ok(())
    }
    fn modify_before_completion(&self, _: &mut FinalizerInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.note("modify_before_completion", String::new());
        Ok(())
    }
    fn read_after_execution(&self, ctx: &FinalizerInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        let ok = ctx.output_or_error().map(|r| r.is_ok());
        self.note("read_after_execution", format!(" ok={ok:?}"));
        Ok(())
    }
}

const ATTEMPT: [&str; 15] = [
    "read_before_attempt",
    "modify_before_signing",
    "read_before_signing signed=false",
    "read_after_signing authorization=Bearer token",
    "modify_before_transmit",
    "read_before_transmit",
    "read_after_transmit status=STATUS",
    "modify_before_deserialization",
    "read_before_deserialization",
    "read_after_deserialization ok=Some(OK)",
    "modify_before_attempt_completion",
    "read_after_attempt",
    "",
    "",
    "",
];

/// The hooks one call runs, in order, for attempts ending with these statuses.
fn expected(tag: &str, attempts: &[(u16, bool)]) -> Vec<String> {
    let mut hooks = vec![
        "read_before_execution input=b-1".to_owned(),
        "modify_before_serialization input=b-1".to_owned(),
        "read_before_serialization input=b-1".to_owned(),
        format!("read_after_serialization GET {ENDPOINT}/books/b-1"),
        "modify_before_retry_loop".to_owned(),
    ];
    for (code, ok) in attempts {
        for hook in ATTEMPT.iter().filter(|h| !h.is_empty()) {
            hooks.push(hook.replace("STATUS", &code.to_string()).replace("OK", &ok.to_string()));
        }
    }
    let last_ok = attempts.last().map(|(_, ok)| *ok).unwrap_or(false);
    hooks.push("modify_before_completion".to_owned());
    hooks.push(format!("read_after_execution ok=Some({last_ok})"));
    hooks.into_iter().map(|h| format!("{tag}:{h}")).collect()
}

#[tokio::test]
async fn every_hook_runs_in_order_with_its_context() {
    let log = Arc::default();
    let client = bookstore::Client::from_conf(config(replay(vec![ok_response()])).interceptor(Recorder::new("config", &log)).build());
    let output = client.get_book().book_id("b-1").send().await.expect("the call succeeds");
    assert_eq!(output.etag(), Some("\"v1\""));
    assert_eq!(*log.lock().expect("log"), expected("config", &[(200, true)]));
}

#[tokio::test]
async fn attempt_hooks_run_once_per_attempt() {
    let log = Arc::default();
    let (time, sleep) = instant_time_and_sleep(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let conf = config(replay(vec![status(503), status(500), ok_response()]))
        .interceptor(Recorder::new("config", &log))
        .time_source(time)
        .sleep_impl(sleep.clone())
        .build();
    let client = bookstore::Client::from_conf(conf);
    client.get_book().book_id("b-1").send().await.expect("the third attempt succeeds");
    assert_eq!(*log.lock().expect("log"), expected("config", &[(503, false), (500, false), (200, true)]));
    // The backoff slept through the test sleep, which returned at once, twice.
    assert_eq!(sleep.logs().len(), 2, "{:?}", sleep.logs());
}

#[tokio::test]
async fn the_configuration_interceptors_run_before_the_calls_own() {
    let log = Arc::default();
    let client = bookstore::Client::from_conf(config(replay(vec![ok_response()])).interceptor(Recorder::new("config", &log)).build());
    client.get_book().book_id("b-1").customize().interceptor(Recorder::new("call", &log)).send().await.expect("ok");
    let log = log.lock().expect("log");
    let config = expected("config", &[(200, true)]);
    let call = expected("call", &[(200, true)]);
    let interleaved: Vec<String> = config.into_iter().zip(call).flat_map(|(a, b)| [a, b]).collect();
    assert_eq!(*log, interleaved);
}

/// Fails in one named hook.
#[derive(Debug)]
struct FailIn(&'static str);

impl FailIn {
    fn check(&self, hook: &str) -> Result<(), BoxError> {
        if self.0 == hook {
            Err(format!("refused in {hook}").into())
        } else {
            Ok(())
        }
    }
}

impl Intercept for FailIn {
    fn name(&self) -> &'static str {
        "FailIn"
    }
    fn read_before_execution(&self, _: &BeforeSerializationInterceptorContextRef<'_>, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.check("read_before_execution")
    }
    fn modify_before_transmit(&self, _: &mut BeforeTransmitInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.check("modify_before_transmit")
    }
    fn read_after_transmit(&self, _: &BeforeDeserializationInterceptorContextRef<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        self.check("read_after_transmit")
    }
}

#[tokio::test]
async fn a_hook_error_ends_the_call_as_the_sdk_does() {
    let call = |hook| async move {
        let client = bookstore::Client::from_conf(config(replay(vec![ok_response()])).interceptor(FailIn(hook)).build());
        client.get_book().book_id("b-1").send().await.expect_err("the hook fails the call")
    };
    let before = call("read_before_execution").await;
    assert!(matches!(before, SdkError::ConstructionFailure(_)), "{before:?}");
    let transmit = call("modify_before_transmit").await;
    assert!(matches!(transmit, SdkError::DispatchFailure(_)), "{transmit:?}");
    let after = call("read_after_transmit").await;
    assert!(matches!(after, SdkError::ResponseError(_)), "{after:?}");
    assert_eq!(after.raw_response().map(|r| r.status().as_u16()), Some(200));
}

/// Replaces whatever the call produced with an output of its own.
#[derive(Debug)]
struct ReplaceOutput;

impl Intercept for ReplaceOutput {
    fn name(&self) -> &'static str {
        "ReplaceOutput"
    }
    fn modify_before_completion(&self, ctx: &mut FinalizerInterceptorContextMut<'_>, _: &RuntimeComponents, _: &mut ConfigBag) -> Result<(), BoxError> {
        let replaced = GetBookOutput::builder().etag("replaced").build();
        ctx.inner_mut().set_output_or_error(Ok(aws_smithy_runtime_api::client::interceptors::context::Output::erase(replaced)));
        Ok(())
    }
}

#[tokio::test]
async fn the_caller_receives_what_a_hook_left() {
    let client = bookstore::Client::from_conf(config(replay(vec![status(404)])).interceptor(ReplaceOutput).build());
    let output = client.get_book().book_id("b-1").send().await.expect("the hook turned the error into an output");
    assert_eq!(output.etag(), Some("replaced"));
}

#[tokio::test]
async fn config_override_applies_to_one_call_only() {
    let (http, requests) = capture_request(None);
    let client = bookstore::Client::from_conf(
        bookstore::Config::builder()
            .endpoint_url(ENDPOINT)
            .bearer_token(bookstore::config::Token::new("client-token", None))
            .http_client(http)
            .build(),
    );
    let overridden = bookstore::Config::builder()
        .endpoint_url("https://override.example")
        .bearer_token(bookstore::config::Token::new("call-token", None));
    let _ = client.get_book().book_id("b-1").customize().config_override(overridden).send().await;
    let sent = requests.expect_request();
    assert_eq!(sent.uri(), "https://override.example/books/b-1");
    assert_eq!(sent.headers().get("authorization"), Some("Bearer call-token"));
    assert_eq!(client.config().endpoint_url(), Some(ENDPOINT), "the client is unchanged");
}

#[tokio::test]
async fn mutate_and_map_request_change_what_is_sent() {
    let (http, requests) = capture_request(None);
    let client = bookstore::Client::from_conf(config(replay(vec![])).http_client(http).build());
    let _ = client
        .get_book()
        .book_id("b-1")
        .customize()
        .mutate_request(|req| {
            req.headers_mut().insert("x-mutated", "yes");
        })
        .map_request(|mut req| {
            req.headers_mut().insert("x-mapped", "yes");
            Ok::<_, std::convert::Infallible>(req)
        })
        .send()
        .await;
    let sent = requests.expect_request();
    assert_eq!((sent.headers().get("x-mutated"), sent.headers().get("x-mapped")), (Some("yes"), Some("yes")));
}

#[tokio::test]
async fn signing_reads_the_configured_clock() {
    use cognito_identity_provider as cip;
    let (http, requests) = capture_request(None);
    let config = cip::Config::builder()
        .region(cip::config::Region::new("us-east-1"))
        .credentials_provider(cip::config::Credentials::new("AKID", "secret", None, None, "test"))
        .time_source(StaticTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_234_567_890)))
        .http_client(http)
        .build();
    let _ = cip::Client::from_conf(config).list_users().user_pool_id("us-east-1_pool").send().await;
    let sent = requests.expect_request();
    assert_eq!(sent.headers().get("x-amz-date"), Some("20090213T233130Z"));
    let authorization = sent.headers().get("authorization").unwrap_or_default();
    assert!(authorization.contains("Credential=AKID/20090213/us-east-1/cognito-idp/aws4_request"), "{authorization}");
}

/// Sends the first bytes of a download, then nothing more.
struct StallsAfterFirstChunk {
    sent: bool,
}

impl http_body::Body for StallsAfterFirstChunk {
    type Data = bytes::Bytes;
    type Error = BoxError;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, BoxError>>> {
        if self.sent {
            return std::task::Poll::Pending;
        }
        self.sent = true;
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(bytes::Bytes::from_static(b"chapter one")))))
    }
}

#[tokio::test]
async fn stalled_stream_protection_ends_a_download_that_stops_arriving() {
    use bookstore::config::StalledStreamProtectionConfig;
    let http = aws_smithy_http_client::test_util::infallible_client_fn(|_| {
        http::Response::builder().status(200).body(SdkBody::from_body_1_x(StallsAfterFirstChunk { sent: false })).expect("response")
    });
    let (time, sleep) = instant_time_and_sleep(UNIX_EPOCH);
    let protection = StalledStreamProtectionConfig::enabled().grace_period(Duration::from_secs(5)).build();
    let conf = bookstore::Config::builder()
        .endpoint_url(ENDPOINT)
        .bearer_token(bookstore::config::Token::new("token", None))
        .http_client(http)
        .time_source(time)
        .sleep_impl(sleep.clone())
        .stalled_stream_protection(protection)
        .build();
    let client = bookstore::Client::from_conf(conf);
    let output = client.download_book().book_id("b-1").send().await.expect("the response head arrives");
    // Without the protection the read would wait for ever: a real timer bounds the test.
    let read = tokio::time::timeout(Duration::from_secs(30), output.content.collect()).await.expect("the read ends");
    let err = read.expect_err("the body stalls");
    let text = format!("{}", aws_smithy_types::error::display::DisplayErrorContext(&err));
    assert!(text.contains("stalled"), "{text}");
    assert_eq!(sleep.total_duration(), Duration::from_secs(5));
}
