//! Event stream cases: a stub that reads the whole (streamed) request body, keeps it and
//! answers with the case's initial response and messages; the messages the input sent,
//! decoded (and unwrapped from their signatures); checks of each against the case.

// `SdkError` carries the raw response inline, as its definition does; tests are not hot.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use aws_smithy_eventstream::frame::{DecodedFrame, MessageFrameDecoder};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::event_stream::{HeaderValue, Message, RawMessage};
use bytes::Bytes;

use super::body::check_body;
use super::field::{check_eq, mismatch, Field};
use crate::client::{HttpResponse, OperationSpec, Runtime, ServiceSpec};
use crate::config::{Config, Credentials, Region};
use crate::event_stream::{EventReceiver, EventStreamSender, ReadEvent, ReadEventError};
use crate::request::WriteRequest;
use crate::response::ReadResponse;
use crate::send::ErrorParser;

/// What the stub was sent: the request (its body read out) and the messages of its body.
#[derive(Debug)]
pub struct Sent {
    /// The request, with the body it was sent with.
    pub request: http::Request<SdkBody>,
    /// The messages the body carried, unwrapped from their signatures (the final empty
    /// signed message left out).
    pub messages: Vec<Message>,
}

/// The stub: answers every request with the response it holds, after reading the request's
/// body to its end.
#[derive(Clone)]
struct Stub {
    response: Arc<Mutex<Option<HttpResponse>>>,
    sent: Arc<Mutex<Option<(HttpRequest, Bytes)>>>,
}

impl fmt::Debug for Stub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStub")
    }
}

impl HttpConnector for Stub {
    fn call(&self, mut request: HttpRequest) -> HttpConnectorFuture {
        let stub = self.clone();
        HttpConnectorFuture::new(async move {
            let body = std::mem::replace(request.body_mut(), SdkBody::taken());
            let bytes = read_all(body).await;
            if let Ok(mut sent) = stub.sent.lock() {
                *sent = Some((request, bytes));
            }
            let response = stub.response.lock().ok().and_then(|mut r| r.take());
            let status = aws_smithy_runtime_api::http::StatusCode::try_from(500u16).expect("500 is a status");
            Ok(response.unwrap_or_else(|| HttpResponse::new(status, SdkBody::empty())))
        })
    }
}

impl HttpClient for Stub {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

/// Reads a body to its end (what a failed read left is what was read).
async fn read_all(body: SdkBody) -> Bytes {
    let mut body = Box::pin(body);
    let mut out = Vec::new();
    while let Some(Ok(frame)) = std::future::poll_fn(|cx| http_body::Body::poll_frame(body.as_mut(), cx)).await {
        if let Ok(data) = frame.into_data() {
            out.extend_from_slice(&data);
        }
    }
    Bytes::from(out)
}

/// A client runtime whose calls reach the stub, and the Tokio runtime the case runs on.
pub struct Exchange {
    runtime: Arc<Runtime>,
    stub: Stub,
    tokio: tokio::runtime::Runtime,
}

impl fmt::Debug for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Exchange")
    }
}

/// An exchange whose stub answers with `response`: fixed test credentials, one attempt.
pub fn exchange(service: &'static ServiceSpec, response: HttpResponse) -> Exchange {
    let stub = Stub { response: Arc::new(Mutex::new(Some(response))), sent: Arc::default() };
    let mut builder = Config::builder().endpoint_url("https://example.com");
    builder.apply_test_defaults();
    let config = builder
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "protocol-test-secret", None, None, "protocol-test"))
        .retry_config(crate::config::RetryConfig::standard().with_max_attempts(1))
        .http_client(stub.clone())
        .build();
    let tokio = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a Tokio runtime starts");
    Exchange { runtime: Arc::new(Runtime::new(config, service)), stub, tokio }
}

/// A response whose body is `body` followed by the messages (each base64) of a case.
pub fn event_response(code: u16, headers: &[(&str, &str)], body: &str, frames: &[&str]) -> HttpResponse {
    let mut raw = super::response(code, headers, "");
    let mut bytes = body.as_bytes().to_vec();
    for frame in frames {
        bytes.extend(aws_smithy_types::base64::decode(frame).expect("the case's message bytes are base64"));
    }
    *raw.body_mut() = SdkBody::from(bytes);
    raw
}

impl Exchange {
    /// Calls the operation with `input`, as its `send()` does.
    pub fn call<I, O, E>(&self, spec: &'static OperationSpec, input: I, de_error: ErrorParser<E>) -> Result<O, SdkError<E, HttpResponse>>
    where
        I: WriteRequest + fmt::Debug + Send + Sync + 'static,
        O: ReadResponse + fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
    {
        self.tokio.block_on(self.runtime.send::<I, O, E>(spec, Ok(input), de_error))
    }

    /// The request the stub was sent and the messages of its body.
    #[track_caller]
    pub fn sent(&self) -> Sent {
        let Some((request, bytes)) = self.stub.sent.lock().ok().and_then(|mut s| s.take()) else {
            mismatch(Field::Method, format_args!("no request was sent"))
        };
        let request = request
            .try_into_http1x()
            .unwrap_or_else(|e| mismatch(Field::Method, format_args!("the request cannot be read: {e}")));
        let (head, _) = request.into_parts();
        let request = http::Request::from_parts(head, SdkBody::from(bytes.clone()));
        Sent { request, messages: decode_messages(bytes) }
    }

    /// The stream's next event, which the case says is there.
    #[track_caller]
    pub fn next_event<T: ReadEvent, E: ReadEventError>(&self, receiver: &mut EventReceiver<T, E>) -> T {
        match self.tokio.block_on(receiver.recv()) {
            Ok(Some(event)) => event,
            Ok(None) => mismatch(Field::Output, format_args!("the stream ended before an expected event")),
            Err(e) => mismatch(Field::Output, format_args!("the stream failed: {e:?}")),
        }
    }

    /// The error the stream ends with, which the case says it does.
    #[track_caller]
    pub fn stream_error<T: ReadEvent + fmt::Debug, E: ReadEventError>(&self, receiver: &mut EventReceiver<T, E>) -> SdkError<E, RawMessage> {
        loop {
            match self.tokio.block_on(receiver.recv()) {
                Ok(Some(_)) => {}
                Ok(None) => mismatch(Field::ErrorVariant, format_args!("the stream ended without the expected error")),
                Err(e) => return e,
            }
        }
    }
}

/// The error of a call the case says fails.
#[track_caller]
pub fn call_error<O: fmt::Debug, E>(result: Result<O, SdkError<E, HttpResponse>>) -> SdkError<E, HttpResponse> {
    match result {
        Ok(output) => mismatch(Field::ErrorVariant, format_args!("the call succeeded: {output:?}")),
        Err(e) => e,
    }
}

/// An input stream that sends these events (and errors).
pub fn events<T: Send + Sync + 'static, E: Send + Sync + 'static>(items: Vec<Result<T, E>>) -> EventStreamSender<T, E> {
    EventStreamSender::from(Items(items.into_iter()))
}

/// The items of a list, as a stream.
struct Items<I>(std::vec::IntoIter<I>);

// Never pinned structurally: the iterator is only moved through `&mut`.
impl<I> Unpin for Items<I> {}

impl<I> futures_core::Stream for Items<I> {
    type Item = I;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.get_mut().0.next())
    }
}

/// The messages of a request body: signed messages are unwrapped, the empty end message is
/// left out.
fn decode_messages(bytes: Bytes) -> Vec<Message> {
    let mut decoder = MessageFrameDecoder::new();
    let mut buffer = bytes;
    let mut messages = Vec::new();
    loop {
        match decoder.decode_frame(&mut buffer) {
            Ok(DecodedFrame::Complete(message)) => messages.extend(unwrap_signed(message)),
            Ok(DecodedFrame::Incomplete) => break,
            Err(e) => mismatch(Field::RawBody, format_args!("the request body is not a stream of messages: {e}")),
        }
    }
    messages
}

fn unwrap_signed(message: Message) -> Option<Message> {
    if !message.headers().iter().any(|h| h.name().as_str() == ":chunk-signature") {
        return Some(message);
    }
    if message.payload().is_empty() {
        return None;
    }
    let inner = aws_smithy_eventstream::frame::read_message_from(message.payload().clone())
        .unwrap_or_else(|e| mismatch(Field::RawBody, format_args!("a signed message does not wrap a message: {e}")));
    Some(inner)
}

/// Checks how many messages the input sent.
#[track_caller]
pub fn check_sent_count(messages: &[Message], expected: usize) {
    check_eq(Field::RawBody, "number of messages sent", &messages.len(), &expected);
}

/// Checks one sent message: its typed headers (name, type, value as text), the absent and
/// present ones, and its payload.
#[track_caller]
pub fn check_sent_event(
    message: &Message,
    headers: &[(&str, &str, &str)],
    forbid: &[&str],
    require: &[&str],
    body: Option<&str>,
    media_type: Option<&str>,
) {
    for (name, kind, text) in headers {
        let expected = header_value(kind, text);
        let actual = message.headers().iter().find(|h| h.name().as_str() == *name).map(|h| h.value().clone());
        check_eq(Field::Header, &format!("event header `{name}`"), &actual, &Some(expected));
    }
    for name in forbid {
        let present = message.headers().iter().any(|h| h.name().as_str() == *name);
        check_eq(Field::Header, &format!("presence of forbidden event header `{name}`"), &present, &false);
    }
    for name in require {
        let present = message.headers().iter().any(|h| h.name().as_str() == *name);
        check_eq(Field::Header, &format!("presence of required event header `{name}`"), &present, &true);
    }
    if let Some(body) = body {
        check_body(message.payload(), body, media_type, &[]);
    }
}

/// A header value a case states as a type name and text.
#[track_caller]
fn header_value(kind: &str, text: &str) -> HeaderValue {
    let number = || text.parse::<i64>().unwrap_or_else(|_| mismatch(Field::Header, format_args!("`{text}` is not a {kind}")));
    match kind {
        "boolean" => HeaderValue::Bool(text == "true"),
        "byte" => HeaderValue::Byte(number() as i8),
        "short" => HeaderValue::Int16(number() as i16),
        "integer" => HeaderValue::Int32(number() as i32),
        "long" => HeaderValue::Int64(number()),
        "blob" => HeaderValue::ByteArray(Bytes::from(aws_smithy_types::base64::decode(text).unwrap_or_default())),
        "string" => HeaderValue::String(text.to_owned().into()),
        "timestamp" => HeaderValue::Timestamp(
            aws_smithy_types::DateTime::from_str(text, aws_smithy_types::date_time::Format::DateTime)
                .unwrap_or_else(|_| mismatch(Field::Header, format_args!("`{text}` is not a timestamp"))),
        ),
        other => mismatch(Field::Header, format_args!("unknown event header type `{other}`")),
    }
}
