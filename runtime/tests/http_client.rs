//! A configured `HttpClient` (aws-smithy-runtime-api's trait) replaces the built-in HTTPS
//! client: every attempt goes through it, signed and with the SDK headers, its responses are
//! read as the built-in client's are (within the size limit), and its errors are dispatch
//! failures that are retried.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use common::{parts, SERVICE, SIGNED};
use smithy_client_runtime::client::{Failure, Runtime};
use smithy_client_runtime::config::{Config, Credentials, Region, RetryConfig};

/// A scripted reply: a status and body, or a connection error's message.
type Reply = Result<(u16, &'static str), &'static str>;

/// A request as the client received it: URI, headers, body.
type Seen = (String, Vec<(String, String)>, Vec<u8>);

/// The connect and read timeouts the runtime handed to the client.
type Timeouts = Option<(Option<Duration>, Option<Duration>)>;

/// Answers each request with the next scripted reply and keeps what it was sent.
#[derive(Debug, Clone, Default)]
struct Scripted {
    replies: Arc<Mutex<Vec<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    settings: Arc<Mutex<Timeouts>>,
}

impl Scripted {
    fn new(replies: Vec<Reply>) -> Self {
        Scripted { replies: Arc::new(Mutex::new(replies)), ..Default::default() }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

impl HttpConnector for Scripted {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let headers = request.headers().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        let body = request.body().bytes().unwrap_or_default().to_vec();
        self.seen.lock().expect("lock").push((request.uri().to_owned(), headers, body));
        let reply = self.replies.lock().expect("lock").remove(0);
        HttpConnectorFuture::ready(match reply {
            Ok((status, body)) => {
                let mut response = Response::new(StatusCode::try_from(status).expect("status"), SdkBody::from(body));
                response.headers_mut().insert("x-amzn-requestid", "from-the-client");
                Ok(response)
            }
            Err(why) => Err(ConnectorError::io(why.into())),
        })
    }
}

impl HttpClient for Scripted {
    fn http_connector(&self, settings: &HttpConnectorSettings, _components: &RuntimeComponents) -> SharedHttpConnector {
        *self.settings.lock().expect("lock") = Some((settings.connect_timeout(), settings.read_timeout()));
        SharedHttpConnector::new(self.clone())
    }
}

fn runtime(client: &Scripted, attempts: u32) -> Runtime {
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url("https://cognito.example")
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .retry_config(RetryConfig::standard().with_max_attempts(attempts).with_initial_backoff(Duration::from_millis(1)))
        .http_client(client.clone())
        .build();
    Runtime::new(config, &SERVICE)
}

#[tokio::test]
async fn every_attempt_goes_through_the_configured_client_signed() {
    let client = Scripted::new(vec![Ok((200, r#"{"UserPools":[]}"#))]);
    let raw = runtime(&client, 1).call(&SIGNED, parts(br#"{"MaxResults":1}"#)).await.expect("answered");
    assert_eq!(raw.body().bytes(), Some(&br#"{"UserPools":[]}"#[..]));
    let seen = client.seen();
    assert_eq!(seen.len(), 1);
    let (uri, headers, body) = &seen[0];
    assert_eq!(uri, "https://cognito.example/");
    assert_eq!(body, br#"{"MaxResults":1}"#);
    let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    assert!(header("authorization").is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")), "{headers:?}");
    assert_eq!(header("x-amz-target"), Some("AWSCognitoIdentityProviderService.ListUserPools"));
    assert_eq!(header("amz-sdk-request"), Some("attempt=1; max=1"));
    // The connect timeout (the SDKs' default when none is set) is handed to the client.
    assert_eq!(*client.settings.lock().expect("lock"), Some((Some(Duration::from_millis(3100)), None)));
}

#[tokio::test]
async fn its_errors_are_dispatch_failures_and_are_retried() {
    let client = Scripted::new(vec![Err("connection reset"), Ok((503, "")), Ok((200, "{}"))]);
    runtime(&client, 3).call(&SIGNED, parts(b"{}")).await.expect("the third attempt is answered");
    let attempts: Vec<String> = client.seen().iter().map(|(_, h, _)| h.iter().find(|(k, _)| k == "amz-sdk-request").map(|(_, v)| v.clone()).unwrap_or_default()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);

    let client = Scripted::new(vec![Err("connection reset")]);
    match runtime(&client, 1).call(&SIGNED, parts(b"{}")).await {
        Err(Failure::Dispatch(e)) => assert!(e.is_io(), "{e:?}"),
        other => panic!("expected a dispatch failure, got {other:?}"),
    }
}

#[tokio::test]
async fn its_response_bodies_are_read_within_the_limit() {
    let client = Scripted::new(vec![Ok((200, "0123456789"))]);
    let rt = runtime(&client, 1).with_max_response_bytes(4);
    match rt.call(&SIGNED, parts(b"{}")).await {
        Err(Failure::Response { source, raw }) => {
            assert!(source.to_string().contains("larger than the limit of 4 bytes"), "{source}");
            assert_eq!(raw.status().as_u16(), 200);
        }
        other => panic!("expected a response failure, got {other:?}"),
    }
}
