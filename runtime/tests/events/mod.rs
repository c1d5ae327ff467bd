//! What the event stream tests share: a small event union and its error union (written by
//! hand as the generator writes them), messages and their frames, and bodies that deliver
//! bytes in chosen pieces, from a channel, or from a generator.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use aws_smithy_eventstream::frame::{read_message_from, write_message_to};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::str_bytes::StrBytes;
use bytes::Bytes;
use http_body::{Body, Frame};
use smithy_client_runtime::client::Protocol;
use smithy_client_runtime::error::BoxError;
use smithy_client_runtime::event_stream::{
    read_exception, unknown_event, write_event, write_exception, ExceptionError, Header, HeaderValue, Message, ReadEvent, ReadEventError,
    WriteEvent, WriteEventError,
};
use smithy_client_runtime::request::{RequestWriter, WriteRequest};
use smithy_client_runtime::response::{ModeledError, ReadResponse, ResponseReader};

// ---- the unions ------------------------------------------------------------------------------

/// An event union: a text payload, a number in a header, and what this client does not know.
#[derive(Debug, Clone, PartialEq)]
pub enum Ev {
    Greeting(String),
    Count(i32),
    Unknown(String),
}

impl ReadEvent for Ev {
    fn read_event(event_type: &str, r: &mut ResponseReader<'_>) -> Result<Self, BoxError> {
        match event_type {
            "Greeting" => Ok(Ev::Greeting(r.payload_text::<String>()?.unwrap_or_default())),
            "Count" => Ok(Ev::Count(r.event_header::<i32>("n")?.ok_or("a count has an `n`")?)),
            other => Ok(Ev::Unknown(other.to_owned())),
        }
    }
}

struct GreetingIn(String);

impl WriteRequest for GreetingIn {
    fn write_request(self, r: &mut RequestWriter) {
        r.payload_text(Some(&self.0), "text/plain");
    }
}

struct CountIn(i32);

impl WriteRequest for CountIn {
    fn write_request(self, r: &mut RequestWriter) {
        r.event_header("n", Some(&self.0));
    }
}

impl WriteEvent for Ev {
    fn write_event(self, protocol: Protocol) -> Result<Message, BoxError> {
        match self {
            Ev::Greeting(text) => write_event("Greeting", GreetingIn(text), protocol),
            Ev::Count(n) => write_event("Count", CountIn(n), protocol),
            Ev::Unknown(_) => Err(unknown_event()),
        }
    }
}

/// The stream's one modelled error.
#[derive(Debug, Default)]
pub struct Boom {
    pub message: Option<String>,
    pub meta: ErrorMetadata,
}

impl ReadResponse for Boom {
    fn read_response(r: &mut ResponseReader<'_>) -> Result<Self, BoxError> {
        let doc = r.json()?;
        let message = doc.get("message").and_then(|m| m.as_str()).map(str::to_owned);
        Ok(Boom { message, meta: ErrorMetadata::default() })
    }
}

impl ModeledError for Boom {
    fn set_meta(&mut self, meta: ErrorMetadata) {
        self.meta = meta;
    }
}

/// The stream's errors.
#[derive(Debug)]
pub enum EvError {
    Boom(Boom),
    Unhandled(ErrorMetadata),
}

impl fmt::Display for EvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvError::Boom(b) => write!(f, "Boom: {:?}", b.message),
            EvError::Unhandled(meta) => write!(f, "unhandled: {meta}"),
        }
    }
}

impl std::error::Error for EvError {}

impl ReadEventError for EvError {
    fn read_exception(exception_type: &str, r: &mut ResponseReader<'_>) -> Result<Option<Self>, BoxError> {
        match exception_type {
            "Boom" => Ok(Some(EvError::Boom(read_exception::<Boom>(exception_type, r)?))),
            _ => Ok(None),
        }
    }

    fn unmodelled(meta: ErrorMetadata) -> Self {
        EvError::Unhandled(meta)
    }
}

/// What a `Boom` is sent as: its message in a JSON document.
struct BoomOut(Option<String>);

impl WriteRequest for BoomOut {
    fn write_request(self, r: &mut RequestWriter) {
        r.document(serde_json::json!({ "message": self.0 }).to_string().into_bytes());
    }
}

impl WriteEventError for EvError {
    fn write_exception(self, protocol: Protocol) -> Result<Message, ExceptionError<Self>> {
        match self {
            EvError::Boom(boom) => write_exception("Boom", BoomOut(boom.message), protocol),
            other => Err(ExceptionError::Unmodelled(other)),
        }
    }
}

/// An unmodelled error with this message, as a producer of events might fail.
pub fn producer_failed(message: &str) -> EvError {
    EvError::Unhandled(ErrorMetadata::builder().message(message).build())
}

// ---- messages and frames ---------------------------------------------------------------------

pub fn string(name: &'static str, value: &str) -> Header {
    Header::new(name, HeaderValue::String(StrBytes::from(value.to_owned())))
}

/// An event message of `event_type` with a text payload.
pub fn event(event_type: &str, payload: &str) -> Message {
    let headers = vec![string(":message-type", "event"), string(":event-type", event_type), string(":content-type", "text/plain")];
    Message::new_from_parts(headers, Bytes::from(payload.to_owned()))
}

/// A `Count` event.
pub fn count(n: i32) -> Message {
    let headers = vec![string(":message-type", "event"), string(":event-type", "Count"), Header::new("n", HeaderValue::Int32(n))];
    Message::new_from_parts(headers, Bytes::new())
}

/// An exception message with a JSON payload.
pub fn exception(exception_type: &str, json: &str) -> Message {
    let headers = vec![
        string(":message-type", "exception"),
        string(":exception-type", exception_type),
        string(":content-type", "application/json"),
    ];
    Message::new_from_parts(headers, Bytes::from(json.to_owned()))
}

/// The frame of a message.
pub fn frame(message: &Message) -> Vec<u8> {
    let mut out = Vec::new();
    write_message_to(message, &mut out).expect("framed");
    out
}

/// The frames of messages, one after the other.
pub fn frames(messages: &[Message]) -> Vec<u8> {
    messages.iter().flat_map(frame).collect()
}

/// The messages in a framed body.
pub fn unframe(mut bytes: &[u8]) -> Vec<Message> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let total = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        out.push(read_message_from(&bytes[..total]).expect("a valid frame"));
        bytes = &bytes[total..];
    }
    out
}

/// A header's value.
pub fn value<'m>(message: &'m Message, name: &str) -> Option<&'m HeaderValue> {
    message.headers().iter().find(|h| h.name().as_str() == name).map(Header::value)
}

/// A string header's value.
pub fn text<'m>(message: &'m Message, name: &str) -> Option<&'m str> {
    value(message, name).and_then(|v| v.as_string().ok()).map(StrBytes::as_str)
}

// ---- bodies ----------------------------------------------------------------------------------

/// Delivers its pieces one per poll, never pending.
pub struct Pieces(VecDeque<Result<Bytes, &'static str>>);

impl Body for Pieces {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        Poll::Ready(self.0.pop_front().map(|piece| piece.map(Frame::data).map_err(Into::into)))
    }
}

/// `bytes` cut at each of `cuts` (ascending offsets).
pub fn cut(bytes: &[u8], cuts: &[usize]) -> SdkBody {
    let mut pieces = VecDeque::new();
    let mut from = 0;
    for &at in cuts.iter().chain(std::iter::once(&bytes.len())) {
        pieces.push_back(Ok(Bytes::copy_from_slice(&bytes[from..at])));
        from = at;
    }
    SdkBody::from_body_1_x(Pieces(pieces))
}

/// `bytes` in pieces of `size` bytes.
pub fn chunked(bytes: &[u8], size: usize) -> SdkBody {
    let cuts: Vec<usize> = (size..bytes.len()).step_by(size).collect();
    cut(bytes, &cuts)
}

/// `bytes`, then a read error.
pub fn failing(bytes: &[u8]) -> SdkBody {
    SdkBody::from_body_1_x(Pieces(VecDeque::from([Ok(Bytes::copy_from_slice(bytes)), Err("connection reset")])))
}

/// A body fed through a channel: it ends when the sender is dropped.
pub struct Channel(tokio::sync::mpsc::UnboundedReceiver<Bytes>);

impl Body for Channel {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        self.0.poll_recv(cx).map(|bytes| bytes.map(|b| Ok(Frame::data(b))))
    }
}

pub fn channel() -> (tokio::sync::mpsc::UnboundedSender<Bytes>, SdkBody) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    (tx, SdkBody::from_body_1_x(Channel(rx)))
}

/// `count` frames of `Count` events made as they are read, one per poll.
pub struct Endless {
    pub left: u32,
}

impl Body for Endless {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        self.left -= 1;
        let n = i32::try_from(self.left).unwrap_or(i32::MAX);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(frame(&count(n)))))))
    }
}

/// One frame, then silence forever.
pub struct OneThenSilence(pub Option<Bytes>);

impl Body for OneThenSilence {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.0.take() {
            Some(bytes) => Poll::Ready(Some(Ok(Frame::data(bytes)))),
            None => Poll::Pending,
        }
    }
}

/// A stream of the given items, for `EventStreamSender::from`.
pub struct Iter<I>(pub I);

impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.0.next())
    }
}
