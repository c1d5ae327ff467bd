//! Event streams end to end, against in-process HTTP/1.1 servers on 127.0.0.1 that script what
//! the wire carries (generated crates from `model/stream-course.smithy`):
//! - an output stream whose frames are cut across writes, delivered event by event (the server
//!   sends the next frames only once the client holds the first event);
//! - a modelled exception, an unmodelled `error` message, an unknown event and a corrupt CRC;
//! - an input stream whose every message signature the server recomputes;
//! - `initial-request` and `initial-response` messages on awsJson 1.1 and RPC v2 CBOR.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_smithy_eventstream::frame::{read_message_from, write_message_to, DecodedFrame, MessageFrameDecoder};
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use futures_util::StreamExt;
use stream_course::error::SdkError;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

const PATIENCE: Duration = Duration::from_secs(10);

/// The framed bytes of a message.
fn frame(message: &Message) -> Vec<u8> {
    let mut out = Vec::new();
    write_message_to(message, &mut out).expect("the message frames");
    out
}

fn event(event_type: &str, headers: Vec<Header>, payload: &[u8]) -> Vec<u8> {
    let mut message = Message::new(payload.to_vec())
        .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
        .add_header(Header::new(":event-type", HeaderValue::String(event_type.to_owned().into())));
    for h in headers {
        message = message.add_header(h);
    }
    frame(&message)
}

fn exception(exception_type: &str, json: &str) -> Vec<u8> {
    frame(
        &Message::new(json.as_bytes().to_vec())
            .add_header(Header::new(":message-type", HeaderValue::String("exception".into())))
            .add_header(Header::new(":exception-type", HeaderValue::String(exception_type.to_owned().into())))
            .add_header(Header::new(":content-type", HeaderValue::String("application/json".into()))),
    )
}

fn unmodelled_error(code: &str, text: &str) -> Vec<u8> {
    frame(
        &Message::new(Vec::new())
            .add_header(Header::new(":message-type", HeaderValue::String("error".into())))
            .add_header(Header::new(":error-code", HeaderValue::String(code.to_owned().into())))
            .add_header(Header::new(":error-message", HeaderValue::String(text.to_owned().into()))),
    )
}

/// Reads an HTTP/1.1 request head (through the blank line), and the body after it when the
/// head gives its length (a chunked body is left for `read_chunked`).
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).await.expect("the request head is read");
        assert_eq!(n, 1, "the client closed the connection mid-head");
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).expect("the head is text");
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().expect("a length")));
    if let Some(length) = length {
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).await.expect("the request body is read");
    }
    head
}

/// Reads a chunked request body to its end.
async fn read_chunked(stream: &mut TcpStream) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while !line.ends_with(b"\r\n") {
            stream.read_exact(&mut byte).await.expect("a chunk size line");
            line.push(byte[0]);
        }
        let size = usize::from_str_radix(std::str::from_utf8(&line).expect("text").trim(), 16).expect("a hex chunk size");
        let mut chunk = vec![0u8; size + 2];
        stream.read_exact(&mut chunk).await.expect("a chunk");
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

async fn write_response_head(stream: &mut TcpStream, headers: &[(&str, &str)]) {
    let mut head = String::from("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-type: application/vnd.amazon.eventstream\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("the response head is written");
}

async fn write_chunk(stream: &mut TcpStream, bytes: &[u8]) {
    stream.write_all(format!("{:x}\r\n", bytes.len()).as_bytes()).await.expect("chunk size");
    stream.write_all(bytes).await.expect("chunk");
    stream.write_all(b"\r\n").await.expect("chunk end");
    stream.flush().await.expect("flush");
}

async fn end_chunks(stream: &mut TcpStream) {
    stream.write_all(b"0\r\n\r\n").await.expect("last chunk");
}

async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    (listener, endpoint)
}

fn stream_client(endpoint: &str) -> stream_course::Client {
    let config = stream_course::Config::builder()
        .region(stream_course::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(stream_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .build();
    stream_course::Client::from_conf(config)
}

#[tokio::test]
async fn output_events_arrive_one_by_one_from_frames_cut_across_writes() {
    let (listener, endpoint) = listener().await;
    let (go_tx, mut go_rx) = mpsc::channel::<()>(1);
    let server = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.expect("a connection");
        let head = read_head(&mut s).await;
        assert!(head.starts_with("POST /converse/m1 "), "{head}");
        write_response_head(&mut s, &[("x-conversation-id", "c-1")]).await;
        let delta = event("delta", vec![Header::new("index", HeaderValue::Int32(0))], br#"{"text":"Hel","secret":"s3cr3t"}"#);
        for piece in [&delta[..5], &delta[5..20], &delta[20..]] {
            write_chunk(&mut s, piece).await;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Nothing more until the client holds the first event: delivery cannot wait for the end.
        go_rx.recv().await.expect("the client saw the first event");
        let chunk = event(
            "chunk",
            vec![
                Header::new("contentKind", HeaderValue::String("image".into())),
                Header::new("sentAt", HeaderValue::Timestamp(aws_smithy_types::DateTime::from_millis(1_700_000_000_123))),
            ],
            b"\x00\x01binary",
        );
        let metadata = event("metadata", vec![], br#"{"inputTokens":3,"outputTokens":5}"#);
        let mut rest = chunk.clone();
        rest.extend_from_slice(&metadata);
        rest.extend(exception("refused", r#"{"message":"not that","reason":"policy"}"#));
        for piece in rest.chunks(7) {
            write_chunk(&mut s, piece).await;
        }
        end_chunks(&mut s).await;
    });
    let client = stream_client(&endpoint);
    let mut output = tokio::time::timeout(PATIENCE, client.converse().model_id("m1").send()).await.expect("in time").expect("the call succeeds");
    assert_eq!(output.conversation_id(), Some("c-1"));
    let first = output.stream.recv().await.expect("an event").expect("not the end");
    let delta = first.as_delta().expect("a delta");
    assert_eq!((delta.index(), delta.text()), (Some(0), Some("Hel")));
    assert!(!format!("{first:?}").contains("s3cr3t"), "a sensitive member is redacted in Debug: {first:?}");
    go_tx.send(()).await.expect("the server waits");
    let chunk = output.stream.recv().await.expect("an event").expect("not the end");
    let chunk = chunk.as_chunk().expect("a chunk");
    assert_eq!(chunk.content_kind(), Some(&stream_course::types::ContentKind::Image));
    assert_eq!(chunk.sent_at().map(|t| t.to_millis().expect("millis")), Some(1_700_000_000_123));
    assert_eq!(chunk.bytes().map(|b| b.as_ref()), Some(&b"\x00\x01binary"[..]));
    let metadata = output.stream.recv().await.expect("an event").expect("not the end");
    let usage = metadata.as_metadata().expect("metadata").usage().expect("usage");
    assert_eq!((usage.input_tokens(), usage.output_tokens()), (Some(3), Some(5)));
    let err = output.stream.recv().await.expect_err("the stream's exception");
    let refused = match err.as_service_error() {
        Some(stream_course::types::error::AnswerStreamError::RefusedError(e)) => e,
        other => panic!("expected the modelled exception, got {other:?} from {err:?}"),
    };
    assert_eq!((refused.message(), refused.reason()), (Some("not that"), Some("policy")));
    assert!(output.stream.recv().await.expect("no more errors").is_none(), "the stream ends after an error");
    server.await.expect("the server ran");
}

#[tokio::test]
async fn unknown_events_unmodelled_errors_and_corrupt_frames() {
    let (listener, endpoint) = listener().await;
    let server = tokio::spawn(async move {
        for script in 0..2 {
            let (mut s, _) = listener.accept().await.expect("a connection");
            read_head(&mut s).await;
            write_response_head(&mut s, &[]).await;
            if script == 0 {
                write_chunk(&mut s, &event("somethingNew", vec![], b"{}")).await;
                write_chunk(&mut s, &unmodelled_error("internal-error", "An unknown error occurred.")).await;
            } else {
                let mut corrupt = event("delta", vec![], br#"{"text":"x"}"#);
                let last = corrupt.len() - 1;
                corrupt[last] ^= 0xff;
                write_chunk(&mut s, &corrupt).await;
            }
            end_chunks(&mut s).await;
        }
    });
    let client = stream_client(&endpoint);
    let mut output = client.converse().model_id("m").send().await.expect("the call succeeds");
    let unknown = output.stream.recv().await.expect("an event").expect("not the end");
    assert!(unknown.is_unknown(), "an unknown event type reads as Unknown: {unknown:?}");
    let err = output.stream.recv().await.expect_err("the unmodelled error");
    let service = err.as_service_error().expect("an unmodelled error message is a service error");
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    assert_eq!((service.code(), service.message()), (Some("internal-error"), Some("An unknown error occurred.")));
    assert!(output.stream.recv().await.expect("ended").is_none());

    let mut output = client.converse().model_id("m").send().await.expect("the call succeeds");
    let err = output.stream.recv().await.expect_err("the corrupt frame");
    assert!(matches!(err, SdkError::ResponseError(_)), "a CRC error is a response error: {err:?}");
    assert!(output.stream.recv().await.expect("ended").is_none());
    server.await.expect("the server ran");
}

#[tokio::test]
async fn the_receiver_is_a_stream() {
    let (listener, endpoint) = listener().await;
    let server = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.expect("a connection");
        read_head(&mut s).await;
        write_response_head(&mut s, &[]).await;
        for i in 0..5 {
            write_chunk(&mut s, &event("delta", vec![Header::new("index", HeaderValue::Int32(i))], b"{}")).await;
        }
        end_chunks(&mut s).await;
    });
    let client = stream_client(&endpoint);
    let output = client.converse().model_id("m").send().await.expect("the call succeeds");
    let indexes: Vec<Option<i32>> = output
        .stream
        .map(|e| e.expect("an event").as_delta().expect("a delta").index())
        .collect()
        .await;
    assert_eq!(indexes, [Some(0), Some(1), Some(2), Some(3), Some(4)]);
    server.await.expect("the server ran");
}

/// The `Signature=` of an `Authorization` header.
fn request_signature(head: &str) -> String {
    let auth = head.lines().find(|l| l.to_ascii_lowercase().starts_with("authorization:")).expect("an Authorization header");
    auth.split("Signature=").nth(1).expect("a signature").trim().to_owned()
}

/// Checks every message's `:chunk-signature` against one recomputed with aws-sigv4 from the
/// previous signature (the request's for the first) at the message's `:date`; returns the
/// inner messages.
fn verify_chain(body: &[u8], seed: &str, name: &str) -> Vec<Message> {
    let identity = Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test").into();
    let mut decoder = MessageFrameDecoder::new();
    let mut buffer = bytes::Bytes::copy_from_slice(body);
    let mut previous = seed.to_owned();
    let mut inner = Vec::new();
    let mut ended = false;
    while let DecodedFrame::Complete(signed) = decoder.decode_frame(&mut buffer).expect("the body is framed") {
        assert!(!ended, "nothing follows the empty end message");
        let header = |n: &str| signed.headers().iter().find(|h| h.name().as_str() == n).map(|h| h.value().clone());
        let Some(HeaderValue::Timestamp(date)) = header(":date") else { panic!("a :date header") };
        let Some(HeaderValue::ByteArray(signature)) = header(":chunk-signature") else { panic!("a :chunk-signature header") };
        let time = SystemTime::try_from(date).expect("a time");
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name(name)
            .time(time)
            .settings(())
            .build()
            .expect("params");
        let expected = if signed.payload().is_empty() {
            ended = true;
            aws_sigv4::event_stream::sign_empty_message(&previous, &params)
        } else {
            let message = read_message_from(signed.payload().clone()).expect("a wrapped message");
            let out = aws_sigv4::event_stream::sign_message(&message, &previous, &params);
            inner.push(message);
            out
        }
        .expect("signs");
        let (_, expected_signature) = expected.into_parts();
        assert_eq!(hex(&signature), expected_signature, "message {} is signed in the chain", inner.len());
        previous = expected_signature;
    }
    assert!(ended, "the stream ends with the signed empty message");
    inner
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn every_input_message_is_signed_in_a_chain_the_server_verifies() {
    let (listener, endpoint) = listener().await;
    let server = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.expect("a connection");
        let head = read_head(&mut s).await;
        let lower = head.to_ascii_lowercase();
        assert!(lower.contains("x-amz-content-sha256: streaming-aws4-hmac-sha256-events"), "{head}");
        assert!(lower.contains("content-type: application/vnd.amazon.eventstream"), "{head}");
        assert!(lower.contains("x-language: en"), "{head}");
        let body = read_chunked(&mut s).await;
        let messages = verify_chain(&body, &request_signature(&head), "streamcourse");
        s.write_all(b"HTTP/1.1 200 OK\r\nx-session-id: s-9\r\ncontent-length: 0\r\n\r\n").await.expect("response");
        messages
    });
    let events = vec![
        Ok(stream_course::types::AudioStream::Config(stream_course::types::ConfigEvent::builder().flag(true).sample_rate(16_000).build())),
        Ok(stream_course::types::AudioStream::Audio(
            stream_course::types::AudioEvent::builder().sequence(1).chunk(aws_smithy_types::Blob::new(vec![1u8, 2, 3])).build(),
        )),
        Ok(stream_course::types::AudioStream::Audio(
            stream_course::types::AudioEvent::builder().sequence(2).chunk(aws_smithy_types::Blob::new(vec![4u8])).build(),
        )),
    ];
    let sender = stream_course::primitives::event_stream::EventStreamSender::from(futures_util::stream::iter(events));
    let client = stream_client(&endpoint);
    let output = tokio::time::timeout(PATIENCE, client.transcribe().language("en").audio(sender).send())
        .await
        .expect("in time")
        .expect("the call succeeds");
    assert_eq!(output.session_id(), Some("s-9"));
    let messages = server.await.expect("the server ran");
    let types: Vec<String> = messages
        .iter()
        .map(|m| match m.headers().iter().find(|h| h.name().as_str() == ":event-type").map(|h| h.value().clone()) {
            Some(HeaderValue::String(s)) => s.as_str().to_owned(),
            other => panic!("an event type: {other:?}"),
        })
        .collect();
    assert_eq!(types, ["config", "audio", "audio"]);
    assert_eq!(messages[1].payload().as_ref(), [1, 2, 3]);
    assert!(messages[1].headers().iter().any(|h| h.name().as_str() == "sequence" && *h.value() == HeaderValue::Int64(1)));
}

/// The messages of an unsigned body.
fn unsigned_messages(body: &[u8]) -> Vec<Message> {
    let mut decoder = MessageFrameDecoder::new();
    let mut buffer = bytes::Bytes::copy_from_slice(body);
    let mut out = Vec::new();
    while let DecodedFrame::Complete(m) = decoder.decode_frame(&mut buffer).expect("the body is framed") {
        assert!(!m.headers().iter().any(|h| h.name().as_str() == ":chunk-signature"), "an unsigned service sends plain frames");
        out.push(m);
    }
    out
}

/// Serves one RPC call whose input is a plain document: answers with an `initial-response`
/// carrying `initial` and then one delta event whose payload is `delta`.
async fn subscribe_server(listener: TcpListener, initial: Vec<u8>, delta: Vec<u8>) {
    let (mut s, _) = listener.accept().await.expect("a connection");
    read_head(&mut s).await;
    write_response_head(&mut s, &[]).await;
    let initial_response = frame(
        &Message::new(initial)
            .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
            .add_header(Header::new(":event-type", HeaderValue::String("initial-response".into()))),
    );
    write_chunk(&mut s, &initial_response).await;
    write_chunk(&mut s, &event("delta", vec![Header::new("index", HeaderValue::Int32(7))], &delta)).await;
    end_chunks(&mut s).await;
}

/// Serves one RPC call whose input streams: reads the request's messages (verifying their
/// signatures when the service signs as `signing_name`) and answers with `response`.
async fn publish_server(listener: TcpListener, signing_name: Option<&'static str>, response: &'static [u8]) -> Vec<Message> {
    let (mut s, _) = listener.accept().await.expect("a connection");
    let head = read_head(&mut s).await;
    let body = read_chunked(&mut s).await;
    let messages = match signing_name {
        Some(name) => verify_chain(&body, &request_signature(&head), name),
        None => unsigned_messages(&body),
    };
    s.write_all(response).await.expect("the response is written");
    messages
}

fn event_type(message: &Message) -> Option<HeaderValue> {
    message.headers().iter().find(|h| h.name().as_str() == ":event-type").map(|h| h.value().clone())
}

fn publish_events<T, E>(event: impl Fn(i64) -> T) -> impl futures_util::Stream<Item = Result<T, E>> {
    futures_util::stream::iter((1..=2).map(|i| Ok(event(i))).collect::<Vec<_>>())
}

fn rpc_client(endpoint: &str) -> rpc_stream_course::Client {
    let config = rpc_stream_course::Config::builder()
        .region(rpc_stream_course::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(rpc_stream_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .build();
    rpc_stream_course::Client::from_conf(config)
}

#[tokio::test]
async fn aws_json_reads_output_members_from_the_initial_response() {
    let (listener, endpoint) = listener().await;
    let server = tokio::spawn(subscribe_server(listener, br#"{"feedId":"f-1"}"#.to_vec(), b"{}".to_vec()));
    let mut output = rpc_client(&endpoint).subscribe().topic("news").send().await.expect("the call succeeds");
    assert_eq!(output.feed_id(), Some("f-1"), "the output's member comes from the initial-response");
    let delta = output.stream.recv().await.expect("an event").expect("not the end");
    assert_eq!(delta.as_delta().expect("a delta").index(), Some(7));
    assert!(output.stream.recv().await.expect("ended").is_none());
    server.await.expect("the server ran");
}

#[tokio::test]
async fn aws_json_sends_input_members_in_a_signed_initial_request() {
    let (listener, endpoint) = listener().await;
    let response = b"HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: 14\r\n\r\n{\"accepted\":2}";
    let server = tokio::spawn(publish_server(listener, Some("rpcstreamcourse"), response));
    let events = publish_events(|i| {
        rpc_stream_course::types::AudioStream::Audio(rpc_stream_course::types::AudioEvent::builder().sequence(i).build())
    });
    let sender = rpc_stream_course::primitives::event_stream::EventStreamSender::from(events);
    let output = rpc_client(&endpoint).publish().topic("news").audio(sender).send().await.expect("the call succeeds");
    assert_eq!(output.accepted(), Some(2));
    let messages = server.await.expect("the server ran");
    assert_eq!(event_type(&messages[0]), Some(HeaderValue::String("initial-request".into())));
    let json: serde_json::Value = serde_json::from_slice(messages[0].payload()).expect("a JSON initial request");
    assert_eq!(json, serde_json::json!({"topic": "news"}));
    assert_eq!(messages.len(), 3, "the initial request and two events");
    assert_eq!(event_type(&messages[2]), Some(HeaderValue::String("audio".into())));
}

#[tokio::test]
async fn rpc_v2_cbor_carries_other_members_in_initial_messages() {
    let (listener, endpoint) = listener().await;
    let mut initial = Vec::new();
    {
        let mut e = minicbor::Encoder::new(&mut initial);
        e.map(1).and_then(|e| e.str("feedId")).and_then(|e| e.str("f-2")).expect("CBOR");
    }
    let server = tokio::spawn(subscribe_server(listener, initial, vec![0xa0]));
    let client = cbor_stream_course::Client::from_conf(cbor_stream_course::Config::builder().endpoint_url(&endpoint).build());
    let mut output = client.subscribe().topic("sports").send().await.expect("the call succeeds");
    assert_eq!(output.feed_id(), Some("f-2"));
    let delta = output.stream.recv().await.expect("an event").expect("not the end");
    assert_eq!(delta.as_delta().expect("a delta").index(), Some(7));
    server.await.expect("the server ran");

    let (second, endpoint) = self::listener().await;
    let response = b"HTTP/1.1 200 OK\r\nsmithy-protocol: rpc-v2-cbor\r\ncontent-type: application/cbor\r\ncontent-length: 11\r\n\r\n\xa1\x68accepted\x01";
    let server = tokio::spawn(publish_server(second, None, response));
    let events = publish_events(|i| {
        cbor_stream_course::types::AudioStream::Audio(cbor_stream_course::types::AudioEvent::builder().sequence(i).build())
    });
    let sender = cbor_stream_course::primitives::event_stream::EventStreamSender::from(events);
    let client = cbor_stream_course::Client::from_conf(cbor_stream_course::Config::builder().endpoint_url(&endpoint).build());
    let output = client.publish().topic("sports").audio(sender).send().await.expect("the call succeeds");
    assert_eq!(output.accepted(), Some(1));
    let messages = server.await.expect("the server ran");
    assert_eq!(event_type(&messages[0]), Some(HeaderValue::String("initial-request".into())));
    let kind = minicbor::Decoder::new(messages[0].payload()).datatype().expect("a CBOR initial request");
    assert!(matches!(kind, minicbor::data::Type::Map | minicbor::data::Type::MapIndef), "{kind:?}");
    assert_eq!(messages.len(), 3, "the initial request and two events");
}

/// An in-process HTTP/2 server (the `h2` crate, prior knowledge over TCP) that answers each
/// complete message of the request stream with a `delta` event whose index is the message's
/// `sequence` header, as soon as the message arrives; the response ends when the request does.
async fn h2_echo_server(listener: TcpListener) -> usize {
    let (socket, _) = listener.accept().await.expect("a connection");
    let mut connection = h2::server::handshake(socket).await.expect("an HTTP/2 handshake");
    let (request, mut respond) = connection.accept().await.expect("a stream").expect("a request");
    let driver = tokio::spawn(async move { while connection.accept().await.is_some() {} });
    assert_eq!(request.version(), http::Version::HTTP_2);
    let response = http::Response::builder().status(200).header("content-type", "application/vnd.amazon.eventstream").body(()).expect("head");
    let mut send = respond.send_response(response, false).expect("the response starts");
    let mut body = request.into_body();
    let mut decoder = MessageFrameDecoder::new();
    let mut buffer = bytes::BytesMut::new();
    let mut answered = 0;
    while let Some(data) = body.data().await {
        let data = data.expect("request data");
        let _ = body.flow_control().release_capacity(data.len());
        buffer.extend_from_slice(&data);
        while let DecodedFrame::Complete(signed) = decoder.decode_frame(&mut buffer).expect("framed") {
            if signed.payload().is_empty() {
                continue; // the signed end message
            }
            let message = read_message_from(signed.payload().clone()).expect("a wrapped message");
            let sequence = message.headers().iter().find(|h| h.name().as_str() == "sequence").map(|h| h.value().clone());
            let Some(HeaderValue::Int64(n)) = sequence else { panic!("a sequence header") };
            let answer = event("delta", vec![Header::new("index", HeaderValue::Int32(n as i32))], b"{}");
            send.send_data(bytes::Bytes::from(answer), false).expect("the answer is sent");
            answered += 1;
        }
    }
    send.send_data(bytes::Bytes::new(), true).expect("the response ends");
    let _ = tokio::time::timeout(Duration::from_secs(1), driver).await;
    answered
}

/// The events of a channel: the test decides when each is sent.
struct ChannelEvents<T>(mpsc::UnboundedReceiver<T>);

impl<T> futures_util::Stream for ChannelEvents<T> {
    type Item = Result<T, duplex_course::types::error::AudioStreamError>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx).map(|item| item.map(Ok))
    }
}

#[tokio::test]
async fn a_duplex_stream_over_http2_answers_each_event_before_the_next_is_sent() {
    let (listener, endpoint) = listener().await;
    let server = tokio::spawn(h2_echo_server(listener));
    let (tx, rx) = mpsc::unbounded_channel();
    let audio = |n: i64| {
        duplex_course::types::AudioStream::Audio(duplex_course::types::AudioEvent::builder().sequence(n).chunk(aws_smithy_types::Blob::new(vec![0u8; 3])).build())
    };
    tx.send(audio(1)).expect("queued");
    let config = duplex_course::Config::builder()
        .region(duplex_course::config::Region::new("us-east-1"))
        .endpoint_url(&endpoint)
        .credentials_provider(duplex_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .build();
    let client = duplex_course::Client::from_conf(config);
    let sender = duplex_course::primitives::event_stream::EventStreamSender::from(ChannelEvents(rx));
    let mut output = tokio::time::timeout(PATIENCE, client.chat().messages(sender).send()).await.expect("in time").expect("the call succeeds");
    for n in 1..=3 {
        // The answer to event n arrives while the request is still open: only then is n + 1 sent.
        let answer = tokio::time::timeout(PATIENCE, output.stream.recv()).await.expect("in time").expect("an event").expect("not the end");
        assert_eq!(answer.as_delta().expect("a delta").index(), Some(n as i32));
        if n < 3 {
            tx.send(audio(n + 1)).expect("queued");
        }
    }
    drop(tx);
    assert!(tokio::time::timeout(PATIENCE, output.stream.recv()).await.expect("in time").expect("ended").is_none());
    assert_eq!(server.await.expect("the server ran"), 3);
}

#[tokio::test]
async fn a_stream_without_modelled_errors_reads_exceptions_as_unmodelled() {
    let (listener, endpoint) = listener().await;
    let server = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.expect("a connection");
        read_head(&mut s).await;
        write_response_head(&mut s, &[]).await;
        let line = frame(
            &Message::new(b"first line".to_vec())
                .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
                .add_header(Header::new(":event-type", HeaderValue::String("line".into())))
                .add_header(Header::new(":content-type", HeaderValue::String("text/plain".into()))),
        );
        write_chunk(&mut s, &line).await;
        write_chunk(&mut s, &exception("diskFull", r#"{"message":"no space"}"#)).await;
        end_chunks(&mut s).await;
    });
    let mut output = stream_client(&endpoint).tail().send().await.expect("the call succeeds");
    let line = output.lines.recv().await.expect("an event").expect("not the end");
    assert_eq!(line.as_line().expect("a line").text(), Some("first line"));
    let err = output.lines.recv().await.expect_err("the exception");
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    assert_eq!(err.as_service_error().and_then(|e| e.code()), Some("diskFull"), "{err:?}");
    server.await.expect("the server ran");
}
