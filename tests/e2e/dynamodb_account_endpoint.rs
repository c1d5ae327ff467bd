//! The credentials' account id chooses DynamoDB's account endpoint, through `send()`: the crate
//! generated from ../shared/models/dynamodb.json sends with a recording `HttpClient`, and the
//! request it records went to `https://{AccountId}.ddb.{Region}.amazonaws.com` (or, with the
//! account-id endpoint mode `disabled`, to the regional endpoint; with `required` and no account
//! id, nowhere). Run by the scratch project of tests/e2e/aws-models.sh (no server needed).

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::client::http::{HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use dynamodb_full as dynamodb;
use dynamodb::config::{AccountIdEndpointMode, Credentials, Region};

/// Keeps the URI of every request and answers each with an empty table list.
#[derive(Debug, Clone, Default)]
struct Recorder {
    uris: Arc<Mutex<Vec<String>>>,
}

impl HttpConnector for Recorder {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        self.uris.lock().expect("lock").push(request.uri().to_owned());
        let body = SdkBody::from(r#"{"TableNames":[]}"#);
        HttpConnectorFuture::ready(Ok(Response::new(StatusCode::try_from(200).expect("status"), body)))
    }
}

impl HttpClient for Recorder {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

fn credentials(account: Option<&str>) -> Credentials {
    let builder = Credentials::builder().access_key_id("AKIDEXAMPLE").secret_access_key("secret").provider_name("e2e");
    match account {
        Some(account) => builder.account_id(account).build(),
        None => builder.build(),
    }
}

/// Where `ListTables` went, or why it was not sent.
async fn list_tables_goes_to(account: Option<&str>, mode: Option<AccountIdEndpointMode>) -> Result<String, String> {
    let recorder = Recorder::default();
    let mut config = dynamodb::Config::builder()
        .behavior_version(dynamodb::config::BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials(account))
        .http_client(recorder.clone());
    if let Some(mode) = mode {
        config = config.account_id_endpoint_mode(mode);
    }
    let client = dynamodb::Client::from_conf(config.build());
    client.list_tables().send().await.map_err(|e| format!("{}", aws_smithy_types::error::display::DisplayErrorContext(e)))?;
    let uris = recorder.uris.lock().expect("lock").clone();
    assert_eq!(uris.len(), 1, "{uris:?}");
    Ok(uris[0].clone())
}

#[tokio::test]
async fn the_credentials_account_id_selects_the_account_endpoint() {
    let to = list_tables_goes_to(Some("111122223333"), None).await.expect("sent");
    assert_eq!(to, "https://111122223333.ddb.us-east-1.amazonaws.com/");
    println!("ListTables with account 111122223333 in the credentials -> {to}");

    let to = list_tables_goes_to(Some("111122223333"), Some(AccountIdEndpointMode::Disabled)).await.expect("sent");
    assert_eq!(to, "https://dynamodb.us-east-1.amazonaws.com/");
    println!("the same with account_id_endpoint_mode(disabled) -> {to}");

    let to = list_tables_goes_to(None, None).await.expect("sent");
    assert_eq!(to, "https://dynamodb.us-east-1.amazonaws.com/");
    println!("ListTables without an account id (mode preferred) -> {to}");

    let refused = list_tables_goes_to(None, Some(AccountIdEndpointMode::Required)).await.expect_err("not sent");
    assert!(refused.contains("AccountIdEndpointMode is required but no AccountID was provided"), "{refused}");
    println!("without an account id, mode required -> not sent: {refused}");
}
