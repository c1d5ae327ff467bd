//! The sending side: [`EventStreamSender`] (what a user hands to an input's event stream
//! member), and the messages its events become ([`write_event`], [`MessageStream`]).

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use aws_smithy_types::event_stream::{Header, Message};
use futures_core::Stream;

use super::headers::text;
use super::{WriteEvent, WriteEventError};
use crate::error::BoxError;
use crate::protocol::Protocol;
use crate::request::{RequestWriter, WriteRequest};

type Boxed<T> = Pin<Box<dyn Stream<Item = T> + Send + Sync>>;

/// The events of an input's event stream, as the user produces them: a modelled error of the
/// stream is sent as an `exception` message that ends it; any other error ends the request
/// with that error.
pub struct EventStreamSender<T, E> {
    events: Boxed<Result<T, E>>,
}

impl<T, E> fmt::Debug for EventStreamSender<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStreamSender").finish_non_exhaustive()
    }
}

impl<T: Send + Sync + 'static, E: Send + Sync + 'static> Default for EventStreamSender<T, E> {
    /// A stream without events.
    fn default() -> Self {
        EventStreamSender { events: Box::pin(Items(None)) }
    }
}

impl<T: Send + Sync + 'static, E: Send + Sync + 'static> EventStreamSender<T, E> {
    /// A stream of this one event (or error).
    pub fn once(item: Result<T, E>) -> Self {
        EventStreamSender { events: Box::pin(Items(Some(item))) }
    }
}

impl<T, E, S> From<S> for EventStreamSender<T, E>
where
    S: Stream<Item = Result<T, E>> + Send + Sync + 'static,
{
    fn from(stream: S) -> Self {
        EventStreamSender { events: Box::pin(stream) }
    }
}

/// At most one item, then the end.
struct Items<I>(Option<I>);

// Never pinned in place: the item is only moved out.
impl<I> Unpin for Items<I> {}

impl<I> Stream for Items<I> {
    type Item = I;

    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<I>> {
        Poll::Ready(self.get_mut().0.take())
    }
}

/// The messages of an input's event stream, ready to be framed: what
/// [`RequestParts`](crate::request::RequestParts) carries.
pub struct MessageStream(pub(crate) Boxed<Result<Message, BoxError>>);

impl fmt::Debug for MessageStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MessageStream")
    }
}

impl MessageStream {
    /// The messages `sender`'s events are written as, for `protocol`.
    pub fn new<T: WriteEvent, E: WriteEventError>(sender: EventStreamSender<T, E>, protocol: Protocol) -> Self {
        MessageStream(Box::pin(Written { events: sender.events, protocol, ended: false }))
    }
}

/// Each event written as its message as it comes; a modelled error as an `exception` message
/// that ends the stream.
struct Written<T, E> {
    events: Boxed<Result<T, E>>,
    protocol: Protocol,
    ended: bool,
}

impl<T: WriteEvent, E: WriteEventError> Stream for Written<T, E> {
    type Item = Result<Message, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        let protocol = this.protocol;
        let item = ready!(this.events.as_mut().poll_next(cx));
        Poll::Ready(item.map(|event| match event {
            Ok(event) => event.write_event(protocol),
            Err(error) => {
                this.ended = true;
                error.write_exception(protocol).map_err(|e| e.into_source())
            }
        }))
    }
}

/// Writes `value` (an event structure: `@eventHeader` members with
/// `RequestWriter::event_header*`, its payload or document body with the usual methods) as a
/// message with `:message-type: event`, `:event-type: event_type`, `:content-type` when it has
/// a payload, its event headers, and the body as the payload. Generated `write_event` arms call
/// this.
pub fn write_event<T: WriteRequest>(event_type: &'static str, value: T, protocol: Protocol) -> Result<Message, BoxError> {
    write_message([text(":message-type", "event"), text(":event-type", event_type)], value, protocol)
}

/// Writes the modelled error `value` as a message with `:message-type: exception` and
/// `:exception-type: exception_type` (the union member's name), the rest as [`write_event`]
/// does. Generated `write_exception` arms call this.
pub fn write_exception<T: WriteRequest, E>(exception_type: &'static str, value: T, protocol: Protocol) -> Result<Message, ExceptionError<E>> {
    write_message([text(":message-type", "exception"), text(":exception-type", exception_type)], value, protocol).map_err(ExceptionError::Write)
}

/// A message with `kind` (the message and event or exception type headers) first.
fn write_message<T: WriteRequest>(kind: [Header; 2], value: T, protocol: Protocol) -> Result<Message, BoxError> {
    let mut writer = RequestWriter::new(protocol);
    value.write_request(&mut writer);
    let parts = writer.finish()?;
    let payload = parts.body.bytes().ok_or("an event's payload must be in memory, not a stream")?;
    let payload = bytes::Bytes::copy_from_slice(payload);
    let mut headers = Vec::from(kind);
    if let Some(content_type) = parts.content_type.filter(|_| !payload.is_empty()) {
        headers.push(text(":content-type", content_type));
    }
    headers.extend(parts.event_headers);
    Ok(Message::new_from_parts(headers, payload))
}

/// Why an error of an input stream was not sent as an `exception` message.
#[derive(Debug)]
pub enum ExceptionError<E> {
    /// The error is not one of the stream's modelled errors: it ends the request.
    Unmodelled(E),
    /// Writing the exception's message failed.
    Write(BoxError),
}

impl<E: std::error::Error + Send + Sync + 'static> ExceptionError<E> {
    /// The error the request ends with.
    fn into_source(self) -> BoxError {
        match self {
            ExceptionError::Unmodelled(e) => Box::new(e),
            ExceptionError::Write(e) => e,
        }
    }
}

/// The error of sending a union's `Unknown` variant, which cannot be sent.
pub fn unknown_event() -> BoxError {
    "the `Unknown` variant of an event stream union cannot be sent".into()
}
