//! `presigned()` on the generated S3 slice (`generated/s3-rules`): the request is signed in its
//! query string as of the configuration's start time (or the client's time source), the headers
//! a sent call adds for itself are not part of it, interceptors run up to `read_before_transmit`
//! and their changes are signed, and nothing is sent. The signature itself is checked against
//! Amazon S3's documented example (runtime `client::sign` tests) and against botocore by the
//! moto presigning story (tests/e2e/presigning_story.rs).
//!
//! Polly's `SynthesizeSpeech` (`generated/polly-speech`) is presigned as a GET with its input in
//! the query string while `send()` still POSTs JSON; its signature is recomputed here from the
//! SigV4 specification.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use aws_smithy_async::time::StaticTimeSource;
use aws_smithy_http_client::test_util::infallible_client_fn;
use s3_rules::presigning::{PresignedRequest, PresigningConfig};
use s3_rules::{Client, Config};

/// 2013-05-24T00:00:00Z.
const START: u64 = 1_369_353_600;

fn client(sent: &Arc<AtomicUsize>, token: Option<&str>) -> Client {
    let sent = Arc::clone(sent);
    let http = infallible_client_fn(move |_request| {
        sent.fetch_add(1, Ordering::SeqCst);
        http::Response::builder().status(200).body(aws_smithy_types::body::SdkBody::empty()).expect("response")
    });
    let credentials = s3_rules::config::Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token.map(str::to_owned), None, "test");
    let config = Config::builder()
        .endpoint_url("https://s3.example.test")
        .region(s3_rules::config::Region::new("us-east-1"))
        .credentials_provider(credentials)
        .time_source(StaticTimeSource::new(UNIX_EPOCH + Duration::from_secs(START + 3600)))
        .http_client(http);
    Client::from_conf(config.build())
}

fn query(presigned: &PresignedRequest) -> BTreeMap<String, String> {
    let query = presigned.uri().split_once('?').map_or("", |(_, q)| q);
    query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

fn at_start(expires: u64) -> PresigningConfig {
    PresigningConfig::builder().start_time(UNIX_EPOCH + Duration::from_secs(START)).expires_in(Duration::from_secs(expires)).build().expect("config")
}

#[tokio::test]
async fn a_presigned_request_is_signed_in_its_query_and_never_sent() {
    let sent = Arc::new(AtomicUsize::new(0));
    let client = client(&sent, None);
    let presigned = client.head_object().bucket("examplebucket").key("test.txt").presigned(at_start(86_400)).await.expect("presigned");
    assert_eq!(presigned.method(), "HEAD");
    assert!(presigned.uri().starts_with("https://"), "{}", presigned.uri());
    assert!(presigned.uri().contains("test.txt"), "{}", presigned.uri());
    let q = query(&presigned);
    assert_eq!(q["X-Amz-Algorithm"], "AWS4-HMAC-SHA256");
    assert_eq!(q["X-Amz-Credential"], "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request");
    assert_eq!(q["X-Amz-Date"], "20130524T000000Z", "the configuration's start time, not the client's clock");
    assert_eq!(q["X-Amz-Expires"], "86400");
    assert_eq!(q["X-Amz-SignedHeaders"], "host", "user agents, invocation id and attempt headers are not signed");
    assert_eq!(q["X-Amz-Signature"].len(), 64);
    assert!(!q.contains_key("X-Amz-Security-Token"));
    assert_eq!(presigned.headers().count(), 0, "{presigned:?}");
    assert_eq!(sent.load(Ordering::SeqCst), 0, "presigning sends nothing");

    let request = presigned.into_http_1x_request(());
    assert_eq!(request.method(), http::Method::HEAD);
}

#[tokio::test]
async fn without_a_start_time_the_client_time_source_dates_the_signature() {
    let sent = Arc::new(AtomicUsize::new(0));
    let presigned = client(&sent, Some("session-token"))
        .head_object()
        .bucket("b")
        .key("k")
        .presigned(PresigningConfig::expires_in(Duration::from_secs(60)).expect("a minute"))
        .await
        .expect("presigned");
    let q = query(&presigned);
    assert_eq!(q["X-Amz-Date"], "20130524T010000Z");
    assert_eq!(q["X-Amz-Expires"], "60");
    assert_eq!(q["X-Amz-Security-Token"], "session-token");
}

#[tokio::test]
async fn customize_changes_the_request_before_it_is_presigned() {
    let sent = Arc::new(AtomicUsize::new(0));
    let presigned = client(&sent, None)
        .head_object()
        .bucket("b")
        .key("k")
        .customize()
        .mutate_request(|request| {
            request.headers_mut().insert("x-amz-meta-note", "hi");
        })
        .presigned(at_start(300))
        .await
        .expect("presigned");
    assert_eq!(query(&presigned)["X-Amz-SignedHeaders"], "host%3Bx-amz-meta-note");
    assert_eq!(presigned.headers().collect::<Vec<_>>(), [("x-amz-meta-note", "hi")], "the caller must send the header it signs");
    assert_eq!(sent.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_missing_required_member_fails_before_anything_is_signed() {
    let sent = Arc::new(AtomicUsize::new(0));
    let err = client(&sent, None).head_object().key("k").presigned(at_start(60)).await.expect_err("no bucket");
    assert!(format!("{err:?}").to_lowercase().contains("bucket"), "{err:?}");
}

#[tokio::test]
async fn a_client_without_credentials_cannot_presign() {
    let config = Config::builder().endpoint_url("https://s3.example.test").region(s3_rules::config::Region::new("us-east-1")).build();
    let err = Client::from_conf(config).head_object().bucket("b").key("k").presigned(at_start(60)).await.expect_err("nothing to sign with");
    let text = format!("{}", s3_rules::error::DisplayErrorContext(&err));
    assert!(text.contains("credentials") || text.contains("SigV4"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Polly's SynthesizeSpeech: sent as a POST with a JSON body, presigned as a GET with the input in
// the query string (`generated/polly-speech`, a slice of the Polly model written in model/)
// ---------------------------------------------------------------------------------------------

mod polly {
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, UNIX_EPOCH};

    use aws_smithy_async::time::StaticTimeSource;
    use aws_smithy_http_client::test_util::infallible_client_fn;
    use polly_speech::presigning::PresigningConfig;
    use polly_speech::types::{Engine, OutputFormat, SpeechMarkType, VoiceId};
    use sha2::{Digest, Sha256};

    use super::START;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// The requests a client sent: method, URI and body.
    type Sent = Arc<Mutex<Vec<(String, String, String)>>>;
    const HOST: &str = "polly.us-east-1.amazonaws.com";

    /// A client whose HTTP client records each request (method, URI, body) and answers with
    /// three bytes of audio.
    fn client(seen: &Sent) -> polly_speech::Client {
        let seen = Arc::clone(seen);
        let http = infallible_client_fn(move |request| {
            let body = String::from_utf8_lossy(request.body().bytes().unwrap_or_default()).into_owned();
            seen.lock().expect("log").push((request.method().to_string(), request.uri().to_string(), body));
            http::Response::builder().status(200).header("content-type", "audio/mpeg").body(aws_smithy_types::body::SdkBody::from("ID3")).expect("response")
        });
        let credentials = polly_speech::config::Credentials::new("AKIAIOSFODNN7EXAMPLE", SECRET, None, None, "test");
        polly_speech::Client::from_conf(
            polly_speech::Config::builder()
                .endpoint_url(format!("https://{HOST}"))
                .region(polly_speech::config::Region::new("us-east-1"))
                .credentials_provider(credentials)
                .time_source(StaticTimeSource::new(UNIX_EPOCH + Duration::from_secs(START + 60)))
                .http_client(http)
                .build(),
        )
    }

    fn speech(client: &polly_speech::Client) -> polly_speech::operation::synthesize_speech::builders::SynthesizeSpeechFluentBuilder {
        client
            .synthesize_speech()
            .text("Hello, world & all")
            .voice_id(VoiceId::Joanna)
            .output_format(OutputFormat::Mp3)
            .engine(Engine::Neural)
            .lexicon_names("first")
            .lexicon_names("second")
            .speech_mark_types(SpeechMarkType::Word)
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[tokio::test]
    async fn synthesize_speech_is_presigned_as_a_get_with_its_input_in_the_query() {
        let seen: Sent = Arc::default();
        let start = UNIX_EPOCH + Duration::from_secs(START);
        let config = PresigningConfig::builder().start_time(start).expires_in(Duration::from_secs(900)).build().expect("config");
        let presigned = speech(&client(&seen)).presigned(config).await.expect("presigned");
        assert_eq!(presigned.method(), "GET");
        let (path, query) = presigned.uri().split_once('?').expect("a query");
        assert_eq!(path, format!("https://{HOST}/v1/speech"));
        let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|kv| kv.split_once('=')).collect();
        let input: Vec<_> = pairs.iter().filter(|(k, _)| !k.starts_with("X-Amz-")).copied().collect();
        assert_eq!(
            input,
            [
                ("Engine", "neural"),
                ("LexiconNames", "first"),
                ("LexiconNames", "second"),
                ("OutputFormat", "mp3"),
                ("SpeechMarkTypes", "word"),
                ("Text", "Hello%2C%20world%20%26%20all"),
                ("VoiceId", "Joanna"),
            ],
            "every member in the query, under its member name, encoded as SigV4 canonical form"
        );
        assert_eq!(presigned.headers().count(), 0, "a GET with no body has no content type to send: {presigned:?}");
        assert!(seen.lock().expect("log").is_empty(), "presigning sends nothing");

        // The signature, recomputed here from the SigV4 specification: canonical request (the
        // query sorted, the signature left out, the empty body's hash), string to sign, key.
        let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v).unwrap_or_else(|| panic!("no {key}"));
        assert_eq!(get("X-Amz-Credential"), "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fpolly%2Faws4_request");
        assert_eq!((get("X-Amz-Date"), get("X-Amz-Expires"), get("X-Amz-SignedHeaders")), ("20130524T000000Z", "900", "host"));
        let mut canonical_query: Vec<_> = pairs.iter().filter(|(k, _)| *k != "X-Amz-Signature").collect();
        canonical_query.sort();
        let canonical_query: Vec<String> = canonical_query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let empty = hex(&Sha256::digest(b""));
        let canonical = format!("GET\n/v1/speech\n{}\nhost:{HOST}\n\nhost\n{empty}", canonical_query.join("&"));
        let to_sign = format!("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/polly/aws4_request\n{}", hex(&Sha256::digest(canonical.as_bytes())));
        let key = aws_sigv4::sign::v4::generate_signing_key(SECRET, start, "us-east-1", "polly");
        assert_eq!(get("X-Amz-Signature"), aws_sigv4::sign::v4::calculate_signature(key, to_sign.as_bytes()));
    }

    #[tokio::test]
    async fn synthesize_speech_is_still_sent_as_a_post_with_a_json_body() {
        let seen: Sent = Arc::default();
        let output = speech(&client(&seen)).send().await.expect("sent");
        assert_eq!(output.content_type(), Some("audio/mpeg"));
        assert_eq!(output.audio_stream.collect().await.expect("audio").into_bytes().as_ref(), b"ID3");
        let seen = seen.lock().expect("log");
        let (method, uri, body) = &seen[0];
        assert_eq!((method.as_str(), uri.as_str()), ("POST", "https://polly.us-east-1.amazonaws.com/v1/speech"));
        let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
        assert_eq!(body["Text"], "Hello, world & all");
        assert_eq!(body["LexiconNames"], serde_json::json!(["first", "second"]));
    }
}
