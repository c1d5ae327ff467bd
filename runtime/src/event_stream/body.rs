//! The body of a request with an event stream: its messages framed as they come (each wrapped
//! in a signed message when the request was signed with SigV4, then a signed empty message at
//! the end), preceded for the RPC protocols by an `initial-request` message holding the
//! input's other members.

use std::pin::Pin;
use std::task::{ready, Context, Poll};

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::Message;
use bytes::Bytes;
use http_body::{Body, Frame};

use super::initial::initial_request;
use super::sign::{ChainSigner, SigningSlot};
use super::MessageStream;
use crate::error::BoxError;
use crate::protocol::Protocol;
use crate::request::RequestParts;

/// Makes the parts' body the framed event stream when they carry one (with the document body
/// the input wrote, if any, as the `initial-request` of an RPC protocol): the slot the HTTP
/// signer fills is returned, to be put in the request's extensions.
pub(crate) fn event_body(parts: &mut RequestParts, protocol: Protocol) -> Option<SigningSlot> {
    let events = parts.events.take()?;
    let document = std::mem::replace(&mut parts.body, SdkBody::empty());
    let initial = match document.bytes() {
        Some(bytes) if protocol.is_rpc() && !bytes.is_empty() => Some(initial_request(Bytes::copy_from_slice(bytes), protocol)),
        _ => None,
    };
    let slot = SigningSlot::default();
    let body = EventBody { initial, events, slot: slot.clone(), signer: None, ended: false };
    parts.body = SdkBody::from_body_1_x(body);
    parts.content_type = Some(super::CONTENT_TYPE.into());
    Some(slot)
}

/// The framed messages.
struct EventBody {
    initial: Option<Message>,
    events: MessageStream,
    slot: SigningSlot,
    /// `None` until the first poll; then the signer, when the request was signed.
    signer: Option<Option<ChainSigner>>,
    ended: bool,
}

/// The frame of a message.
fn encode(message: &Message) -> Result<Bytes, BoxError> {
    let mut out = Vec::new();
    write_message_to(message, &mut out)?;
    Ok(Bytes::from(out))
}

impl EventBody {
    /// The frame of the next message, or of the end message once the events ran out (an error
    /// ends the body: `poll_frame` sees to it).
    fn next_frame(&mut self, next: Option<Result<Message, BoxError>>) -> Option<Result<Bytes, BoxError>> {
        let signer = self.signer.get_or_insert_with(|| self.slot.signer());
        match next {
            Some(message) => Some(message.and_then(|message| match signer {
                Some(signer) => signer.sign(&message).and_then(|signed| encode(&signed)),
                None => encode(&message),
            })),
            None => {
                self.ended = true;
                signer.as_mut().map(|s| s.sign_end().and_then(|end| encode(&end)))
            }
        }
    }
}

impl Body for EventBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        let next = match this.initial.take() {
            Some(message) => Some(Ok(message)),
            None => ready!(this.events.0.as_mut().poll_next(cx)),
        };
        let frame = this.next_frame(next);
        if matches!(frame, Some(Err(_))) {
            this.ended = true;
        }
        Poll::Ready(frame.map(|f| f.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        self.ended
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::read_message_from;
    use aws_smithy_types::byte_stream::ByteStream;
    use aws_smithy_types::event_stream::HeaderValue;

    use crate::event_stream::sign::Seed;
    use crate::event_stream::EventStreamSender;

    fn message(n: i32) -> Message {
        Message::new_from_parts(vec![super::super::headers::text(":event-type", format!("e{n}"))], Bytes::new())
    }

    struct Plain(Message);

    impl crate::event_stream::WriteEvent for Plain {
        fn write_event(self, _: Protocol) -> Result<Message, BoxError> {
            Ok(self.0)
        }
    }

    /// An error of the producer, not one of a stream's modelled errors.
    #[derive(Debug)]
    struct Gone;

    impl std::fmt::Display for Gone {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("gone")
        }
    }

    impl std::error::Error for Gone {}

    impl crate::event_stream::WriteEventError for Gone {
        fn write_exception(self, _: Protocol) -> Result<Message, crate::event_stream::ExceptionError<Self>> {
            Err(crate::event_stream::ExceptionError::Unmodelled(self))
        }
    }

    /// Parts whose events are `events` (an `Err` fails the stream), with `document` as body.
    fn parts(events: Vec<Result<Message, Gone>>, document: &'static [u8], protocol: Protocol) -> RequestParts {
        let mut writer = crate::request::RequestWriter::new(protocol);
        if !document.is_empty() {
            writer.document(document.to_vec());
        }
        let stream = Iter(events.into_iter().map(|e| e.map(Plain)).collect::<Vec<_>>().into_iter());
        writer.event_stream(EventStreamSender::from(stream));
        writer.finish().expect("parts")
    }

    struct Iter<I>(I);

    impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
        type Item = I::Item;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.0.next())
        }
    }

    fn unframe(mut bytes: &[u8]) -> Vec<Message> {
        let mut out = Vec::new();
        while let Ok(message) = read_message_from(&mut bytes) {
            out.push(message);
        }
        out
    }

    async fn sent(mut parts: RequestParts, protocol: Protocol, seed: Option<Seed>) -> Result<Vec<Message>, BoxError> {
        let slot = event_body(&mut parts, protocol).ok_or("no event stream")?;
        if let Some(seed) = seed {
            slot.fill(seed);
        }
        let bytes = ByteStream::new(parts.body).collect().await?;
        Ok(unframe(&bytes.to_vec()))
    }

    #[tokio::test]
    async fn plain_frames_without_a_seed() {
        let events = vec![Ok(message(1)), Ok(message(2))];
        let got = sent(parts(events, b"", Protocol::RestJson1), Protocol::RestJson1, None).await.expect("sent");
        assert_eq!(got, [message(1), message(2)]);
    }

    #[tokio::test]
    async fn a_rest_document_is_not_an_initial_request() {
        let got = sent(parts(vec![Ok(message(1))], b"{}", Protocol::RestJson1), Protocol::RestJson1, None).await.expect("sent");
        assert_eq!(got, [message(1)]);
        let got = sent(parts(vec![Ok(message(1))], b"{}", Protocol::RpcV2Cbor), Protocol::RpcV2Cbor, None).await.expect("sent");
        assert_eq!(got.len(), 2);
        assert_eq!(super::super::headers::string(got[0].headers(), ":content-type"), Some("application/cbor"));
    }

    #[tokio::test]
    async fn with_a_seed_every_message_is_wrapped_and_signed_and_an_empty_one_ends() {
        let credentials = aws_credential_types::Credentials::new("AKID", "secret", None, None, "test");
        let time = aws_smithy_async::time::SharedTimeSource::new(aws_smithy_async::time::StaticTimeSource::from_secs(1_700_000_000));
        let seed = Seed { signature: "00".repeat(32), identity: credentials.into(), region: "us-east-1".into(), name: "svc".into(), time };
        let got = sent(parts(vec![Ok(message(1)), Ok(message(2))], b"", Protocol::RestJson1), Protocol::RestJson1, Some(seed)).await.expect("sent");
        assert_eq!(got.len(), 3);
        for (signed, inner) in got.iter().zip([Some(message(1)), Some(message(2)), None]) {
            let signature = super::super::headers::find(signed.headers(), ":chunk-signature");
            assert!(matches!(signature, Some(HeaderValue::ByteArray(b)) if b.len() == 32), "{signed:?}");
            assert_eq!(unframe(signed.payload()).pop(), inner);
        }
    }

    #[tokio::test]
    async fn an_error_from_the_events_ends_the_body() {
        let events = vec![Ok(message(1)), Err(Gone), Ok(message(3))];
        let error = sent(parts(events, b"", Protocol::RestJson1), Protocol::RestJson1, None).await.expect_err("failed");
        assert!(aws_smithy_types::error::display::DisplayErrorContext(&*error).to_string().contains("gone"), "{error}");
    }
}
