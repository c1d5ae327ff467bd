//! Receiving an event stream: frames arrive cut anywhere and are handed over as soon as they
//! are whole; each message type means what the spec says; hostile lengths fail before anything
//! is buffered; the first error ends the stream.

#![cfg(all(feature = "event-stream", feature = "json"))]

mod events;

use std::time::Duration;

use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use events::*;
use smithy_client_runtime::client::{Protocol, SdkError};
use smithy_client_runtime::event_stream::frames::FrameError;
use smithy_client_runtime::event_stream::{EventReceiver, HeaderValue, Message, RawMessage};

type Receiver = EventReceiver<Ev, EvError>;
type Error = SdkError<EvError, RawMessage>;

fn receiver(body: SdkBody) -> Receiver {
    EventReceiver::new(body, Protocol::RestJson1)
}

/// Every event until the end or the first error.
async fn drain(rx: &mut Receiver) -> (Vec<Ev>, Option<Error>) {
    let mut got = Vec::new();
    loop {
        match rx.recv().await {
            Ok(Some(event)) => got.push(event),
            Ok(None) => return (got, None),
            Err(e) => return (got, Some(e)),
        }
    }
}

fn sample() -> (Vec<Message>, Vec<Ev>) {
    let messages = vec![event("Greeting", "hello"), count(7), event("Greeting", ""), event("Novel", "?"), count(-1)];
    let expected = vec![Ev::Greeting("hello".into()), Ev::Count(7), Ev::Greeting(String::new()), Ev::Unknown("Novel".into()), Ev::Count(-1)];
    (messages, expected)
}

#[tokio::test]
async fn every_split_point_delivers_every_event_in_order() {
    let (messages, expected) = sample();
    let bytes = frames(&messages);
    for at in 0..=bytes.len() {
        let (got, error) = drain(&mut receiver(cut(&bytes, &[at]))).await;
        assert!(error.is_none(), "cut at {at}: {error:?}");
        assert_eq!(got, expected, "cut at {at}");
    }
}

#[tokio::test]
async fn pieces_of_every_size_deliver_every_event_in_order() {
    let (messages, expected) = sample();
    let bytes = frames(&messages);
    for size in 1..=bytes.len() {
        let (got, error) = drain(&mut receiver(chunked(&bytes, size))).await;
        assert!(error.is_none(), "pieces of {size}: {error:?}");
        assert_eq!(got, expected, "pieces of {size}");
    }
}

#[tokio::test]
async fn an_event_is_handed_over_before_the_body_ends() {
    let (tx, body) = channel();
    let mut rx = receiver(body);
    tx.send(Bytes::from(frame(&event("Greeting", "first")))).expect("sent");
    let first = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("not held back");
    assert_eq!(first.expect("an event"), Some(Ev::Greeting("first".into())));

    // Half a frame is not an event yet.
    let second = frame(&count(2));
    tx.send(Bytes::copy_from_slice(&second[..10])).expect("sent");
    assert!(tokio::time::timeout(Duration::from_millis(50), rx.recv()).await.is_err(), "half a frame gave something");
    tx.send(Bytes::copy_from_slice(&second[10..])).expect("sent");
    drop(tx);
    let (rest, error) = drain(&mut rx).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(rest, [Ev::Count(2)]);
}

#[tokio::test]
async fn an_empty_body_is_an_empty_stream() {
    let (got, error) = drain(&mut receiver(SdkBody::empty())).await;
    assert!(got.is_empty() && error.is_none());
    assert!(Receiver::default().recv().await.expect("no error").is_none());
}

#[tokio::test]
async fn the_stream_trait_gives_the_same_events() {
    let (messages, expected) = sample();
    let mut rx = receiver(chunked(&frames(&messages), 3));
    let mut got = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut rx), cx)).await {
        got.push(item.expect("an event"));
    }
    assert_eq!(got, expected);
}

// ---- message types ---------------------------------------------------------------------------

/// The events before the error, and the error; the stream is then done.
async fn fails(messages: &[Message]) -> (Vec<Ev>, Error) {
    let mut rx = receiver(chunked(&frames(messages), 5));
    let (got, error) = drain(&mut rx).await;
    assert!(rx.recv().await.expect("done, not failing again").is_none(), "the stream goes on after an error");
    (got, error.expect("an error"))
}

fn service_error(error: Error) -> EvError {
    match error {
        SdkError::ServiceError(context) => context.into_err(),
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn decoded(error: &Error) -> &Message {
    match error.raw_response() {
        Some(RawMessage::Decoded(message)) => message,
        other => panic!("expected the decoded message, got {other:?}"),
    }
}

#[tokio::test]
async fn a_modelled_exception_is_a_service_error() {
    let (got, error) = fails(&[event("Greeting", "a"), exception("Boom", r#"{"message":"it broke"}"#), event("Greeting", "b")]).await;
    assert_eq!(got, [Ev::Greeting("a".into())]);
    let message = decoded(&error).clone();
    match service_error(error) {
        EvError::Boom(boom) => {
            assert_eq!(boom.message.as_deref(), Some("it broke"));
            assert_eq!(boom.meta.code(), Some("Boom"));
            assert_eq!(boom.meta.message(), Some("it broke"));
        }
        other => panic!("expected Boom, got {other:?}"),
    }
    assert_eq!(text(&message, ":exception-type"), Some("Boom"));
}

#[tokio::test]
async fn an_exception_of_an_unknown_type_is_unmodelled_with_its_type_as_code() {
    let (_, error) = fails(&[exception("Weird", r#"{"message":"odd"}"#)]).await;
    assert!(matches!(error, SdkError::ServiceError(_)), "{error:?}");
    match service_error(error) {
        EvError::Unhandled(meta) => {
            assert_eq!(meta.code(), Some("Weird"));
            assert_eq!(meta.message(), Some("odd"));
        }
        other => panic!("expected an unmodelled error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_message_carries_its_code_and_message() {
    let headers = vec![string(":message-type", "error"), string(":error-code", "Throttled"), string(":error-message", "slow down")];
    let (_, error) = fails(&[Message::new_from_parts(headers, Bytes::new())]).await;
    assert_eq!(text(decoded(&error), ":error-code"), Some("Throttled"));
    match service_error(error) {
        EvError::Unhandled(meta) => {
            assert_eq!(meta.code(), Some("Throttled"));
            assert_eq!(meta.message(), Some("slow down"));
        }
        other => panic!("expected an unmodelled error, got {other:?}"),
    }
}

fn is_response_error(error: &Error) -> bool {
    matches!(error, SdkError::ResponseError(_))
}

#[tokio::test]
async fn messages_that_do_not_say_what_they_are_are_response_errors() {
    let event_headers = |message_type: HeaderValue, event_type: Option<HeaderValue>| {
        let mut headers = vec![smithy_client_runtime::event_stream::Header::new(":message-type", message_type)];
        headers.extend(event_type.map(|t| smithy_client_runtime::event_stream::Header::new(":event-type", t)));
        Message::new_from_parts(headers, Bytes::from_static(b"x"))
    };
    let greeting = || Some(HeaderValue::String("Greeting".into()));
    let cases = [
        ("no :message-type", Message::new_from_parts(vec![string(":event-type", "Greeting")], Bytes::new())),
        ("a number as :message-type", event_headers(HeaderValue::Int32(1), greeting())),
        ("no :event-type", event_headers(HeaderValue::String("event".into()), None)),
        ("a boolean as :event-type", event_headers(HeaderValue::String("event".into()), Some(HeaderValue::Bool(true)))),
        ("an unknown message type", event_headers(HeaderValue::String("gossip".into()), greeting())),
        ("an event that does not decode", Message::new_from_parts(vec![string(":message-type", "event"), string(":event-type", "Count")], Bytes::new())),
        ("an exception without :exception-type", Message::new_from_parts(vec![string(":message-type", "exception")], Bytes::new())),
    ];
    for (what, message) in cases {
        let (got, error) = fails(&[event("Greeting", "before"), message.clone()]).await;
        assert_eq!(got, [Ev::Greeting("before".into())], "{what}");
        assert!(is_response_error(&error), "{what}: {error:?}");
        assert_eq!(decoded(&error), &message, "{what}");
    }
}

#[tokio::test]
async fn an_initial_response_on_a_stream_is_skipped() {
    let (got, error) = drain(&mut receiver(chunked(&frames(&[event("initial-response", "{}"), event("Greeting", "hi")]), 4))).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, [Ev::Greeting("hi".into())]);
}

#[tokio::test]
async fn a_corrupt_checksum_is_a_response_error_with_the_raw_frame() {
    let mut bad = frame(&event("Greeting", "garbled"));
    let at = bad.len() - 6;
    bad[at] ^= 0x20;
    let mut bytes = frame(&event("Greeting", "fine"));
    bytes.extend_from_slice(&bad);
    bytes.extend_from_slice(&frame(&event("Greeting", "never read")));
    let mut rx = receiver(chunked(&bytes, 7));
    let (got, error) = drain(&mut rx).await;
    assert_eq!(got, [Ev::Greeting("fine".into())]);
    let error = error.expect("an error");
    assert!(is_response_error(&error), "{error:?}");
    match error.raw_response() {
        Some(RawMessage::Invalid(Some(raw))) => assert_eq!(&raw[..], &bad[..]),
        other => panic!("expected the invalid frame, got {other:?}"),
    }
    assert!(rx.recv().await.expect("done").is_none());
}

#[tokio::test]
async fn a_body_that_ends_inside_a_frame_is_an_error() {
    let bytes = frames(&[event("Greeting", "whole"), event("Greeting", "cut short")]);
    let short = &bytes[..bytes.len() - 3];
    let mut rx = receiver(chunked(short, 8));
    let (got, error) = drain(&mut rx).await;
    assert_eq!(got, [Ev::Greeting("whole".into())]);
    let error = error.expect("an error");
    assert!(is_response_error(&error), "{error:?}");
    let first = frame(&event("Greeting", "whole")).len();
    match error.raw_response() {
        Some(RawMessage::Invalid(Some(raw))) => assert_eq!(&raw[..], &short[first..]),
        other => panic!("expected the partial frame, got {other:?}"),
    }
    assert!(rx.recv().await.expect("done").is_none());
}

#[tokio::test]
async fn a_body_read_error_is_a_response_error() {
    let mut rx = receiver(failing(&frame(&event("Greeting", "before"))));
    let (got, error) = drain(&mut rx).await;
    assert_eq!(got, [Ev::Greeting("before".into())]);
    let error = error.expect("an error");
    assert!(is_response_error(&error), "{error:?}");
    assert!(rx.recv().await.expect("done").is_none());
}

// ---- hostile streams -------------------------------------------------------------------------

/// Feeds only a prelude declaring these lengths: the error must come before any more bytes.
async fn prelude_fails_at_once(total: u32, headers: u32) {
    let (tx, body) = channel();
    let mut rx = receiver(body);
    let mut prelude = Vec::new();
    prelude.extend_from_slice(&total.to_be_bytes());
    prelude.extend_from_slice(&headers.to_be_bytes());
    prelude.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    tx.send(Bytes::from(prelude)).expect("sent");
    let outcome = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("failed without waiting for more bytes");
    let error = outcome.expect_err("too large");
    assert!(is_response_error(&error), "{error:?}");
    let source = error.into_source().expect("a source");
    match source.downcast_ref::<FrameError>() {
        Some(FrameError::TooLarge { total: t, headers: h }) => assert_eq!((*t, *h), (total, headers)),
        other => panic!("expected a too-large frame, got {other:?} ({source})"),
    }
    // Only the prelude was ever sent, and the failed stream let the body go.
    assert!(tx.is_closed(), "the body is still held");
    assert!(rx.recv().await.expect("done").is_none());
}

#[tokio::test]
async fn a_prelude_declaring_4_gib_fails_at_once() {
    prelude_fails_at_once(u32::MAX, 0).await;
}

#[tokio::test]
async fn a_prelude_declaring_a_16_mib_header_block_fails_at_once() {
    prelude_fails_at_once(16 * 1024 * 1024 + 1024, 16 * 1024 * 1024).await;
}

#[tokio::test]
async fn an_endless_stream_is_read_one_frame_at_a_time() {
    const EVENTS: u32 = 100_000;
    let mut rx = receiver(SdkBody::from_body_1_x(Endless { left: EVENTS }));
    let mut seen = 0u32;
    while let Some(event) = rx.recv().await.expect("no error") {
        seen += 1;
        assert_eq!(event, Ev::Count(i32::try_from(EVENTS - seen).expect("small")));
    }
    assert_eq!(seen, EVENTS);
}
