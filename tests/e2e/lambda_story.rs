// The end-to-end Lambda story, written against a client crate generated from the AWS Lambda
// model and imported as `lambda`. It is `include!`d at module level by a test file that first does
// `use <generated crate> as lambda;` (see tests/e2e/aws-models.sh). It uses only what moto serves
// without Docker: functions are created and read, never invoked.

pub use lambda_e2e::run_lambda_story;

/// The story's steps and helpers.
pub mod lambda_e2e {
    use super::lambda;
    use lambda::error::{DisplayErrorContext, ProvideErrorMetadata};
    use lambda::primitives::Blob;
    use lambda::types::{FunctionCode, Runtime};
    use std::io::{Read as _, Write as _};

    const ROLE: &str = "e2e-lambda-role";
    const FUNCTIONS: [&str; 3] = ["e2e-story-a", "e2e-story-b", "e2e-story-c"];
    /// A zip archive holding `index.py` with a `handler` function.
    const HANDLER_ZIP: &[u8] = include_bytes!("fixtures/handler.zip");

    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {}\n{err:?}", DisplayErrorContext(&err)),
        }
    }

    /// moto only creates functions whose execution role exists. IAM speaks awsQuery, which this
    /// test does not need a client for: the role is created with one plain form POST.
    fn create_role(endpoint: &str) -> String {
        let authority = endpoint.trim_start_matches("http://");
        let policy = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        let body = format!("Action=CreateRole&Version=2010-05-08&RoleName={ROLE}&AssumeRolePolicyDocument={policy}");
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream = std::net::TcpStream::connect(authority).expect("connect to moto");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).expect("read timeout");
        stream.write_all(request.as_bytes()).expect("send CreateRole");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read CreateRole's response");
        assert!(response.starts_with("HTTP/1.1 200"), "CreateRole failed: {response}");
        let arn = response.split("<Arn>").nth(1).and_then(|s| s.split("</Arn>").next()).expect("the role's ARN");
        arn.to_owned()
    }

    /// Runs the story against `endpoint` and returns one transcript line per step.
    pub async fn run_lambda_story(endpoint: &str) -> Vec<String> {
        let mut t = Vec::new();
        let config = lambda::Config::builder()
            .behavior_version(lambda::config::BehaviorVersion::latest())
            .region(lambda::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(lambda::config::Credentials::new("AKIDTEST", "lambda-story-secret", None, None, "e2e"))
            .build();
        let client = lambda::Client::from_conf(config);
        t.push(format!("Client::from_conf -> endpoint {endpoint}"));

        let listed = expect_ok("ListFunctions", client.list_functions().send().await);
        assert!(listed.functions().is_empty(), "{:?}", listed.functions());
        t.push("ListFunctions on a new account -> 0 functions".to_owned());

        let role = create_role(endpoint);
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
        t.push(format!("CreateFunction x{} from {} bytes of zip (role {role}) -> created", FUNCTIONS.len(), HANDLER_ZIP.len()));

        let mut pages = client.list_functions().max_items(1).into_paginator().send();
        let mut page_count = 0;
        let mut names = Vec::new();
        while let Some(page) = pages.next().await {
            let page = expect_ok("ListFunctions page", page);
            page_count += 1;
            names.extend(page.functions().iter().filter_map(|f| f.function_name().map(str::to_owned)));
            assert!(page_count <= 10, "the paginator does not stop");
        }
        names.sort();
        assert_eq!(names, FUNCTIONS.to_vec());
        let items = client.list_functions().max_items(2).into_paginator().items().send();
        let all: Vec<_> = items.collect::<Vec<_>>().await;
        assert_eq!(all.len(), FUNCTIONS.len());
        t.push(format!("ListFunctions max_items 1, pages paginator -> {page_count} pages {names:?}; items paginator -> {} functions", all.len()));

        let got = expect_ok("GetFunction", client.get_function().function_name(FUNCTIONS[1]).send().await);
        let configuration = got.configuration().expect("the function's configuration");
        assert_eq!(configuration.handler(), Some("index.handler"));
        assert_eq!(configuration.timeout(), Some(10));
        assert_eq!(configuration.description(), Some("created by the end-to-end story"));
        t.push(format!("GetFunction {} -> handler index.handler, timeout 10 s, code at {}", FUNCTIONS[1], got.code().and_then(|c| c.repository_type()).unwrap_or("-")));

        let missing = client.get_function().function_name("e2e-story-missing").send().await;
        let err = missing.expect_err("there is no such function");
        let service = err.into_service_error();
        assert!(service.is_resource_not_found_exception(), "{service:?}");
        assert_eq!(service.code(), Some("ResourceNotFoundException"));
        t.push("GetFunction e2e-story-missing -> ResourceNotFoundException, seen by is_*() and code()".to_owned());

        for name in FUNCTIONS {
            expect_ok("DeleteFunction", client.delete_function().function_name(name).send().await);
        }
        let listed = expect_ok("ListFunctions", client.list_functions().send().await);
        assert!(listed.functions().is_empty());
        t.push(format!("DeleteFunction x{} -> ListFunctions shows 0 functions", FUNCTIONS.len()));
        t
    }
}
