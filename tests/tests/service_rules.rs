//! The per-service rules of the AWS SDKs, as the users of those services see them, on slices of
//! the services (model/aws-service-rules.json, keyed by the real services' shape ids). Each
//! test fails without its rule. Requests go to aws-smithy-http-client's `StaticReplayClient`,
//! which keeps what was sent.

use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;

const ENDPOINT: &str = "https://service.example";

fn response(status: u16, body: &str) -> http::Response<SdkBody> {
    http::Response::builder().status(status).body(SdkBody::from(body.to_owned())).expect("response")
}

fn replay(responses: Vec<http::Response<SdkBody>>) -> StaticReplayClient {
    let request = || http::Request::builder().uri(ENDPOINT).body(SdkBody::empty()).expect("request");
    StaticReplayClient::new(responses.into_iter().map(|r| ReplayEvent::new(request(), r)).collect())
}

fn paths(http: &StaticReplayClient) -> Vec<String> {
    http.actual_requests().map(|r| r.uri().to_owned()).map(|u| u.trim_start_matches(ENDPOINT).to_owned()).collect()
}

fn credentials() -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new("AKID", "SECRET", None, None, "test")
}

mod route53 {
    use super::*;
    use route53_rules::{Client, Config};

    fn client(http: &StaticReplayClient) -> Client {
        let config = Config::builder().endpoint_url(ENDPOINT).region(route53_rules::config::Region::new("us-east-1")).credentials_provider(credentials()).http_client(http.clone());
        Client::from_conf(config.build())
    }

    /// Ids as the service returns them go back as the URI wants them: the `/hostedzone/`,
    /// `/change/` and `/delegationset/` prefixes are left out of the labels, by target shape
    /// (`ResourceId`, `ChangeId`) and by member name (`ResourceId`); other labels are untouched.
    #[tokio::test]
    async fn returned_ids_are_trimmed_in_the_uri() {
        let roots = ["GetHostedZoneResponse", "GetHostedZoneResponse", "GetChangeResponse", "GetReusableDelegationSetResponse", "ListTagsForResourceResponse", "GetHealthCheckResponse"];
        let http = replay(roots.iter().map(|root| response(200, &format!("<{root}/>"))).collect());
        let client = client(&http);
        client.get_hosted_zone().id("/hostedzone/Z1D633PJN98FT9").send().await.expect("hosted zone");
        client.get_hosted_zone().id("Z1D633PJN98FT9").send().await.expect("bare id");
        client.get_change().id("/change/C2682N5HXP0BZ4").send().await.expect("change");
        client.get_reusable_delegation_set().id("/delegationset/N9INWVYQ6Q0FN").send().await.expect("delegation set");
        client.list_tags_for_resource().resource_type("hostedzone").resource_id("/hostedzone/Z1").send().await.expect("tags");
        client.get_health_check().health_check_id("/hostedzone/kept").send().await.expect("health check");
        assert_eq!(
            paths(&http),
            [
                "/2013-04-01/hostedzone/Z1D633PJN98FT9",
                "/2013-04-01/hostedzone/Z1D633PJN98FT9",
                "/2013-04-01/change/C2682N5HXP0BZ4",
                "/2013-04-01/delegationset/N9INWVYQ6Q0FN",
                "/2013-04-01/tags/hostedzone/Z1",
                "/2013-04-01/healthcheck/%2Fhostedzone%2Fkept",
            ]
        );
    }
}

mod s3 {
    use super::*;
    use s3_rules::{Client, Config};

    fn client(http: &StaticReplayClient) -> Client {
        let retry = s3_rules::config::retry::RetryConfig::standard().with_max_attempts(3).with_initial_backoff(std::time::Duration::from_millis(1));
        let config = Config::builder()
            .endpoint_url(ENDPOINT)
            .region(s3_rules::config::Region::new("us-east-1"))
            .credentials_provider(credentials())
            .retry_config(retry)
            .http_client(http.clone());
        Client::from_conf(config.build())
    }

    /// A 404 without a body is `NotFound` (`is_not_found()`), and another bodiless error
    /// takes its code from its status.
    #[tokio::test]
    async fn bodiless_errors_take_their_code_from_the_status() {
        use s3_rules::error::ProvideErrorMetadata;
        let http = replay(vec![response(404, ""), response(403, "")]);
        let client = client(&http);
        let missing = client.head_object().bucket("b").key("k").send().await.expect_err("404");
        let service = missing.into_service_error();
        assert!(service.is_not_found(), "{service:?}");
        assert_eq!(service.code(), Some("NotFound"));
        let denied = client.head_object().bucket("b").key("k").send().await.expect_err("403");
        assert_eq!(denied.into_service_error().code(), Some("Forbidden"));
    }

    /// `InternalError` in a 200 response (as `CompleteMultipartUpload` sends it) is retried.
    #[tokio::test]
    async fn internal_error_in_a_200_is_retried() {
        let error = "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>";
        let done = "<CompleteMultipartUploadResult><ETag>\"e\"</ETag></CompleteMultipartUploadResult>";
        let http = replay(vec![response(200, error), response(200, done)]);
        let out = client(&http).complete_multipart_upload().bucket("b").key("k").upload_id("u").send().await.expect("retried");
        assert_eq!(out.e_tag(), Some("\"e\""));
        assert_eq!(http.actual_requests().count(), 2);
    }

    /// `ListParts` stops on the page whose `IsTruncated` is false, though S3 puts a
    /// `NextPartNumberMarker` on every page.
    #[tokio::test]
    async fn list_parts_pages_by_is_truncated() {
        let page = |truncated: bool, part: u32| {
            format!("<ListPartsResult><IsTruncated>{truncated}</IsTruncated><NextPartNumberMarker>{part}</NextPartNumberMarker><Part><PartNumber>{part}</PartNumber></Part></ListPartsResult>")
        };
        let http = replay(vec![response(200, &page(true, 1)), response(200, &page(false, 2)), response(200, &page(false, 3))]);
        let parts: Vec<_> = client(&http).list_parts().bucket("b").key("k").upload_id("u").into_paginator().items().send().collect().await;
        let numbers: Vec<Option<i32>> = parts.into_iter().map(|p| p.expect("part").part_number()).collect();
        assert_eq!(numbers, [Some(1), Some(2)]);
        assert_eq!(http.actual_requests().count(), 2);
    }
}

/// EC2's primitives are optional, also where the model gives a default: unset stays unset.
#[test]
fn ec2_primitives_are_optional() {
    let out = ec2_rules::operation::describe_volume::DescribeVolumeOutput::builder().build();
    let (encrypted, size, iops): (Option<bool>, Option<i32>, Option<i32>) = (out.encrypted(), out.size(), out.iops());
    assert_eq!((encrypted, size, iops), (None, None, None));
    let input = ec2_rules::operation::describe_volume::DescribeVolumeInput::builder().build().expect("input");
    assert_eq!(input.dry_run(), None);
}

/// A service's own endpoint setting comes before the shared one: `AWS_ENDPOINT_URL_<SERVICE>`
/// through `Config::from_env()`, and the `SdkConfig`'s service configuration (what
/// `aws-config` loads from the same variable and the profile's `services` section).
#[test]
fn service_specific_endpoint_urls() {
    // The only test of this binary that touches the environment.
    std::env::set_var("AWS_ENDPOINT_URL", "http://shared.example");
    std::env::set_var("AWS_ENDPOINT_URL_ROUTE_53", "http://route53.example");
    let route53 = route53_rules::Config::from_env();
    let s3 = s3_rules::Config::from_env();
    std::env::remove_var("AWS_ENDPOINT_URL_ROUTE_53");
    std::env::remove_var("AWS_ENDPOINT_URL");
    assert_eq!(route53.endpoint_url(), Some("http://route53.example"));
    assert_eq!(s3.endpoint_url(), Some("http://shared.example"));

    #[derive(Debug)]
    struct PerService;
    impl aws_types::service_config::LoadServiceConfig for PerService {
        fn load_config(&self, key: aws_types::service_config::ServiceConfigKey<'_>) -> Option<String> {
            (key.service_id() == "Route 53" && key.profile() == "endpoint_url").then(|| "http://own.example".to_owned())
        }
    }
    let sdk = aws_types::SdkConfig::builder().endpoint_url("http://shared.example").service_config(PerService).build();
    assert_eq!(route53_rules::Config::new(&sdk).endpoint_url(), Some("http://own.example"));
    assert_eq!(s3_rules::Config::new(&sdk).endpoint_url(), Some("http://shared.example"));
}

mod dynamodb {
    use super::*;
    use aws_smithy_async::test_util::instant_time_and_sleep;
    use std::time::{Duration, UNIX_EPOCH};

    fn dynamodb(http: &StaticReplayClient, retry: Option<dynamodb_rules::config::retry::RetryConfig>) -> (dynamodb_rules::Client, aws_smithy_async::test_util::InstantSleep) {
        let (time, sleep) = instant_time_and_sleep(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let mut config = dynamodb_rules::Config::builder()
            .endpoint_url(ENDPOINT)
            .region(dynamodb_rules::config::Region::new("us-east-1"))
            .credentials_provider(credentials())
            .time_source(time)
            .sleep_impl(sleep.clone())
            .http_client(http.clone());
        if let Some(retry) = retry {
            config = config.retry_config(retry);
        }
        (dynamodb_rules::Client::from_conf(config.build()), sleep)
    }

    fn failing(n: usize, status: u16, code: &str) -> StaticReplayClient {
        let body = format!("{{\"__type\":\"{code}\"}}");
        replay((0..n).map(|_| response(status, &body)).collect())
    }

    /// Without a retry configuration: 4 attempts, server errors backing off from 25 ms (at most
    /// 25 + 50 + 100 ms in all), throttling from the standard 1 s.
    #[tokio::test]
    async fn retries_as_the_sdk_does_for_dynamodb() {
        let http = failing(4, 500, "InternalServerError");
        let (client, sleep) = dynamodb(&http, None);
        client.describe_limits().send().await.expect_err("fails");
        assert_eq!(http.actual_requests().count(), 4);
        assert!(sleep.total_duration() <= Duration::from_millis(175), "{:?}", sleep.total_duration());

        // A configured retry policy wins.
        let http = failing(2, 500, "InternalServerError");
        let (client, _) = dynamodb(&http, Some(dynamodb_rules::config::retry::RetryConfig::standard().with_max_attempts(2)));
        client.describe_limits().send().await.expect_err("fails");
        assert_eq!(http.actual_requests().count(), 2);
    }

    /// Throttling keeps the standard base: a wait over 175 ms is possible, and over many tries
    /// happens.
    #[tokio::test]
    async fn throttling_keeps_the_standard_backoff() {
        let mut longest = Duration::ZERO;
        for _ in 0..20 {
            let http = failing(4, 400, "ThrottlingException");
            let (client, sleep) = dynamodb(&http, None);
            client.describe_limits().send().await.expect_err("fails");
            assert_eq!(http.actual_requests().count(), 4);
            longest = longest.max(sleep.total_duration());
        }
        assert!(longest > Duration::from_millis(175), "{longest:?}");
    }
}

mod timestream {
    use super::*;
    use aws_smithy_async::test_util::instant_time_and_sleep;
    use std::time::{Duration, UNIX_EPOCH};

    fn endpoints(address: &str, minutes: u32) -> http::Response<SdkBody> {
        response(200, &format!("{{\"Endpoints\":[{{\"Address\":\"{address}\",\"CachePeriodInMinutes\":{minutes}}}]}}"))
    }

    /// `with_endpoint_discovery_enabled()` asks `DescribeEndpoints` (at the service's own
    /// endpoint) where calls go; every call then goes there, and a reload moves them to the
    /// endpoint discovered next.
    #[tokio::test]
    async fn calls_go_to_the_discovered_endpoint() {
        let http = replay(vec![
            endpoints("ingest-cell1.timestream.us-east-1.amazonaws.com", 1440),
            response(200, "{}"),
            endpoints("ingest-cell2.timestream.us-east-1.amazonaws.com", 1440),
            response(200, "{}"),
        ]);
        let (time, sleep) = instant_time_and_sleep(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let config = timestream_write_rules::Config::builder()
            .region(timestream_write_rules::config::Region::new("us-east-1"))
            .credentials_provider(credentials())
            .time_source(time)
            .sleep_impl(sleep)
            .http_client(http.clone());
        let client = timestream_write_rules::Client::from_conf(config.build());
        let (client, reload) = client.with_endpoint_discovery_enabled().await.expect("discovery");
        assert_eq!(reload.expires(), UNIX_EPOCH + Duration::from_secs(1_700_000_000 + 1440 * 60));
        client.write_records().database_name("db").send().await.expect("write");
        reload.reload_once().await.expect("reload");
        client.write_records().database_name("db").send().await.expect("write");
        let uris: Vec<String> = http.actual_requests().map(|r| r.uri().to_owned()).collect();
        assert_eq!(
            uris,
            [
                "https://ingest.timestream.us-east-1.amazonaws.com/",
                "https://ingest-cell1.timestream.us-east-1.amazonaws.com/",
                "https://ingest.timestream.us-east-1.amazonaws.com/",
                "https://ingest-cell2.timestream.us-east-1.amazonaws.com/",
            ]
        );
    }

    /// A discovery that fails (or names no endpoint) is an error, not a client that calls the
    /// wrong endpoint.
    #[tokio::test]
    async fn a_failed_discovery_is_an_error() {
        let http = replay(vec![response(200, "{\"Endpoints\":[]}")]);
        let config = timestream_write_rules::Config::builder()
            .region(timestream_write_rules::config::Region::new("us-east-1"))
            .credentials_provider(credentials())
            .http_client(http.clone());
        let error = timestream_write_rules::Client::from_conf(config.build()).with_endpoint_discovery_enabled().await.expect_err("no endpoint");
        assert!(error.to_string().contains("no endpoint"), "{error}");
    }
}
