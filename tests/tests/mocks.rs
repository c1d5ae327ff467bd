//! aws-smithy-mocks against generated crates, used exactly as with the official AWS crates:
//! `mock!` rules on fluent calls, `mock_client!` building a client with test defaults, the
//! mock HTTP client and the mock interceptor, which reads the typed input before serialization
//! and replaces the output or error at attempt completion.

use std::time::Duration;

use aws_smithy_mocks::{mock, mock_client, RuleMode};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use bookstore::operation::get_book::{GetBookError, GetBookOutput};
use bookstore::types::error::BookNotFound;

/// The bookstore has no default endpoint: its users name one, and so do its tests.
fn bookstore_endpoint(conf: bookstore::config::Builder) -> bookstore::config::Builder {
    conf.endpoint_url("https://bookstore.example")
}

/// The endpoint, and retries without waiting a second between attempts.
fn quick_retries(conf: bookstore::config::Builder) -> bookstore::config::Builder {
    bookstore_endpoint(conf).retry_config(bookstore::config::retry::RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
}

#[tokio::test]
async fn a_rule_matches_on_the_typed_input_and_its_output_is_what_send_returns() {
    let found = mock!(bookstore::Client::get_book)
        .match_requests(|input| input.book_id() == Some("b-1"))
        .then_output(|| GetBookOutput::builder().etag("\"v1\"").build());
    let client = mock_client!(bookstore, RuleMode::Sequential, [&found], bookstore_endpoint);
    let output = client.get_book().book_id("b-1").send().await.expect("the mocked output");
    assert_eq!(output.etag(), Some("\"v1\""));
    assert_eq!(found.num_calls(), 1);
}

#[tokio::test]
async fn a_mocked_error_arrives_as_the_operation_error() {
    let missing = mock!(bookstore::Client::get_book)
        .then_error(|| GetBookError::BookNotFound(BookNotFound::builder().message("no such book").build()));
    let client = mock_client!(bookstore, RuleMode::Sequential, [&missing], bookstore_endpoint);
    let err = client.get_book().book_id("b-2").send().await.expect_err("the mocked error");
    let SdkError::ServiceError(service) = &err else { panic!("not a service error: {err:?}") };
    assert!(service.err().is_book_not_found(), "{err:?}");
    let GetBookError::BookNotFound(missing) = err.into_service_error() else { panic!("another variant") };
    assert_eq!(missing.message(), Some("no such book"));
}

#[tokio::test]
async fn an_http_response_is_deserialized_like_a_real_one() {
    let missing = mock!(bookstore::Client::get_book)
        .then_http_response(|| {
            HttpResponse::new(
                StatusCode::try_from(404).expect("status"),
                SdkBody::from(r#"{"message":"gone"}"#),
            )
        });
    let client = mock_client!(bookstore, RuleMode::Sequential, [&missing], bookstore_endpoint);
    let err = client.get_book().book_id("b-3").send().await.expect_err("a 404");
    let status = err.raw_response().map(|r| r.status().as_u16());
    assert_eq!(status, Some(404), "{err:?}");
}

#[tokio::test]
async fn retried_503s_then_an_output() {
    let flaky = mock!(bookstore::Client::get_book)
        .sequence()
        .http_status(503, None)
        .times(2)
        .output(|| GetBookOutput::builder().etag("\"after-retries\"").build())
        .build();
    let client = mock_client!(bookstore, RuleMode::Sequential, [&flaky], quick_retries);
    let output = client.get_book().book_id("b-4").send().await.expect("the third attempt succeeds");
    assert_eq!(output.etag(), Some("\"after-retries\""));
    assert_eq!(flaky.num_calls(), 3);
}

#[tokio::test]
async fn match_any_picks_the_rule_that_matches() {
    let one = mock!(bookstore::Client::get_book)
        .match_requests(|input| input.book_id() == Some("one"))
        .then_output(|| GetBookOutput::builder().etag("1").build());
    let two = mock!(bookstore::Client::get_book)
        .match_requests(|input| input.book_id() == Some("two"))
        .then_output(|| GetBookOutput::builder().etag("2").build());
    let client = mock_client!(bookstore, RuleMode::MatchAny, [&one, &two], bookstore_endpoint);
    let second = client.get_book().book_id("two").send().await.expect("rule two");
    let first = client.get_book().book_id("one").send().await.expect("rule one");
    assert_eq!((first.etag(), second.etag()), (Some("1"), Some("2")));
    assert_eq!((one.num_calls(), two.num_calls()), (1, 1));
}

mod cognito {
    use super::*;
    use cognito_identity_provider as cip;
    use cip::operation::list_users::{ListUsersError, ListUsersOutput};
    use cip::types::error::ResourceNotFoundException;

    #[tokio::test]
    async fn an_aws_json_operation_mocked_both_ways() {
        let listed = mock!(cip::Client::list_users)
            .match_requests(|input| input.user_pool_id() == Some("pool-1"))
            .then_output(|| ListUsersOutput::builder().pagination_token("next").build());
        let missing = mock!(cip::Client::list_users)
            .then_error(|| ListUsersError::ResourceNotFoundException(ResourceNotFoundException::builder().message("no pool").build()));
        let client = mock_client!(cip, RuleMode::Sequential, [&listed, &missing]);
        let output = client.list_users().user_pool_id("pool-1").send().await.expect("listed");
        assert_eq!(output.pagination_token(), Some("next"));
        let err = client.list_users().user_pool_id("pool-2").send().await.expect_err("missing");
        assert!(err.into_service_error().is_resource_not_found_exception());
    }
}
