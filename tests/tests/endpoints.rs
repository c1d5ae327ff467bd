//! Endpoint resolution through the generated Cognito client: the model's rules pick the host
//! from the region, FIPS and dual-stack settings; a rule's error stops the call before anything
//! is sent; a user's own resolver receives the typed `Params` and decides where requests go.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cognito::config::endpoint::{DefaultResolver, Endpoint, EndpointFuture, Params, ResolveEndpoint};
use cognito::error::{DisplayErrorContext, SdkError};
use cognito_identity_provider as cognito;

#[path = "common/stub.rs"]
mod stub;
use stub::{http, Stub};

fn resolve(params: Params) -> Result<String, String> {
    let resolver = DefaultResolver::new();
    let future = resolver.resolve_endpoint(&params);
    smithy_client_runtime::endpoint::testing::now(future).map(|e| e.url().to_owned()).map_err(|e| e.to_string())
}

#[test]
fn the_rules_choose_the_host_from_region_fips_and_dual_stack() {
    let params = |region: &str, fips: bool, dual: bool| Params::builder().region(region).use_fips(fips).use_dual_stack(dual).build().expect("valid");
    assert_eq!(resolve(params("eu-west-1", false, false)).as_deref(), Ok("https://cognito-idp.eu-west-1.amazonaws.com"));
    assert_eq!(resolve(params("us-east-1", true, false)).as_deref(), Ok("https://cognito-idp-fips.us-east-1.amazonaws.com"));
    assert_eq!(resolve(params("us-west-2", false, true)).as_deref(), Ok("https://cognito-idp.us-west-2.api.aws"));
    assert_eq!(resolve(params("cn-north-1", false, false)).as_deref(), Ok("https://cognito-idp.cn-north-1.amazonaws.com.cn"));
    assert_eq!(resolve(params("us-gov-west-1", false, false)).as_deref(), Ok("https://cognito-idp.us-gov-west-1.amazonaws.com"));
    let missing = Params::builder().build().expect("no parameter is required");
    assert_eq!(missing.use_fips(), Some(false), "defaults apply at build()");
    assert!(resolve(missing).is_err_and(|e| e.contains("Missing Region")));
}

#[test]
fn config_keeps_the_endpoint_settings() {
    let conf = cognito::Config::builder().use_fips(true).use_dual_stack(false).build();
    assert_eq!((conf.use_fips(), conf.use_dual_stack()), (Some(true), Some(false)));
    let conf = cognito::Config::builder().build();
    assert_eq!((conf.use_fips(), conf.use_dual_stack()), (None, None));
}

fn credentials() -> cognito::config::Credentials {
    cognito::config::Credentials::new("AKIDTEST", "SECRETTEST", None, None, "test")
}

#[tokio::test]
async fn a_rule_error_fails_the_call_before_anything_is_sent() {
    let stub = Stub::new(http(200, &[], "{}"));
    let conf = cognito::Config::builder()
        .region(cognito::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{}", stub.addr))
        .use_fips(true)
        .credentials_provider(credentials())
        .build();
    let client = cognito::Client::from_conf(conf);
    let err = client.list_users().user_pool_id("us-east-1_x").send().await.expect_err("FIPS with a custom endpoint is an error");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let text = format!("{}", DisplayErrorContext(&err));
    assert!(text.contains("Invalid Configuration: FIPS and custom endpoint are not supported"), "{text}");
    assert_eq!(stub.requests().len(), 0, "nothing was sent");
}

/// A resolver of the user's own: it records the parameters and sends every request to the stub.
#[derive(Debug, Clone)]
struct ToStub {
    url: String,
    seen: Arc<Mutex<Vec<Params>>>,
}

impl ResolveEndpoint for ToStub {
    fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
        self.seen.lock().expect("lock").push(params.clone());
        let endpoint = Endpoint::builder().url(self.url.clone()).header("x-chosen-by", "my-resolver").build();
        EndpointFuture::ready(Ok(endpoint))
    }
}

#[tokio::test]
async fn a_custom_resolver_gets_the_params_and_decides_the_endpoint() {
    let stub = Stub::new(http(200, &[("Content-Type", "application/x-amz-json-1.1")], r#"{"Users":[]}"#));
    let resolver = ToStub { url: format!("http://{}/custom-base", stub.addr), seen: Arc::default() };
    let conf = cognito::Config::builder()
        .region(cognito::config::Region::new("eu-central-1"))
        .use_dual_stack(true)
        .credentials_provider(credentials())
        .endpoint_resolver(resolver.clone())
        .build();
    let client = cognito::Client::from_conf(conf);
    let call = client.list_users().user_pool_id("eu-central-1_x").send();
    let output = tokio::time::timeout(Duration::from_secs(20), call).await.expect("no hang").expect("the stub answers");
    assert_eq!(output.users().len(), 0);
    let seen = resolver.seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].region(), Some("eu-central-1"));
    assert_eq!((seen[0].use_fips(), seen[0].use_dual_stack(), seen[0].endpoint()), (Some(false), Some(true), None));
    let requests = stub.requests();
    let head = String::from_utf8_lossy(&requests[0]).to_lowercase();
    assert!(head.starts_with("post /custom-base/ http/1.1"), "{head}");
    assert!(head.contains("x-chosen-by: my-resolver"), "{head}");
}

/// An `operationContextParams` path the generator cannot bind (here nested far too deep) is left
/// out with a warning naming the operation and the parameter; it never overflows the stack.
#[test]
fn an_unbindable_context_path_is_a_warning() {
    let rules = serde_json::json!({
        "version": "1.0",
        "parameters": {"Names": {"type": "stringArray", "required": false}},
        "rules": [{"type": "error", "conditions": [], "error": "unused"}]
    });
    let deep = format!("{}Names{}", "[".repeat(100_000), "]".repeat(100_000));
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                "traits": {"aws.protocols#awsJson1_0": {}, "smithy.rules#endpointRuleSet": rules}},
            "ex#Op": {"type": "operation", "input": {"target": "ex#In"},
                "traits": {"smithy.rules#operationContextParams": {"Names": {"path": deep}}}},
            "ex#In": {"type": "structure", "members": {"names": {"target": "ex#List"}}},
            "ex#List": {"type": "list", "member": {"target": "smithy.api#String"}}
        }
    });
    let settings = smithy_codegen::Settings { crate_name: "deep".into(), ..Default::default() };
    let c = smithy_codegen::lower_model("deep.json", &model.to_string(), &settings).unwrap_or_else(|e| panic!("{e}"));
    assert!(c.warnings.iter().any(|w| w.contains("Op") && w.contains("`Names`") && w.contains("deeper")), "{:?}", c.warnings);
}
