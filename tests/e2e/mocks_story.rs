//! aws-smithy-mocks against the crates generated from the real AWS models (S3, DynamoDB and
//! Cognito user pools in ../shared/models), written the way tests of code using the official
//! aws-sdk-* crates are written: `mock!` rules on fluent calls, `mock_client!`, rule sequences
//! with retried 503s, mocked HTTP responses read by the real deserializers, request ids through
//! `aws_types::request_id::RequestId`, `customize()`, and the waiters polling mocked answers
//! under a test clock. Run by the scratch project of tests/e2e/aws-models.sh (no server needed).

use std::time::{Duration, UNIX_EPOCH};

use aws_smithy_async::test_util::instant_time_and_sleep;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;
use aws_types::request_id::RequestId;

use cognito_full as cognito;
use dynamodb_full as dynamodb;
use s3_client as s3;

mod dynamodb_mocks {
    use super::*;
    use dynamodb::client::Waiters;
    use dynamodb::operation::describe_table::{DescribeTableError, DescribeTableOutput};
    use dynamodb::operation::get_item::GetItemOutput;
    use dynamodb::types::error::ResourceNotFoundException;
    use dynamodb::types::{AttributeValue, TableDescription, TableStatus};

    fn table(status: TableStatus) -> DescribeTableOutput {
        DescribeTableOutput::builder().table(TableDescription::builder().table_name("books").table_status(status).build()).build()
    }

    /// Retries and waiters run without waiting: the sleeps move a test clock instead.
    fn test_clock(conf: dynamodb::config::Builder) -> dynamodb::config::Builder {
        let (time, sleep) = instant_time_and_sleep(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        conf.time_source(time).sleep_impl(sleep)
    }

    #[tokio::test]
    async fn get_item_answers_from_a_rule_that_reads_the_typed_input() {
        let item = mock!(dynamodb::Client::get_item)
            .match_requests(|input| input.table_name() == Some("books") && input.key().is_some_and(|k| k.contains_key("id")))
            .then_output(|| GetItemOutput::builder().item("title", AttributeValue::S("Dune".into())).build());
        let client = mock_client!(dynamodb, RuleMode::Sequential, [&item]);
        let output = client
            .get_item()
            .table_name("books")
            .key("id", AttributeValue::S("b-1".into()))
            .send()
            .await
            .expect("the mocked item");
        assert_eq!(output.item().and_then(|i| i.get("title")), Some(&AttributeValue::S("Dune".into())));
        assert_eq!(item.num_calls(), 1);
    }

    #[tokio::test]
    async fn two_503s_are_retried_then_the_output_arrives() {
        let flaky = mock!(dynamodb::Client::get_item)
            .sequence()
            .http_status(503, None)
            .times(2)
            .output(|| GetItemOutput::builder().build())
            .build();
        let client = mock_client!(dynamodb, RuleMode::Sequential, [&flaky], test_clock);
        client.get_item().table_name("books").send().await.expect("the third attempt succeeds");
        assert_eq!(flaky.num_calls(), 3);
    }

    #[tokio::test]
    async fn table_exists_polls_through_not_found_and_creating_until_active() {
        let polls = mock!(dynamodb::Client::describe_table)
            .sequence()
            .error(|| {
                // A waiter matches errors by code, as the service's response carries it.
                let meta = ErrorMetadata::builder().code("ResourceNotFoundException").message("not yet").build();
                DescribeTableError::ResourceNotFoundException(ResourceNotFoundException::builder().message("not yet").meta(meta).build())
            })
            .output(|| table(TableStatus::Creating))
            .output(|| table(TableStatus::Active))
            .build();
        let client = mock_client!(dynamodb, RuleMode::Sequential, [&polls], test_clock);
        let done = client
            .wait_until_table_exists()
            .table_name("books")
            .wait(Duration::from_secs(600))
            .await
            .expect("the table becomes active");
        let output = done.as_result().expect("the last poll succeeded");
        assert_eq!(output.table().and_then(|t| t.table_status()), Some(&TableStatus::Active));
        assert_eq!(polls.num_calls(), 3);
    }

    #[tokio::test]
    async fn a_table_that_never_becomes_active_exceeds_the_maximum_wait() {
        let creating = mock!(dynamodb::Client::describe_table).then_output(|| table(TableStatus::Creating));
        let client = mock_client!(dynamodb, RuleMode::MatchAny, [&creating], test_clock);
        let err = client
            .wait_until_table_exists()
            .table_name("books")
            .wait(Duration::from_secs(120))
            .await
            .expect_err("it never becomes active");
        assert!(matches!(err, dynamodb::waiters::table_exists::WaitUntilTableExistsError::ExceededMaxWait(_)), "{err:?}");
        assert!(creating.num_calls() >= 2, "{} polls", creating.num_calls());
    }

    #[tokio::test]
    async fn a_ten_minute_wait_runs_instantly_on_a_test_clock_and_stops_a_minimum_delay_short() {
        use dynamodb::waiters::table_exists::WaitUntilTableExistsError;
        let creating = mock!(dynamodb::Client::describe_table).then_output(|| table(TableStatus::Creating));
        let client = mock_client!(dynamodb, RuleMode::MatchAny, [&creating], test_clock);
        let started = std::time::Instant::now();
        let err = client.wait_until_table_exists().table_name("books").wait(Duration::from_secs(600)).await.expect_err("never active");
        let WaitUntilTableExistsError::ExceededMaxWait(exceeded) = err else { panic!("{err:?}") };
        // Polls take no time on the test clock, and the last delay is trimmed so that the
        // minimum delay (20 s for TableExists) is left: the wait ends 580 s in.
        assert_eq!(exceeded.max_wait(), Duration::from_secs(600));
        assert_eq!(exceeded.elapsed(), Duration::from_secs(580), "{exceeded:?}");
        assert_eq!(exceeded.poll_count() as usize, creating.num_calls());
        // Delays of 20 s at the least and 120 s at the most: between 6 and 30 polls.
        assert!((6..=30).contains(&creating.num_calls()), "{} polls", creating.num_calls());
        assert!(started.elapsed() < Duration::from_secs(5), "the test clock did not sleep");
    }

    #[tokio::test]
    async fn destinations_all_disabled_end_in_the_failure_state() {
        use dynamodb::operation::describe_kinesis_streaming_destination::DescribeKinesisStreamingDestinationOutput;
        use dynamodb::types::{DestinationStatus, KinesisDataStreamDestination};
        use dynamodb::waiters::kinesis_streaming_destination_active::WaitUntilKinesisStreamingDestinationActiveError;
        let destination = |status| KinesisDataStreamDestination::builder().stream_arn("arn:aws:kinesis:us-east-1:1:stream/s").destination_status(status).build();
        let polls = mock!(dynamodb::Client::describe_kinesis_streaming_destination)
            .sequence()
            .output(move || DescribeKinesisStreamingDestinationOutput::builder().table_name("books").build())
            .output(move || {
                DescribeKinesisStreamingDestinationOutput::builder()
                    .table_name("books")
                    .kinesis_data_stream_destinations(destination(DestinationStatus::Disabled))
                    .kinesis_data_stream_destinations(destination(DestinationStatus::EnableFailed))
                    .build()
            })
            .build();
        let client = mock_client!(dynamodb, RuleMode::Sequential, [&polls], test_clock);
        let err = client
            .wait_until_kinesis_streaming_destination_active()
            .table_name("books")
            .wait(Duration::from_secs(600))
            .await
            .expect_err("every destination failed");
        // The first poll has no destinations (no acceptor matches: poll again); the second has
        // only DISABLED and ENABLE_FAILED ones, which the failure acceptor's expression matches.
        let WaitUntilKinesisStreamingDestinationActiveError::FailureState(failed) = err else { panic!("{err:?}") };
        let last = failed.final_poll().as_result().expect("the failing poll was an output");
        assert_eq!(last.kinesis_data_stream_destinations().len(), 2);
        assert_eq!(polls.num_calls(), 2);
    }

    #[tokio::test]
    async fn an_error_no_acceptor_expects_ends_the_wait_as_a_failed_operation() {
        use dynamodb::types::error::InternalServerError;
        use dynamodb::waiters::table_exists::WaitUntilTableExistsError;
        let broken = mock!(dynamodb::Client::describe_table).then_error(|| {
            let meta = ErrorMetadata::builder().code("InternalServerError").message("boom").build();
            DescribeTableError::InternalServerError(InternalServerError::builder().message("boom").meta(meta).build())
        });
        let client = mock_client!(dynamodb, RuleMode::MatchAny, [&broken], test_clock);
        let err = client.wait_until_table_exists().table_name("books").wait(Duration::from_secs(600)).await.expect_err("it fails");
        let WaitUntilTableExistsError::OperationFailed(failed) = err else { panic!("{err:?}") };
        let service = failed.error().as_service_error().expect("the service's error");
        assert!(matches!(service, DescribeTableError::InternalServerError(_)), "{service:?}");
        assert_eq!(broken.num_calls(), 1, "no second poll after an error no acceptor expects");
    }
}

mod s3_mocks {
    use super::*;
    use s3::client::Waiters;
    use s3::operation::get_object::GetObjectOutput;
    use s3::operation::head_object::HeadObjectError;
    use s3::operation::RequestIdExt;
    use s3::primitives::ByteStream;
    use s3::types::error::NotFound;

    #[tokio::test]
    async fn get_object_streams_the_mocked_body() {
        let object = mock!(s3::Client::get_object)
            .match_requests(|input| input.bucket() == Some("shelf") && input.key() == Some("dune.txt"))
            .then_output(|| GetObjectOutput::builder().body(ByteStream::from_static(b"a desert planet")).build());
        let client = mock_client!(s3, [&object]);
        let output = client.get_object().bucket("shelf").key("dune.txt").send().await.expect("the mocked object");
        let body = output.body.collect().await.expect("the body").into_bytes();
        assert_eq!(&body[..], b"a desert planet");
    }

    #[tokio::test]
    async fn a_mocked_error_keeps_its_variant() {
        let missing = mock!(s3::Client::head_object).then_error(|| HeadObjectError::NotFound(NotFound::builder().build()));
        let client = mock_client!(s3, [&missing]);
        let err = client.head_object().bucket("shelf").key("gone").send().await.expect_err("not found");
        assert!(err.into_service_error().is_not_found());
    }

    #[tokio::test]
    async fn request_ids_come_from_the_http_response() {
        let missing = mock!(s3::Client::head_object).then_http_response(|| {
            http::Response::builder()
                .status(404)
                .header("x-amz-request-id", "REQ-1")
                .header("x-amz-id-2", "EXT-1")
                .body(SdkBody::empty())
                .map(|r| HttpResponse::try_from(r).expect("response"))
                .expect("response")
        });
        let client = mock_client!(s3, [&missing]);
        let err = client.head_object().bucket("shelf").key("gone").send().await.expect_err("404");
        assert_eq!(err.request_id(), Some("REQ-1"));
        let err = err.into_service_error();
        assert!(err.is_not_found(), "{err:?}");
        assert_eq!(err.request_id(), Some("REQ-1"));
        assert_eq!(err.extended_request_id(), Some("EXT-1"));
    }

    #[tokio::test]
    async fn bucket_exists_succeeds_on_the_first_successful_head_bucket() {
        let head = mock!(s3::Client::head_bucket).then_output(|| s3::operation::head_bucket::HeadBucketOutput::builder().build());
        let client = mock_client!(s3, [&head]);
        client.wait_until_bucket_exists().bucket("shelf").wait(Duration::from_secs(60)).await.expect("it exists");
        assert_eq!(head.num_calls(), 1);
    }
}

mod cognito_mocks {
    use super::*;
    use cognito::operation::admin_get_user::AdminGetUserOutput;

    #[tokio::test]
    async fn a_modelled_error_from_an_http_response_with_its_request_id() {
        let denied = mock!(cognito::Client::initiate_auth).then_http_response(|| {
            let body = SdkBody::from(r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#);
            let mut response = HttpResponse::new(StatusCode::try_from(400).expect("status"), body);
            response.headers_mut().insert("x-amzn-requestid", "cognito-req-7");
            response
        });
        let client = mock_client!(cognito, [&denied]);
        let err = client.initiate_auth().client_id("app").send().await.expect_err("denied");
        assert_eq!(err.request_id(), Some("cognito-req-7"));
        let err = err.into_service_error();
        assert!(err.is_not_authorized_exception(), "{err:?}");
        assert_eq!(err.meta().message(), Some("Incorrect username or password."));
    }

    #[tokio::test]
    async fn customize_overrides_one_call_and_the_client_is_unchanged() {
        let user = mock!(cognito::Client::admin_get_user)
            .then_output(|| AdminGetUserOutput::builder().username("ana").build().expect("username is set"));
        let client = mock_client!(cognito, RuleMode::MatchAny, [&user]);
        let output = client
            .admin_get_user()
            .user_pool_id("eu-west-1_pool")
            .username("ana")
            .customize()
            .config_override(cognito::Config::builder().region(cognito::config::Region::new("eu-west-1")))
            .send()
            .await
            .expect("the mocked user");
        assert_eq!(output.username(), "ana");
        assert_eq!(client.config().region().map(|r| r.as_ref()), Some("us-east-1"));
    }
}
