//! Auth schemes beside SigV4: the first scheme of the operation whose identity the config has
//! is used, the identity goes where the scheme says (and never into `Debug`), and a call whose
//! schemes all lack an identity fails before anything is sent, naming the settings.

mod common;

use std::time::Duration;

use common::{op, parts, Reply, Stub, SERVICE};
use smithy_client_runtime::client::{ApiKeyLocation, Auth, AuthScheme, Failure, OperationSpec, Runtime};
use smithy_client_runtime::config::{Config, Login, Token};

const HEADER_KEY: AuthScheme = AuthScheme::ApiKey { name: "x-api-key", location: ApiKeyLocation::Header, scheme: Some("ApiKey") };
const QUERY_KEY: AuthScheme = AuthScheme::ApiKey { name: "api_key", location: ApiKeyLocation::Query, scheme: None };

static BEARER_THEN_KEY: OperationSpec = op("GetForecast", Auth::Signed, &[AuthScheme::Bearer, HEADER_KEY]);
static QUERY_KEY_ONLY: OperationSpec = op("GetAlerts", Auth::Signed, &[QUERY_KEY]);
static BASIC_ONLY: OperationSpec = op("Login", Auth::Signed, &[AuthScheme::Basic]);
static BEARER_OR_NONE: OperationSpec = op("Health", Auth::Signed, &[AuthScheme::Bearer, AuthScheme::NoAuth]);
static OPTIONAL_BEARER: OperationSpec = op("Peek", Auth::Optional, &[AuthScheme::Bearer]);

/// A config for the stub: no region and no AWS credentials, which these schemes do not need. The
/// operation timeout only turns a hang into a failure, so it is generous for a busy machine.
fn config(url: &str) -> smithy_client_runtime::config::Builder {
    Config::builder()
        .endpoint_url(url)
        .timeout_config(smithy_client_runtime::config::TimeoutConfig::builder().operation_timeout(Duration::from_secs(60)).build())
}

#[tokio::test]
async fn the_first_scheme_with_an_identity_is_used() {
    let stub = Stub::start(vec![Reply::json(200, "{}"), Reply::json(200, "{}")]);
    let both = config(&stub.url()).bearer_token(Token::new("tok-123", None)).api_key(Token::new("key-456", None)).build();
    Runtime::new(both, &SERVICE).call(&BEARER_THEN_KEY, parts(b"{}")).await.expect("bearer");
    let key_only = config(&stub.url()).api_key(Token::new("key-456", None)).build();
    Runtime::new(key_only, &SERVICE).call(&BEARER_THEN_KEY, parts(b"{}")).await.expect("api key");
    let requests = stub.requests();
    assert_eq!(requests[0].header("authorization"), Some("Bearer tok-123"));
    assert_eq!(requests[0].header("x-api-key"), None);
    assert_eq!(requests[1].header("authorization"), None);
    assert_eq!(requests[1].header("x-api-key"), Some("ApiKey key-456"));
    assert!(requests.iter().all(|r| r.header("x-amz-date").is_none()), "nothing is SigV4-signed");
}

#[tokio::test]
async fn api_keys_in_the_query_and_basic_logins() {
    let stub = Stub::start(vec![Reply::json(200, "{}"), Reply::json(200, "{}")]);
    let conf = config(&stub.url()).api_key(Token::new("k&y=1", None)).basic_auth_login(Login::new("alice", "s3cr:t", None)).build();
    let runtime = Runtime::new(conf, &SERVICE);
    runtime.call(&QUERY_KEY_ONLY, parts(b"{}")).await.expect("query key");
    runtime.call(&BASIC_ONLY, parts(b"{}")).await.expect("basic");
    let requests = stub.requests();
    assert_eq!(requests[0].path, "/?api_key=k%26y%3D1");
    // base64("alice:s3cr:t")
    assert_eq!(requests[1].header("authorization"), Some("Basic YWxpY2U6czNjcjp0"));
}

#[tokio::test]
async fn no_auth_and_optional_auth_send_without_an_identity() {
    let stub = Stub::start(vec![Reply::json(200, "{}"), Reply::json(200, "{}")]);
    let runtime = Runtime::new(config(&stub.url()).build(), &SERVICE);
    runtime.call(&BEARER_OR_NONE, parts(b"{}")).await.expect("noAuth is an option");
    runtime.call(&OPTIONAL_BEARER, parts(b"{}")).await.expect("optional");
    assert!(stub.requests().iter().all(|r| r.header("authorization").is_none()));
}

#[tokio::test]
async fn a_missing_identity_fails_before_sending_and_names_the_settings() {
    let stub = Stub::start(vec![Reply::json(200, "{}")]);
    let runtime = Runtime::new(config(&stub.url()).build(), &SERVICE);
    let failure = runtime.call(&BEARER_THEN_KEY, parts(b"{}")).await.expect_err("no identity");
    let text = match &failure {
        Failure::Construction(e) => e.to_string(),
        other => panic!("{other:?}"),
    };
    assert!(text.contains("`bearer_token`") && text.contains("`api_key`"), "{text}");
    assert!(stub.requests().is_empty());
}

#[test]
fn secrets_stay_out_of_debug() {
    let conf = Config::builder()
        .bearer_token(Token::new("tok-SECRET", None))
        .api_key(Token::new("key-SECRET", None))
        .basic_auth_login(Login::new("alice", "pw-SECRET", None))
        .build();
    let text = format!("{conf:?} {:?}", conf.to_builder());
    assert!(!text.contains("SECRET"), "{text}");
    assert!(text.contains("bearer_token"), "{text}");
}
