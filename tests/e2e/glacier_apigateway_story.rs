// End-to-end stories of two services with per-service rules, written against client crates
// generated from the AWS models of S3 Glacier (`glacier`) and API Gateway (`apigateway`), both
// restJson1: Glacier's account id left unset (sent as `-`), its version and body-hash headers,
// and API Gateway's `Accept` header, with the ids each call returns passed to the next.
// `include!`d like the other stories (see tests/e2e/aws-models.sh).

pub use rules_e2e::{run_apigateway_story, run_glacier_story};

/// The stories' steps.
pub mod rules_e2e {
    use super::moto::Access;
    use super::{apigateway, glacier};

    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {err}\n{err:?}"),
        }
    }

    // moto cannot check the signature of a request without a body (GET, PUT or DELETE without
    // one) for these services: it hashes its own encoding of the request's parameters in place of
    // the empty payload (see lambda_story.rs). Those steps run through `Access::unverified`;
    // every request with a body stays checked.

    /// Transcript note of a step run through `Access::unverified`.
    const NOT_CHECKED: &str = "(requests without a body: signatures not checked, moto cannot)";

    /// S3 Glacier: vaults and an archive, with no account id set anywhere.
    pub async fn run_glacier_story(access: &Access) -> Vec<String> {
        let mut t = Vec::new();
        let config = glacier::Config::builder()
            .behavior_version(glacier::config::BehaviorVersion::latest())
            .region(glacier::config::Region::new("us-east-1"))
            .endpoint_url(access.endpoint())
            .credentials_provider(glacier::config::Credentials::new(access.access_key_id(), access.secret_access_key(), None, None, "e2e"))
            .build();
        let client = glacier::Client::from_conf(config);
        let created = expect_ok("CreateVault", access.unverified(client.create_vault().vault_name("e2e-vault").send()).await);
        t.push(format!("CreateVault e2e-vault (no account id: `-`) -> {} {NOT_CHECKED}", created.location().unwrap_or("-")));

        let body = glacier::primitives::ByteStream::from(b"an archive for the story".to_vec());
        let uploaded = expect_ok("UploadArchive", client.upload_archive().vault_name("e2e-vault").body(body).send().await);
        let archive = uploaded.archive_id().expect("an archive id").to_owned();
        t.push(format!("UploadArchive (tree hash and SHA-256 computed by the client) -> archive {archive}"));

        let vaults = expect_ok("ListVaults", access.unverified(client.list_vaults().send()).await);
        assert!(vaults.vault_list().iter().any(|v| v.vault_name() == Some("e2e-vault")), "{vaults:?}");
        t.push(format!("ListVaults -> {} vault(s), e2e-vault among them {NOT_CHECKED}", vaults.vault_list().len()));

        expect_ok("DeleteArchive", access.unverified(client.delete_archive().vault_name("e2e-vault").archive_id(&archive).send()).await);
        expect_ok("DeleteVault", access.unverified(client.delete_vault().vault_name("e2e-vault").send()).await);
        let vaults = expect_ok("ListVaults", access.unverified(client.list_vaults().send()).await);
        assert!(!vaults.vault_list().iter().any(|v| v.vault_name() == Some("e2e-vault")), "{vaults:?}");
        t.push(format!("DeleteArchive {archive}; DeleteVault; ListVaults -> e2e-vault gone {NOT_CHECKED}"));
        t
    }

    /// API Gateway: a REST API and a resource under its root.
    pub async fn run_apigateway_story(access: &Access) -> Vec<String> {
        let mut t = Vec::new();
        let config = apigateway::Config::builder()
            .behavior_version(apigateway::config::BehaviorVersion::latest())
            .region(apigateway::config::Region::new("us-east-1"))
            .endpoint_url(access.endpoint())
            .credentials_provider(apigateway::config::Credentials::new(access.access_key_id(), access.secret_access_key(), None, None, "e2e"))
            .build();
        let client = apigateway::Client::from_conf(config);
        let api = expect_ok("CreateRestApi", client.create_rest_api().name("e2e-pets").send().await);
        let api_id = api.id().expect("an API id").to_owned();
        t.push(format!("CreateRestApi e2e-pets -> {api_id}"));

        let apis = expect_ok("GetRestApis", access.unverified(client.get_rest_apis().send()).await);
        assert!(apis.items().iter().any(|a| a.id() == Some(api_id.as_str())), "{apis:?}");
        let resources = expect_ok("GetResources", access.unverified(client.get_resources().rest_api_id(&api_id).send()).await);
        let root = resources.items().iter().find(|r| r.path() == Some("/")).and_then(|r| r.id()).expect("the root resource").to_owned();
        t.push(format!("GetRestApis finds {api_id}; GetResources {api_id} -> root {root} {NOT_CHECKED}"));

        let pets = expect_ok("CreateResource", client.create_resource().rest_api_id(&api_id).parent_id(&root).path_part("pets").send().await);
        assert_eq!(pets.path(), Some("/pets"));
        t.push(format!("CreateResource pets under {root} -> {} /pets", pets.id().unwrap_or("-")));

        expect_ok("DeleteRestApi", access.unverified(client.delete_rest_api().rest_api_id(&api_id).send()).await);
        let gone = access.unverified(client.get_rest_api().rest_api_id(&api_id).send()).await.expect_err("the API is gone");
        assert!(gone.into_service_error().is_not_found_exception());
        t.push(format!("DeleteRestApi {api_id}; GetRestApi -> NotFoundException {NOT_CHECKED}"));
        t
    }
}
