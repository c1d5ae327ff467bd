//! What one received frame is: an event, an `initial-response` to skip, a modelled or
//! unmodelled error of the stream, or a message that cannot be understood.
//!
//! - `:message-type: event`: `:event-type` names the union member (`initial-response` is
//!   skipped); a decoding failure is a response error.
//! - `:message-type: exception`: `:exception-type` names the error member; an unknown one is an
//!   unmodelled error whose metadata has that code.
//! - `:message-type: error`: an unmodelled error with `:error-code` and `:error-message`.
//! - A frame that does not decode (bad checksum, bad lengths), or a message without a string
//!   `:message-type` (or an event without a string `:event-type`), or of an unknown message type,
//!   is a response error.

// `SdkError` carries the raw message inline, as its definition does.
#![allow(clippy::result_large_err, clippy::large_enum_variant)]

use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::event_stream::{Message, RawMessage};

use super::frames::FrameBytes;
use super::headers::string;
use super::{ReadEvent, ReadEventError};
use crate::client::{HttpResponse, SdkError};
use crate::protocol::Protocol;
use crate::response::ResponseReader;

/// What a frame means to the receiver.
pub(crate) enum Step<T, E> {
    /// An event to hand over.
    Event(T),
    /// A message that is not part of the stream (`initial-response`).
    Skip,
    /// The stream ends with this error.
    Fail(SdkError<E, RawMessage>),
}

fn response_error<T, E>(why: impl Into<crate::error::BoxError>, message: Message) -> Step<T, E> {
    Step::Fail(SdkError::response_error(why, RawMessage::Decoded(message)))
}

/// Decodes `frame` and says what it is; an event is read with `blank` (a response without
/// headers or body) standing for the HTTP response.
pub(crate) fn frame<T: ReadEvent, E: ReadEventError>(frame: FrameBytes, blank: &HttpResponse, protocol: Protocol) -> Step<T, E> {
    match frame.decode() {
        Ok(message) => message_step(message, blank, protocol),
        Err((e, bytes)) => Step::Fail(SdkError::response_error(e, RawMessage::Invalid(Some(bytes)))),
    }
}

/// What a decoded message is, by its `:message-type`.
fn message_step<T: ReadEvent, E: ReadEventError>(message: Message, blank: &HttpResponse, protocol: Protocol) -> Step<T, E> {
    match string(message.headers(), ":message-type") {
        Some("event") => event(message, blank, protocol),
        Some("exception") => exception(message, protocol),
        Some("error") => Step::Fail(SdkError::service_error(E::unmodelled(error_meta(&message)), RawMessage::Decoded(message))),
        Some(other) => {
            let why = format!("unknown event stream message type `{other}`");
            response_error(why, message)
        }
        None => response_error("the event stream message has no string `:message-type` header", message),
    }
}

/// An event: read by its `:event-type`.
fn event<T: ReadEvent, E>(message: Message, blank: &HttpResponse, protocol: Protocol) -> Step<T, E> {
    let Some(event_type) = string(message.headers(), ":event-type") else {
        return response_error("the event has no string `:event-type` header", message);
    };
    if event_type == "initial-response" {
        return Step::Skip;
    }
    let read = T::read_event(event_type, &mut ResponseReader::event_message(blank, &message, protocol));
    match read {
        Ok(event) => Step::Event(event),
        Err(e) => response_error(e, message),
    }
}

/// An exception: the modelled error its `:exception-type` names, else an unmodelled one.
fn exception<T, E: ReadEventError>(message: Message, protocol: Protocol) -> Step<T, E> {
    let Some(exception_type) = string(message.headers(), ":exception-type") else {
        return response_error("the exception has no string `:exception-type` header", message);
    };
    let raw = payload_response(&message);
    let error = match E::read_exception(exception_type, &mut ResponseReader::event(&raw, message.headers(), protocol)) {
        Ok(Some(error)) => error,
        Ok(None) => E::unmodelled(exception_meta(exception_type, &raw, protocol)),
        Err(e) => return response_error(e, message),
    };
    Step::Fail(SdkError::service_error(error, RawMessage::Decoded(message)))
}

/// A response holding a message's payload as its body and its `:content-type` as
/// `Content-Type`, for the readers of responses.
pub(crate) fn payload_response(message: &Message) -> HttpResponse {
    let mut raw = HttpResponse::new(http::StatusCode::OK.into(), SdkBody::from(message.payload().clone()));
    if let Some(content_type) = string(message.headers(), ":content-type") {
        // A content type that is not a valid header value is only left out.
        let _ = raw.headers_mut().try_insert("content-type", content_type.to_owned());
    }
    raw
}

/// The metadata of an exception: its type as the code, the message the payload carries (as the
/// protocol reads error messages).
pub(crate) fn exception_meta(exception_type: &str, raw: &HttpResponse, protocol: Protocol) -> ErrorMetadata {
    let parsed = protocol.error_metadata(raw);
    let mut meta = ErrorMetadata::builder().code(exception_type);
    if let Some(message) = parsed.message() {
        meta = meta.message(message);
    }
    meta.build()
}

/// The metadata of an `error` message: `:error-code` and `:error-message`.
fn error_meta(message: &Message) -> ErrorMetadata {
    let mut meta = ErrorMetadata::builder();
    if let Some(code) = string(message.headers(), ":error-code") {
        meta = meta.code(code);
    }
    if let Some(text) = string(message.headers(), ":error-message") {
        meta = meta.message(text);
    }
    meta.build()
}
