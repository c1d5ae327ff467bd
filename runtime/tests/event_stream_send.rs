//! Sending an event stream through the runtime: the request body is the events' frames (after
//! an `initial-request` for the RPC protocols); signed with SigV4, each frame is a signed
//! message chained from the request's signature and the stream ends with a signed empty
//! message; otherwise the frames are plain and nothing ends them. Such a request is sent once.

#![cfg(all(feature = "event-stream", feature = "json"))]

mod events;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::event_stream::{sign_empty_message, sign_message};
use aws_sigv4::sign::v4;
use aws_smithy_async::time::StaticTimeSource;
use aws_smithy_runtime_api::client::http::{HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector};
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use aws_smithy_types::error::display::DisplayErrorContext;
use events::*;
use smithy_client_runtime::client::{Auth, AuthScheme, HttpTrait, OperationSpec, Protocol, RequestParts, Runtime, ServiceSpec};
use smithy_client_runtime::config::{Config, Region, RetryConfig};
use smithy_client_runtime::event_stream::{EventStreamSender, HeaderValue, Message, STREAMING_PAYLOAD};
use smithy_client_runtime::request::RequestWriter;

static REST: ServiceSpec = ServiceSpec::new("Chat", Protocol::RestJson1).endpoint_prefix("chat").signing_name("chat").regional(true);
static RPC: ServiceSpec =
    ServiceSpec::new("Chat", Protocol::AwsJson1_1).target_prefix("Chat_2024").endpoint_prefix("chat").signing_name("chat").regional(true);

static TALK: OperationSpec = OperationSpec::new("Talk", HttpTrait { method: "POST", uri: "/talk" }).event_stream_input(true);
static TALK_ANONYMOUS: OperationSpec =
    OperationSpec::new("Talk", HttpTrait { method: "POST", uri: "/talk" }).auth(Auth::Anonymous).auth_schemes(&[AuthScheme::SigV4]).event_stream_input(true);

/// The signing time every test fixes.
fn when() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "test")
}

/// A request as the client received it: headers and the whole body.
type Seen = (Vec<(String, String)>, Vec<u8>);

/// Reads each request's body to its end, keeps it, and answers with `status`.
#[derive(Debug, Clone)]
struct Capture {
    status: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Capture {
    fn new(status: u16) -> Self {
        Capture { status, seen: Arc::default() }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

impl HttpConnector for Capture {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let (seen, status) = (self.seen.clone(), self.status);
        HttpConnectorFuture::new(async move {
            let headers = request.headers().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            let body = ByteStream::new(request.into_body()).collect().await.map(|b| b.to_vec()).unwrap_or_else(|e| format!("body failed: {}", DisplayErrorContext(&e)).into_bytes());
            seen.lock().expect("lock").push((headers, body));
            Ok(Response::new(StatusCode::try_from(status).expect("status"), SdkBody::from("{}")))
        })
    }
}

impl HttpClient for Capture {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

fn runtime(client: &Capture, service: &'static ServiceSpec, attempts: u32) -> Runtime {
    let config = Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url("https://chat.example")
        .credentials_provider(credentials())
        .time_source(StaticTimeSource::new(when()))
        .retry_config(RetryConfig::standard().with_max_attempts(attempts).with_initial_backoff(Duration::from_millis(1)))
        .http_client(client.clone())
        .build();
    Runtime::new(config, service)
}

fn events() -> Vec<Ev> {
    vec![Ev::Greeting("hello".into()), Ev::Count(3), Ev::Greeting("bye".into())]
}

/// Request parts with the events as the input's stream (and `document` as its body, if any).
fn parts(protocol: Protocol, document: Option<&str>, events: Vec<Ev>) -> RequestParts {
    let mut writer = RequestWriter::new(protocol);
    if let Some(document) = document {
        writer.document(document.as_bytes().to_vec());
    }
    let items: Vec<Result<Ev, EvError>> = events.into_iter().map(Ok).collect();
    writer.event_stream(EventStreamSender::from(Iter(items.into_iter())));
    writer.finish().expect("parts")
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The messages the events are written as.
fn written(events: Vec<Ev>) -> Vec<Message> {
    events.into_iter().map(|e| smithy_client_runtime::event_stream::WriteEvent::write_event(e, Protocol::RestJson1).expect("written")).collect()
}

#[tokio::test]
async fn unsigned_events_are_plain_frames_with_no_end_message() {
    let client = Capture::new(200);
    runtime(&client, &REST, 1).call(&TALK_ANONYMOUS, parts(Protocol::RestJson1, None, events())).await.expect("sent");
    let (headers, body) = &client.seen()[0];
    assert_eq!(header(headers, "content-type"), Some("application/vnd.amazon.eventstream"));
    assert_eq!(header(headers, "content-length"), None);
    assert_eq!(header(headers, "authorization"), None);
    let messages = unframe(body);
    assert_eq!(messages, written(events()));
    assert_eq!(text(&messages[0], ":message-type"), Some("event"));
    assert_eq!(text(&messages[0], ":event-type"), Some("Greeting"));
    assert_eq!(text(&messages[0], ":content-type"), Some("text/plain"));
    assert_eq!(&messages[0].payload()[..], b"hello");
    assert_eq!(value(&messages[1], "n"), Some(&HeaderValue::Int32(3)));
    assert_eq!(text(&messages[1], ":content-type"), None, "no payload, no content type");
}

/// The request's signature: the seed of the message chain.
fn request_signature(headers: &[(String, String)]) -> String {
    let authorization = header(headers, "authorization").expect("signed");
    authorization.split("Signature=").nth(1).expect("a signature").to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn signed_events_chain_from_the_request_signature_and_end_with_an_empty_message() {
    let client = Capture::new(200);
    runtime(&client, &REST, 1).call(&TALK, parts(Protocol::RestJson1, None, events())).await.expect("sent");
    let (headers, body) = &client.seen()[0];
    assert_eq!(header(headers, "x-amz-content-sha256"), Some(STREAMING_PAYLOAD));
    assert!(header(headers, "authorization").is_some_and(|a| a.contains("x-amz-content-sha256")), "the hash is signed: {headers:?}");
    let outer = unframe(body);
    assert_eq!(outer.len(), events().len() + 1, "one signed message per event and the end");

    let identity: Identity = credentials().into();
    let params = v4::SigningParams::builder().identity(&identity).region("us-west-2").name("chat").time(when()).settings(()).build().expect("params");
    let mut previous = request_signature(headers);
    let expected = written(events());
    for (index, signed) in outer.iter().enumerate() {
        let chunk_signature = match value(signed, ":chunk-signature") {
            Some(HeaderValue::ByteArray(bytes)) => hex(bytes),
            other => panic!("message {index} has no signature: {other:?}"),
        };
        assert_eq!(value(signed, ":date"), Some(&HeaderValue::Timestamp(when().into())));
        let output = match expected.get(index) {
            Some(inner) => {
                assert_eq!(&unframe(signed.payload())[..], std::slice::from_ref(inner), "message {index} wraps its event");
                sign_message(inner, &previous, &params).expect("signed")
            }
            None => {
                assert!(signed.payload().is_empty(), "the end message is empty");
                sign_empty_message(&previous, &params).expect("signed")
            }
        };
        let (_, signature) = output.into_parts();
        assert_eq!(chunk_signature, signature, "message {index}");
        previous = signature;
    }
}

#[tokio::test]
async fn an_rpc_input_document_is_sent_as_the_initial_request() {
    static OP: OperationSpec = OperationSpec::new("Talk", HttpTrait::RPC).auth(Auth::Anonymous).event_stream_input(true);
    let client = Capture::new(200);
    runtime(&client, &RPC, 1).call(&OP, parts(Protocol::AwsJson1_1, Some(r#"{"room":"a"}"#), vec![Ev::Count(1)])).await.expect("sent");
    let (headers, body) = &client.seen()[0];
    assert_eq!(header(headers, "content-type"), Some("application/vnd.amazon.eventstream"));
    assert_eq!(header(headers, "x-amz-target"), Some("Chat_2024.Talk"));
    let messages = unframe(body);
    assert_eq!(messages.len(), 2);
    assert_eq!(text(&messages[0], ":message-type"), Some("event"));
    assert_eq!(text(&messages[0], ":event-type"), Some("initial-request"));
    assert_eq!(text(&messages[0], ":content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(&messages[0].payload()[..], br#"{"room":"a"}"#);
    assert_eq!(text(&messages[1], ":event-type"), Some("Count"));

    // Without a document there is no initial request.
    let client = Capture::new(200);
    runtime(&client, &RPC, 1).call(&OP, parts(Protocol::AwsJson1_1, None, vec![Ev::Count(1)])).await.expect("sent");
    let messages = unframe(&client.seen()[0].1);
    assert_eq!(messages.iter().map(|m| text(m, ":event-type")).collect::<Vec<_>>(), [Some("Count")]);
}

#[tokio::test]
async fn an_event_stream_request_is_sent_once_without_a_backoff() {
    let client = Capture::new(503);
    let (_, sleep) = aws_smithy_async::test_util::instant_time_and_sleep(when());
    let config = runtime(&client, &REST, 3).config().to_builder().sleep_impl(sleep.clone()).build();
    let outcome = Runtime::new(config, &REST).call(&TALK, parts(Protocol::RestJson1, None, events())).await;
    assert!(outcome.is_err(), "a 503 is a failure");
    assert_eq!(client.seen().len(), 1, "the body cannot be sent again");
    assert_eq!(sleep.logs(), Vec::<Duration>::new(), "no backoff before giving up");
}

#[tokio::test]
async fn an_error_from_the_events_ends_the_body() {
    let mut writer = RequestWriter::new(Protocol::RestJson1);
    let items = vec![Ok(Ev::Greeting("fine".into())), Err(producer_failed("the producer failed")), Ok(Ev::Count(9))];
    writer.event_stream(EventStreamSender::from(Iter(items.into_iter())));
    let client = Capture::new(200);
    runtime(&client, &REST, 1).call(&TALK_ANONYMOUS, writer.finish().expect("parts")).await.expect("answered");
    let body = String::from_utf8_lossy(&client.seen()[0].1).into_owned();
    assert!(body.contains("body failed") && body.contains("the producer failed"), "{body}");
}

#[tokio::test]
async fn a_modelled_error_is_sent_as_an_exception_that_ends_the_stream() {
    let mut writer = RequestWriter::new(Protocol::RestJson1);
    let boom = EvError::Boom(Boom { message: Some("foo".into()), ..Boom::default() });
    let items = vec![Ok(Ev::Count(1)), Err(boom), Ok(Ev::Count(2))];
    writer.event_stream(EventStreamSender::from(Iter(items.into_iter())));
    let client = Capture::new(200);
    runtime(&client, &REST, 1).call(&TALK_ANONYMOUS, writer.finish().expect("parts")).await.expect("answered");
    let messages = unframe(&client.seen()[0].1);
    assert_eq!(messages.len(), 2, "the exception ends the stream: {messages:?}");
    assert_eq!(text(&messages[1], ":message-type"), Some("exception"));
    assert_eq!(text(&messages[1], ":exception-type"), Some("Boom"));
    assert_eq!(text(&messages[1], ":content-type"), Some("application/json"));
    assert_eq!(&messages[1].payload()[..], br#"{"message":"foo"}"#);
}

#[tokio::test]
async fn the_unknown_variant_cannot_be_sent_and_once_sends_one() {
    let client = Capture::new(200);
    let mut writer = RequestWriter::new(Protocol::RestJson1);
    writer.event_stream(EventStreamSender::<Ev, EvError>::once(Ok(Ev::Unknown("x".into()))));
    runtime(&client, &REST, 1).call(&TALK_ANONYMOUS, writer.finish().expect("parts")).await.expect("answered");
    let body = String::from_utf8_lossy(&client.seen()[0].1).into_owned();
    assert!(body.contains("`Unknown` variant"), "{body}");

    let client = Capture::new(200);
    let mut writer = RequestWriter::new(Protocol::RestJson1);
    writer.event_stream(EventStreamSender::<Ev, EvError>::once(Ok(Ev::Count(5))));
    runtime(&client, &REST, 1).call(&TALK_ANONYMOUS, writer.finish().expect("parts")).await.expect("answered");
    assert_eq!(unframe(&client.seen()[0].1), written(vec![Ev::Count(5)]));

    let client = Capture::new(200);
    let mut writer = RequestWriter::new(Protocol::RestJson1);
    writer.event_stream(EventStreamSender::<Ev, EvError>::default());
    runtime(&client, &REST, 1).call(&TALK_ANONYMOUS, writer.finish().expect("parts")).await.expect("answered");
    assert!(client.seen()[0].1.is_empty(), "no events, no frames");
}

#[test]
fn enum_headers_are_strings() {
    struct Tagged;
    impl smithy_client_runtime::request::WriteRequest for Tagged {
        fn write_request(self, r: &mut RequestWriter) {
            r.event_header_text("mood", Some("calm"));
            r.event_header("flag", Some(&true));
            r.event_header("when", Some(&aws_smithy_types::DateTime::from_millis(1_000)));
            r.event_header("raw", Some(&aws_smithy_types::Blob::new("ab")));
        }
    }
    let message = smithy_client_runtime::event_stream::write_event("Tagged", Tagged, Protocol::RestJson1).expect("written");
    assert_eq!(text(&message, "mood"), Some("calm"));
    assert_eq!(value(&message, "flag"), Some(&HeaderValue::Bool(true)));
    assert_eq!(value(&message, "when"), Some(&HeaderValue::Timestamp(aws_smithy_types::DateTime::from_millis(1_000))));
    assert_eq!(value(&message, "raw"), Some(&HeaderValue::ByteArray(bytes::Bytes::from_static(b"ab"))));
    assert_eq!(text(&message, ":content-type"), None);
    assert!(message.payload().is_empty());
}
