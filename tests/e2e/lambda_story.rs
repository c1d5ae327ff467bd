// The end-to-end Lambda story, written against a client crate generated from the AWS Lambda
// model and imported as `lambda`. It is `include!`d at module level by a test file that first does
// `use <generated crate> as lambda;` (see tests/e2e/aws-models.sh). It uses only what moto serves
// without Docker: functions are created and read, never invoked. The includer needs `mod moto`
// (tests/e2e/moto.rs) at its root.

pub use lambda_e2e::run_lambda_story;

/// The story's steps and helpers.
pub mod lambda_e2e {
    use super::lambda;
    use super::moto::Access;
    use lambda::error::{DisplayErrorContext, ProvideErrorMetadata};
    use lambda::primitives::Blob;
    use lambda::types::{FunctionCode, Runtime};

    const ROLE: &str = "e2e-lambda-role";
    const FUNCTIONS: [&str; 3] = ["e2e-story-a", "e2e-story-b", "e2e-story-c"];
    /// A zip archive holding `index.py` with a `handler` function.
    const HANDLER_ZIP: &[u8] = include_bytes!("fixtures/handler.zip");
    /// Transcript note of a step run through `Access::unverified`.
    const NOT_CHECKED: &str = "(requests without a body: signatures not checked, moto cannot; see lambda_story.rs)";

    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {}\n{err:?}", DisplayErrorContext(&err)),
        }
    }

    // moto cannot check the signature of a Lambda request without a body (GET, DELETE): where
    // the body is empty, its check hashes in its place the form encoding of the request's parsed
    // parameters (or of its headers when there are none), so the payload hash of its canonical
    // request is wrong and even botocore's own signature fails with SignatureDoesNotMatch (it
    // would use a signed `X-Amz-Content-SHA256` header instead, which S3 requests carry and
    // Lambda's need not). Those steps run through `Access::unverified`; every request with a
    // body stays checked.

    /// Runs the story against `access`'s endpoint, signing with its key, and returns one
    /// transcript line per step.
    pub async fn run_lambda_story(access: &Access) -> Vec<String> {
        let mut t = Vec::new();
        let endpoint = access.endpoint();
        let config = lambda::Config::builder()
            .behavior_version(lambda::config::BehaviorVersion::latest())
            .region(lambda::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(lambda::config::Credentials::new(access.access_key_id(), access.secret_access_key(), None, None, "e2e"))
            .build();
        let client = lambda::Client::from_conf(config);
        t.push(format!("Client::from_conf -> endpoint {endpoint}, key {}", access.access_key_id()));

        let listed = expect_ok("ListFunctions", access.unverified(client.list_functions().send()).await);
        assert!(listed.functions().is_empty(), "{:?}", listed.functions());
        t.push(format!("ListFunctions on a new account -> 0 functions {NOT_CHECKED}"));

        // moto only creates functions whose execution role exists; IAM is not among the
        // generated crates, so boto3 creates it (signed with the same key, checked by moto).
        let role = access.create_role(ROLE);
        for name in FUNCTIONS {
            let created = expect_ok(
                "CreateFunction",
                client
                    .create_function()
                    .function_name(name)
                    .runtime(Runtime::Python312)
                    .role(&role)
                    .handler("index.handler")
                    .code(FunctionCode::builder().zip_file(Blob::new(HANDLER_ZIP)).build())
                    .description("created by the end-to-end story")
                    .timeout(10)
                    .send()
                    .await,
            );
            assert_eq!(created.function_name(), Some(name));
            assert_eq!(created.runtime(), Some(&Runtime::Python312));
            assert!(created.function_arn().is_some_and(|arn| arn.ends_with(name)));
        }
        t.push(format!(
            "CreateFunction x{} from {} bytes of zip (role {role}, created with boto3) -> created",
            FUNCTIONS.len(),
            HANDLER_ZIP.len()
        ));

        let pages = access.unverified(async {
            let mut pages = client.list_functions().max_items(1).into_paginator().send();
            let mut collected = Vec::new();
            while let Some(page) = pages.next().await {
                collected.push(page);
                assert!(collected.len() <= 10, "the paginator does not stop");
            }
            collected
        })
        .await;
        let page_count = pages.len();
        let mut names = Vec::new();
        for page in pages {
            let page = expect_ok("ListFunctions page", page);
            names.extend(page.functions().iter().filter_map(|f| f.function_name().map(str::to_owned)));
        }
        names.sort();
        assert_eq!(names, FUNCTIONS.to_vec());
        let items = client.list_functions().max_items(2).into_paginator().items().send();
        let all: Vec<_> = access.unverified(items.collect::<Vec<_>>()).await;
        assert_eq!(all.len(), FUNCTIONS.len());
        t.push(format!(
            "ListFunctions max_items 1, pages paginator -> {page_count} pages {names:?}; items paginator -> {} functions {NOT_CHECKED}",
            all.len()
        ));

        let got = expect_ok("GetFunction", access.unverified(client.get_function().function_name(FUNCTIONS[1]).send()).await);
        let configuration = got.configuration().expect("the function's configuration");
        assert_eq!(configuration.handler(), Some("index.handler"));
        assert_eq!(configuration.timeout(), Some(10));
        assert_eq!(configuration.description(), Some("created by the end-to-end story"));
        t.push(format!(
            "GetFunction {} -> handler index.handler, timeout 10 s, code at {} {NOT_CHECKED}",
            FUNCTIONS[1],
            got.code().and_then(|c| c.repository_type()).unwrap_or("-")
        ));

        let missing = access.unverified(client.get_function().function_name("e2e-story-missing").send()).await;
        let err = missing.expect_err("there is no such function");
        let service = err.into_service_error();
        assert!(service.is_resource_not_found_exception(), "{service:?}");
        assert_eq!(service.code(), Some("ResourceNotFoundException"));
        t.push(format!("GetFunction e2e-story-missing -> ResourceNotFoundException, seen by is_*() and code() {NOT_CHECKED}"));

        for name in FUNCTIONS {
            expect_ok("DeleteFunction", access.unverified(client.delete_function().function_name(name).send()).await);
        }
        let listed = expect_ok("ListFunctions", access.unverified(client.list_functions().send()).await);
        assert!(listed.functions().is_empty());
        t.push(format!("DeleteFunction x{} -> ListFunctions shows 0 functions {NOT_CHECKED}", FUNCTIONS.len()));
        t
    }
}
