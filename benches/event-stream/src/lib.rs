//! Shared pieces of the event-stream receive benchmark: the canned Lambda
//! `InvokeWithResponseStream` response (event-stream frames in memory), a stub HTTP client
//! that answers every request with it, and one "invoke + drain the stream" call for each
//! client (the generated `lambda-generated` crate and the official `aws-sdk-lambda`).

use std::pin::Pin;
use std::task::{Context, Poll};

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;

/// One benchmark case: `events` `PayloadChunk` events of `payload_len` bytes each, then one
/// `InvokeComplete`.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub name: &'static str,
    pub events: usize,
    pub payload_len: usize,
}

/// The two sizes the benchmark runs.
pub const CASES: [Case; 2] = [
    Case { name: "100B", events: 10_000, payload_len: 100 },
    Case { name: "64KiB", events: 200, payload_len: 64 * 1024 },
];

/// Size of the pieces the "split" body variant delivers (frames straddle pieces).
pub const PIECE: usize = 16 * 1024;

fn header(name: &'static str, value: &'static str) -> Header {
    Header::new(name, HeaderValue::String(value.into()))
}

fn frame(out: &mut Vec<u8>, event_type: &'static str, content_type: &'static str, payload: Bytes) {
    let message = Message::new_from_parts(
        vec![
            header(":message-type", "event"),
            header(":event-type", event_type),
            header(":content-type", content_type),
        ],
        payload,
    );
    write_message_to(&message, out).expect("frame");
}

/// The response body: the frames of `case`, as Lambda sends them.
pub fn body(case: Case) -> Bytes {
    let payload = Bytes::from((0..case.payload_len).map(|i| (i % 251) as u8).collect::<Vec<u8>>());
    let mut out = Vec::with_capacity(case.events * (case.payload_len + 128) + 128);
    for _ in 0..case.events {
        frame(&mut out, "PayloadChunk", "application/octet-stream", payload.clone());
    }
    frame(&mut out, "InvokeComplete", "application/json", Bytes::from_static(b"{}"));
    Bytes::from(out)
}

/// How the stub delivers the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// One in-memory `SdkBody` (one data chunk holding every frame).
    Whole,
    /// A streaming body yielding [`PIECE`]-byte pieces (frames split across pieces).
    Pieces,
}

/// A body that hands out `bytes` in `piece`-sized slices (zero-copy `Bytes` slices).
struct Pieces {
    bytes: Bytes,
    piece: usize,
}

impl http_body::Body for Pieces {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.bytes.is_empty() {
            return Poll::Ready(None);
        }
        let n = self.piece.min(self.bytes.len());
        let piece = self.bytes.split_to(n);
        Poll::Ready(Some(Ok(http_body::Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.bytes.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.bytes.len() as u64)
    }
}

/// A stub HTTP client answering every request with status 200,
/// `content-type: application/vnd.amazon.eventstream` and a fresh body over the same bytes.
#[derive(Debug, Clone)]
pub struct StubClient {
    body: Bytes,
    delivery: Delivery,
}

impl StubClient {
    pub fn new(body: Bytes, delivery: Delivery) -> Self {
        StubClient { body, delivery }
    }

    fn response(&self) -> HttpResponse {
        let body = match self.delivery {
            Delivery::Whole => SdkBody::from(self.body.clone()),
            Delivery::Pieces => SdkBody::from_body_1_x(Pieces { bytes: self.body.clone(), piece: PIECE }),
        };
        let mut response = HttpResponse::new(200u16.try_into().expect("status"), body);
        response.headers_mut().insert("content-type", "application/vnd.amazon.eventstream");
        response.headers_mut().insert("x-amzn-requestid", "00000000-0000-0000-0000-000000000000");
        response
    }
}

impl HttpConnector for StubClient {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::ready(Ok(self.response()))
    }
}

impl HttpClient for StubClient {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

/// What one drained stream held.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub chunks: usize,
    pub bytes: usize,
    pub completes: usize,
}

impl Tally {
    /// Panics unless the stream held exactly what `case` put in it.
    pub fn check(self, case: Case) {
        assert_eq!(
            self,
            Tally { chunks: case.events, bytes: case.events * case.payload_len, completes: 1 },
            "{}",
            case.name
        );
    }
}

/// The generated client.
pub mod ours {
    use super::*;
    use lambda_generated::config::{BehaviorVersion, Credentials, Region};
    use lambda_generated::types::InvokeWithResponseStreamResponseEvent as Event;

    pub fn client(stub: StubClient) -> lambda_generated::Client {
        let config = lambda_generated::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "bench"))
            .http_client(stub)
            .build();
        lambda_generated::Client::from_conf(config)
    }

    /// One invoke, and every event of its stream.
    pub async fn invoke(client: &lambda_generated::Client) -> Tally {
        let mut output = client.invoke_with_response_stream().function_name("f").send().await.expect("send");
        let mut tally = Tally::default();
        while let Some(event) = output.event_stream.recv().await.expect("recv") {
            match event {
                Event::PayloadChunk(chunk) => {
                    tally.chunks += 1;
                    tally.bytes += chunk.payload.as_ref().map_or(0, |b| b.as_ref().len());
                }
                Event::InvokeComplete(_) => tally.completes += 1,
                other => panic!("unexpected event {other:?}"),
            }
        }
        tally
    }
}

/// The official SDK.
pub mod official {
    use super::*;
    use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
    use aws_sdk_lambda::types::InvokeWithResponseStreamResponseEvent as Event;

    pub fn client(stub: StubClient) -> aws_sdk_lambda::Client {
        let config = aws_sdk_lambda::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "bench"))
            .http_client(stub)
            .build();
        aws_sdk_lambda::Client::from_conf(config)
    }

    /// One invoke, and every event of its stream.
    pub async fn invoke(client: &aws_sdk_lambda::Client) -> Tally {
        let mut output = client.invoke_with_response_stream().function_name("f").send().await.expect("send");
        let mut tally = Tally::default();
        while let Some(event) = output.event_stream.recv().await.expect("recv") {
            match event {
                Event::PayloadChunk(chunk) => {
                    tally.chunks += 1;
                    tally.bytes += chunk.payload.as_ref().map_or(0, |b| b.as_ref().len());
                }
                Event::InvokeComplete(_) => tally.completes += 1,
                other => panic!("unexpected event {other:?}"),
            }
        }
        tally
    }
}

/// A current-thread Tokio runtime, as the benchmark uses.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}
