//! The event streams of the real Lambda and S3 models, against in-process HTTP/1.1 servers that
//! answer as the services do (copied into the scratch project by tests/e2e/aws-models.sh):
//! Lambda's `InvokeWithResponseStream` (restJson1: `PayloadChunk` blobs, then `InvokeComplete`)
//! and S3's `SelectObjectContent` (restXml: `Records` blobs, `Stats` as an XML payload, `End`),
//! each with its frames cut across writes.

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn event(event_type: &str, content_type: &str, payload: &[u8]) -> Vec<u8> {
    let message = Message::new(payload.to_vec())
        .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
        .add_header(Header::new(":event-type", HeaderValue::String(event_type.to_owned().into())))
        .add_header(Header::new(":content-type", HeaderValue::String(content_type.to_owned().into())));
    let mut out = Vec::new();
    write_message_to(&message, &mut out).expect("the message frames");
    out
}

/// Reads a request head and its `Content-Length` body; returns the head.
async fn read_request(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).await.expect("the request head");
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).expect("text");
    let length = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().expect("a length")));
    let mut body = vec![0u8; length.unwrap_or(0)];
    stream.read_exact(&mut body).await.expect("the request body");
    head
}

/// Serves one call: a 200 with `headers`, and `body` in 5-byte chunks (frames cut anywhere).
async fn serve(listener: TcpListener, headers: &'static str, body: Vec<u8>) -> String {
    let (mut s, _) = listener.accept().await.expect("a connection");
    let head = read_request(&mut s).await;
    let response = format!("HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\ntransfer-encoding: chunked\r\n{headers}\r\n");
    s.write_all(response.as_bytes()).await.expect("head");
    for piece in body.chunks(5) {
        s.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await.expect("size");
        s.write_all(piece).await.expect("chunk");
        s.write_all(b"\r\n").await.expect("end");
    }
    s.write_all(b"0\r\n\r\n").await.expect("last chunk");
    head
}

async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    (listener, endpoint)
}

#[tokio::test]
async fn lambda_invoke_with_response_stream() {
    let (listener, endpoint) = listener().await;
    let mut body = event("PayloadChunk", "application/octet-stream", b"hello, ");
    body.extend(event("PayloadChunk", "application/octet-stream", b"world"));
    body.extend(event("InvokeComplete", "application/json", br#"{"LogResult":"bG9n"}"#));
    let server = tokio::spawn(serve(listener, "x-amz-executed-version: $LATEST\r\n", body));
    let config = lambda_full::Config::builder()
        .region(lambda_full::config::Region::new("us-east-1"))
        .endpoint_url(&endpoint)
        .credentials_provider(lambda_full::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .build();
    let client = lambda_full::Client::from_conf(config);
    let mut output = client.invoke_with_response_stream().function_name("streamer").send().await.expect("the call succeeds");
    assert_eq!(output.executed_version(), Some("$LATEST"));
    let mut payload = Vec::new();
    let mut log = None;
    while let Some(event) = output.event_stream.recv().await.expect("no stream error") {
        match event {
            lambda_full::types::InvokeWithResponseStreamResponseEvent::PayloadChunk(chunk) => {
                payload.extend_from_slice(chunk.payload().expect("a payload").as_ref());
            }
            lambda_full::types::InvokeWithResponseStreamResponseEvent::InvokeComplete(done) => log = done.log_result().map(str::to_owned),
            other => panic!("unexpected event {other:?}"),
        }
    }
    assert_eq!(payload, b"hello, world");
    assert_eq!(log.as_deref(), Some("bG9n"));
    let head = server.await.expect("the server ran");
    assert!(head.starts_with("POST /2021-11-15/functions/streamer/response-streaming-invocations "), "{head}");
}

#[tokio::test]
async fn s3_select_object_content() {
    use s3_client as s3;
    let (listener, endpoint) = listener().await;
    let mut body = event("Records", "application/octet-stream", b"a,1\n");
    body.extend(event("Records", "application/octet-stream", b"b,2\n"));
    let stats = b"<Stats><BytesScanned>100</BytesScanned><BytesProcessed>100</BytesProcessed><BytesReturned>8</BytesReturned></Stats>";
    body.extend(event("Stats", "text/xml", stats));
    body.extend(event("End", "text/xml", b""));
    let server = tokio::spawn(serve(listener, "", body));
    let config = s3::Config::builder()
        .region(s3::config::Region::new("us-east-1"))
        .endpoint_url(&endpoint)
        .force_path_style(true)
        .credentials_provider(s3::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .build();
    let client = s3::Client::from_conf(config);
    let input = s3::types::InputSerialization::builder().csv(s3::types::CsvInput::builder().build()).build();
    let output_format = s3::types::OutputSerialization::builder().csv(s3::types::CsvOutput::builder().build()).build();
    let mut output = client
        .select_object_content()
        .bucket("bucket")
        .key("data.csv")
        .expression("SELECT * FROM S3Object")
        .expression_type(s3::types::ExpressionType::Sql)
        .input_serialization(input)
        .output_serialization(output_format)
        .send()
        .await
        .expect("the call succeeds");
    let mut records = Vec::new();
    let mut returned = None;
    let mut ended = false;
    while let Some(event) = output.payload.recv().await.expect("no stream error") {
        match event {
            s3::types::SelectObjectContentEventStream::Records(r) => records.extend_from_slice(r.payload().expect("bytes").as_ref()),
            s3::types::SelectObjectContentEventStream::Stats(s) => returned = s.details().and_then(|d| d.bytes_returned()),
            s3::types::SelectObjectContentEventStream::End(_) => ended = true,
            other => panic!("unexpected event {other:?}"),
        }
    }
    assert_eq!(records, b"a,1\nb,2\n");
    assert_eq!(returned, Some(8));
    assert!(ended);
    let head = server.await.expect("the server ran");
    assert!(head.starts_with("POST /bucket/data.csv?select&select-type=2 "), "{head}");
}
