//! Receiving an event stream output through a whole call: for the RPC protocols the first
//! message is read before the output (an `initial-response` gives the output's other members,
//! anything else is put back); for REST nothing is pre-read; the body has the configured idle
//! timeout instead of stalled-stream protection.

#![cfg(all(feature = "event-stream", feature = "json"))]

mod events;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_smithy_async::test_util::instant_time_and_sleep;
use aws_smithy_runtime_api::client::http::{HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::error::ErrorMetadata;
use bytes::Bytes;
use events::*;
use smithy_client_runtime::client::{Auth, HttpResponse, HttpTrait, OperationSpec, Protocol, Runtime, SdkError, ServiceSpec};
use smithy_client_runtime::config::{Config, StalledStreamProtectionConfig};
use smithy_client_runtime::error::BoxError;
use smithy_client_runtime::event_stream::EventReceiver;
use smithy_client_runtime::orchestrator::IdleTimeout;
use smithy_client_runtime::request::{RequestWriter, WriteRequest};
use smithy_client_runtime::response::{ReadResponse, ResponseReader};

static RPC: ServiceSpec = ServiceSpec::new("Chat", Protocol::AwsJson1_1).target_prefix("Chat_2024").endpoint_prefix("chat").signing_name("chat");
static RPC_V2: ServiceSpec = ServiceSpec::new("Chat", Protocol::RpcV2Json).target_prefix("Chat").endpoint_prefix("chat").signing_name("chat");
static REST: ServiceSpec = ServiceSpec::new("Chat", Protocol::RestJson1).endpoint_prefix("chat").signing_name("chat");

static LISTEN_RPC: OperationSpec =
    OperationSpec::new("Listen", HttpTrait::RPC).auth(Auth::Anonymous).streaming_output(true).event_stream_output(true);
static LISTEN_REST: OperationSpec = OperationSpec::new("Listen", HttpTrait { method: "GET", uri: "/listen" })
    .auth(Auth::Anonymous)
    .streaming_output(true)
    .event_stream_output(true);

#[derive(Debug)]
struct ListenInput;

impl WriteRequest for ListenInput {
    fn write_request(self, r: &mut RequestWriter) {
        if r.protocol().is_rpc() {
            r.document(b"{}".to_vec());
        }
    }
}

/// An output with one document member beside its event stream.
#[derive(Debug)]
struct ListenOutput {
    greeting: Option<String>,
    events: EventReceiver<Ev, EvError>,
}

impl ReadResponse for ListenOutput {
    fn read_response(r: &mut ResponseReader<'_>) -> Result<Self, BoxError> {
        let doc = r.json()?;
        let greeting = doc.get("greeting").and_then(|g| g.as_str()).map(str::to_owned);
        Ok(ListenOutput { greeting, events: r.event_stream() })
    }
}

#[derive(Debug)]
struct ListenError(ErrorMetadata);

impl fmt::Display for ListenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for ListenError {}

impl ProvideErrorMetadata for ListenError {
    fn meta(&self) -> &ErrorMetadata {
        &self.0
    }
}

fn de_error(meta: ErrorMetadata, _: &HttpResponse) -> ListenError {
    ListenError(meta)
}

/// Answers the one request with the body it holds, keeping the request's headers.
#[derive(Debug, Clone)]
struct Answer {
    body: Arc<Mutex<Option<SdkBody>>>,
    headers: Arc<Mutex<Vec<(String, String)>>>,
}

impl Answer {
    fn new(body: SdkBody) -> Self {
        Answer { body: Arc::new(Mutex::new(Some(body))), headers: Arc::default() }
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers.lock().expect("lock").iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    }
}

impl HttpConnector for Answer {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        *self.headers.lock().expect("lock") = request.headers().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        let body = self.body.lock().expect("lock").take().unwrap_or_else(SdkBody::empty);
        let mut response = Response::new(StatusCode::try_from(200).expect("status"), body);
        response.headers_mut().insert("content-type", "application/vnd.amazon.eventstream");
        HttpConnectorFuture::ready(Ok(response))
    }
}

impl HttpClient for Answer {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

fn config(answer: &Answer) -> smithy_client_runtime::config::Builder {
    Config::builder().endpoint_url("https://chat.example").http_client(answer.clone())
}

async fn listen(service: &'static ServiceSpec, op: &'static OperationSpec, config: Config) -> Result<ListenOutput, SdkError<ListenError, HttpResponse>> {
    Arc::new(Runtime::new(config, service)).send(op, Ok(ListenInput), de_error).await
}

async fn all(output: &mut ListenOutput) -> Vec<Ev> {
    let mut got = Vec::new();
    while let Some(event) = output.events.recv().await.expect("no error") {
        got.push(event);
    }
    got
}

#[tokio::test]
async fn an_rpc_initial_response_gives_the_output_members() {
    let bytes = frames(&[event("initial-response", r#"{"greeting":"hi"}"#), event("Greeting", "a"), count(2)]);
    let answer = Answer::new(chunked(&bytes, 3));
    let mut output = listen(&RPC, &LISTEN_RPC, config(&answer).build()).await.expect("output");
    assert_eq!(output.greeting.as_deref(), Some("hi"));
    assert_eq!(all(&mut output).await, [Ev::Greeting("a".into()), Ev::Count(2)]);
}

#[tokio::test]
async fn an_rpc_stream_that_starts_with_an_event_keeps_it() {
    let bytes = frames(&[event("Greeting", "a"), count(2)]);
    for size in [1, 5, bytes.len()] {
        let answer = Answer::new(chunked(&bytes, size));
        let mut output = listen(&RPC, &LISTEN_RPC, config(&answer).build()).await.expect("output");
        assert_eq!(output.greeting, None, "pieces of {size}");
        assert_eq!(all(&mut output).await, [Ev::Greeting("a".into()), Ev::Count(2)], "pieces of {size}");
    }
}

#[tokio::test]
async fn an_rpc_stream_without_messages_is_empty() {
    let answer = Answer::new(SdkBody::empty());
    let mut output = listen(&RPC, &LISTEN_RPC, config(&answer).build()).await.expect("output");
    assert_eq!(output.greeting, None);
    assert!(all(&mut output).await.is_empty());
}

#[tokio::test]
async fn a_rest_stream_is_not_pre_read() {
    let bytes = frames(&[event("initial-response", r#"{"greeting":"hi"}"#), event("Greeting", "a")]);
    let answer = Answer::new(chunked(&bytes, 4));
    let mut output = listen(&REST, &LISTEN_REST, config(&answer).build()).await.expect("output");
    assert_eq!(output.greeting, None, "REST outputs take nothing from the stream");
    assert_eq!(all(&mut output).await, [Ev::Greeting("a".into())], "the initial response is skipped");
}

#[tokio::test]
async fn an_rpc_v2_request_accepts_an_event_stream() {
    let answer = Answer::new(SdkBody::from(frames(&[event("Greeting", "a")])));
    let mut output = listen(&RPC_V2, &LISTEN_RPC, config(&answer).build()).await.expect("output");
    assert_eq!(answer.header("accept").as_deref(), Some("application/vnd.amazon.eventstream"));
    assert_eq!(all(&mut output).await, [Ev::Greeting("a".into())]);
}

fn idle(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(e) = source {
        if e.downcast_ref::<IdleTimeout>().is_some() {
            return true;
        }
        source = e.source();
    }
    false
}

#[tokio::test]
async fn the_idle_timeout_ends_a_quiet_stream() {
    let (_, sleep) = instant_time_and_sleep(std::time::UNIX_EPOCH);
    let body = SdkBody::from_body_1_x(OneThenSilence(Some(Bytes::from(frame(&event("Greeting", "a"))))));
    let answer = Answer::new(body);
    let config = config(&answer).sleep_impl(sleep.clone()).event_stream_idle_timeout(Duration::from_secs(5)).build();
    let mut output = listen(&REST, &LISTEN_REST, config).await.expect("output");
    assert_eq!(output.events.recv().await.expect("an event"), Some(Ev::Greeting("a".into())));
    let error = output.events.recv().await.expect_err("idle");
    assert!(matches!(error, SdkError::ResponseError(_)), "{error:?}");
    assert!(idle(&error), "{error:?}");
    assert_eq!(sleep.total_duration(), Duration::from_secs(5));
    assert!(output.events.recv().await.expect("done").is_none());
}

#[tokio::test]
async fn an_rpc_stream_idle_before_its_first_message_fails_the_call() {
    let (_, sleep) = instant_time_and_sleep(std::time::UNIX_EPOCH);
    let answer = Answer::new(SdkBody::from_body_1_x(OneThenSilence(None)));
    let config = config(&answer).sleep_impl(sleep).event_stream_idle_timeout(Duration::from_secs(5)).build();
    let error = listen(&RPC, &LISTEN_RPC, config).await.expect_err("idle");
    assert!(matches!(error, SdkError::ResponseError(_)), "{error:?}");
    assert!(idle(&error), "{error:?}");
}

#[tokio::test]
async fn an_event_stream_has_no_stalled_stream_protection() {
    let (_, sleep) = instant_time_and_sleep(std::time::UNIX_EPOCH);
    let body = SdkBody::from_body_1_x(OneThenSilence(Some(Bytes::from(frame(&event("Greeting", "a"))))));
    let answer = Answer::new(body);
    let protection = StalledStreamProtectionConfig::enabled().grace_period(Duration::from_secs(1)).build();
    let config = config(&answer).sleep_impl(sleep).stalled_stream_protection(protection).build();
    let mut output = listen(&REST, &LISTEN_REST, config).await.expect("output");
    assert_eq!(output.events.recv().await.expect("an event"), Some(Ev::Greeting("a".into())));
    let quiet = tokio::time::timeout(Duration::from_millis(50), output.events.recv()).await;
    assert!(quiet.is_err(), "a quiet stream waits: {quiet:?}");
}

// The macro's `cfg`s name the generated crate's features, which this test crate does not have.
#[allow(unexpected_cfgs)]
mod generated {
    smithy_client_runtime::service_config!(event_stream);
}

#[test]
fn a_service_config_can_set_the_idle_timeout() {
    let config = generated::Config::builder().event_stream_idle_timeout(Duration::from_secs(30)).build();
    assert_eq!(config.event_stream_idle_timeout(), Some(Duration::from_secs(30)));
}
