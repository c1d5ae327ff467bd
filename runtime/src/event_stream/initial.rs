//! The RPC protocols' initial messages. Their inputs and outputs have no HTTP bindings, so the
//! members beside the event stream travel as a first message: the request's
//! `initial-request` event holds the input's document, and the response's `initial-response`
//! event the output's. Before an output is read, its first message is read here: an
//! `initial-response` gives the document the output's other members are read from, anything
//! else is put back in front of the stream.

use std::pin::Pin;
use std::task::{Context, Poll};

use aws_smithy_eventstream::frame::read_message_from;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::Message;
use bytes::Bytes;
use http_body::{Body, Frame};

use super::frames::{FrameError, FrameReader};
use super::headers::{string, text};
use crate::client::HttpResponse;
use crate::error::BoxError;
use crate::protocol::Protocol;

/// The `initial-request` message holding the input's document.
pub(crate) fn initial_request(document: Bytes, protocol: Protocol) -> Message {
    let headers = vec![
        text(":message-type", "event"),
        text(":event-type", "initial-request"),
        text(":content-type", protocol.document_content_type()),
    ];
    Message::new_from_parts(headers, document)
}

/// The document of the output's `initial-response`, kept in the response's extensions between
/// reading the first message and reading the output.
#[derive(Clone, Debug)]
pub(crate) struct InitialResponse(pub(crate) Bytes);

/// The payload of `frame` when it is an `initial-response` event.
fn initial_payload(frame: &Bytes) -> Option<Bytes> {
    let message = read_message_from(frame.clone()).ok()?;
    let headers = message.headers();
    let initial = string(headers, ":message-type") == Some("event") && string(headers, ":event-type") == Some("initial-response");
    initial.then(|| message.payload().clone())
}

/// Reads the first message of `body`: the `initial-response` document (empty when there is
/// none) and the rest of the stream (with the first message put back when it was something
/// else). A frame that cannot be read is put back too, for the stream's reader to report; a
/// failure to read the body fails here.
pub(crate) async fn split(body: SdkBody) -> Result<(Bytes, SdkBody), BoxError> {
    let mut frames = FrameReader::new(body);
    let first = std::future::poll_fn(|cx| frames.poll_frame(cx)).await;
    let (buffered, body) = frames.into_parts();
    let (document, head) = match first {
        None => (Bytes::new(), None),
        Some(Ok(frame)) => {
            let frame = frame.into_bytes();
            match initial_payload(&frame) {
                Some(document) => (document, None),
                None => (Bytes::new(), Some(frame)),
            }
        }
        Some(Err(broken)) => match broken.error {
            FrameError::Read(e) => return Err(e),
            _ => (Bytes::new(), broken.bytes),
        },
    };
    Ok((document, prefixed(head, buffered, body)))
}

/// Reads the first message of an RPC event stream output: the response keeps the rest of the
/// stream as its body and the `initial-response` document in its extensions.
pub(crate) async fn pre_read(response: &mut HttpResponse) -> Result<(), BoxError> {
    let body = std::mem::replace(response.body_mut(), SdkBody::taken());
    let (document, rest) = split(body).await?;
    *response.body_mut() = rest;
    response.add_extension(InitialResponse(document));
    Ok(())
}

/// The stream of an event stream output, taken from the response, which keeps the
/// `initial-response` document (if one was read) as its body for the output's other members.
pub(crate) fn take_stream(response: &mut HttpResponse) -> SdkBody {
    let document = response.extension::<InitialResponse>().map(|d| SdkBody::from(d.0.clone()));
    std::mem::replace(response.body_mut(), document.unwrap_or_else(SdkBody::taken))
}

/// `body` with `head` and `buffered` (bytes read from it, not yet handed over) in front.
fn prefixed(head: Option<Bytes>, buffered: Bytes, body: SdkBody) -> SdkBody {
    let head = match head {
        Some(head) if buffered.is_empty() => head,
        Some(head) => [head, buffered].concat().into(),
        None => buffered,
    };
    if head.is_empty() {
        return body;
    }
    SdkBody::from_body_1_x(Prefixed { head: Some(head), rest: body })
}

/// Bytes already read, then the rest of the body.
struct Prefixed {
    head: Option<Bytes>,
    rest: SdkBody,
}

impl Body for Prefixed {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        match this.head.take() {
            Some(head) => Poll::Ready(Some(Ok(Frame::data(head)))),
            None => Pin::new(&mut this.rest).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.head.is_none() && self.rest.is_end_stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::write_message_to;
    use aws_smithy_types::byte_stream::ByteStream;

    fn event(event_type: &str, payload: &'static [u8]) -> Vec<u8> {
        let headers = vec![text(":message-type", "event"), text(":event-type", event_type)];
        let mut out = Vec::new();
        let written = write_message_to(&Message::new_from_parts(headers, Bytes::from_static(payload)), &mut out);
        assert!(written.is_ok());
        out
    }

    async fn split_bytes(bytes: Vec<u8>) -> (Bytes, Vec<u8>) {
        let (document, rest) = split(SdkBody::from(bytes)).await.expect("split");
        let rest = ByteStream::new(rest).collect().await.expect("the rest").to_vec();
        (document, rest)
    }

    #[tokio::test]
    async fn an_initial_response_is_taken_off_the_stream() {
        let later = [event("A", b"1"), event("B", b"2")].concat();
        let (document, rest) = split_bytes([event("initial-response", br#"{"x":1}"#), later.clone()].concat()).await;
        assert_eq!(&document[..], br#"{"x":1}"#);
        assert_eq!(rest, later);
    }

    #[tokio::test]
    async fn any_other_first_message_is_put_back() {
        let all = [event("A", b"1"), event("initial-response", b"{}")].concat();
        let (document, rest) = split_bytes(all.clone()).await;
        assert!(document.is_empty());
        assert_eq!(rest, all);
    }

    #[tokio::test]
    async fn an_unreadable_first_frame_is_put_back_for_the_reader() {
        let mut all = event("initial-response", b"{}");
        let last = all.len() - 1;
        all[last] ^= 1;
        let (document, rest) = split_bytes(all.clone()).await;
        assert!(document.is_empty(), "a corrupt initial response is not used");
        assert_eq!(rest, all);
        let (document, rest) = split_bytes(all[..5].to_vec()).await;
        assert!(document.is_empty() && rest == all[..5], "a truncated one neither");
        let (document, rest) = split_bytes(Vec::new()).await;
        assert!(document.is_empty() && rest.is_empty());
    }

    #[test]
    fn the_initial_request_holds_the_document() {
        let message = initial_request(Bytes::from_static(b"{}"), Protocol::AwsJson1_0);
        assert_eq!(string(message.headers(), ":event-type"), Some("initial-request"));
        assert_eq!(string(message.headers(), ":content-type"), Some("application/x-amz-json-1.0"));
        assert_eq!(&message.payload()[..], b"{}");
    }
}
