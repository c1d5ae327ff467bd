// The end-to-end SQS story (awsJson1_0 with @awsQueryCompatible), written against a client crate
// generated from the AWS SQS model and imported as `sqs`. It is `include!`d at module level by a
// test file that first does `use <generated crate> as sqs;` (see tests/e2e/aws-models.sh), with
// `mod moto` (tests/e2e/moto.rs) at its root.

pub use sqs_e2e::run_sqs_story;

/// The story's steps and helpers.
pub mod sqs_e2e {
    use super::moto::Access;
    use super::sqs;
    use sqs::error::{DisplayErrorContext, ProvideErrorMetadata};
    use sqs::operation::get_queue_url::GetQueueUrlError;
    use sqs::types::QueueAttributeName;

    const QUEUE: &str = "e2e-story-queue";

    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {}\n{err:?}", DisplayErrorContext(&err)),
        }
    }

    /// Runs the story against `access`'s endpoint, signing with its key, and returns one
    /// transcript line per step.
    pub async fn run_sqs_story(access: &Access) -> Vec<String> {
        let mut t = Vec::new();
        let endpoint = access.endpoint();
        let config = sqs::Config::builder()
            .behavior_version(sqs::config::BehaviorVersion::latest())
            .region(sqs::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(sqs::config::Credentials::new(access.access_key_id(), access.secret_access_key(), None, None, "e2e"))
            .build();
        let client = sqs::Client::from_conf(config);
        t.push(format!("Client::from_conf -> endpoint {endpoint}, key {}", access.access_key_id()));

        let created = expect_ok(
            "CreateQueue",
            client.create_queue().queue_name(QUEUE).attributes(QueueAttributeName::VisibilityTimeout, "5").send().await,
        );
        let url = created.queue_url().expect("CreateQueue returns the queue's URL").to_owned();
        assert!(url.ends_with(QUEUE), "{url}");
        let found = expect_ok("GetQueueUrl", client.get_queue_url().queue_name(QUEUE).send().await);
        assert_eq!(found.queue_url(), Some(url.as_str()));
        t.push(format!("CreateQueue {QUEUE} (visibility 5 s) -> {url}; GetQueueUrl finds it"));

        let attributes = expect_ok(
            "GetQueueAttributes",
            client.get_queue_attributes().queue_url(&url).attribute_names(QueueAttributeName::All).send().await,
        );
        let attributes = attributes.attributes().expect("the queue's attributes");
        assert_eq!(attributes.get(&QueueAttributeName::VisibilityTimeout).map(String::as_str), Some("5"));
        assert!(attributes.get(&QueueAttributeName::QueueArn).is_some_and(|arn| arn.ends_with(QUEUE)));
        t.push(format!("GetQueueAttributes All -> {} attributes, VisibilityTimeout 5", attributes.len()));

        let sent = expect_ok("SendMessage", client.send_message().queue_url(&url).message_body("hello from the story").send().await);
        let id = sent.message_id().expect("a message id").to_owned();
        let received = expect_ok(
            "ReceiveMessage",
            client.receive_message().queue_url(&url).max_number_of_messages(1).wait_time_seconds(1).send().await,
        );
        let message = received.messages().first().expect("the message sent");
        assert_eq!(message.message_id(), Some(id.as_str()));
        assert_eq!(message.body(), Some("hello from the story"));
        let receipt = message.receipt_handle().expect("a receipt handle");
        expect_ok("DeleteMessage", client.delete_message().queue_url(&url).receipt_handle(receipt).send().await);
        t.push(format!("SendMessage -> {id}; ReceiveMessage returns it; DeleteMessage"));

        let missing = client.get_queue_url().queue_name("e2e-story-missing").send().await;
        let err = missing.expect_err("there is no such queue");
        let service = err.into_service_error();
        assert!(matches!(service, GetQueueUrlError::QueueDoesNotExist(_)), "{service:?}");
        assert!(service.is_queue_does_not_exist());
        assert_eq!(service.code(), Some("AWS.SimpleQueueService.NonExistentQueue"), "{service:?}");
        assert!(service.message().is_some_and(|m| m.contains("does not exist")), "{service:?}");
        t.push(format!(
            "GetQueueUrl e2e-story-missing -> GetQueueUrlError::QueueDoesNotExist, code() {} (the legacy query code)",
            service.code().unwrap_or("-")
        ));

        let listed = expect_ok("ListQueues", client.list_queues().queue_name_prefix("e2e-story").send().await);
        assert_eq!(listed.queue_urls(), [url.clone()]);
        expect_ok("DeleteQueue", client.delete_queue().queue_url(&url).send().await);
        let listed = expect_ok("ListQueues", client.list_queues().queue_name_prefix("e2e-story").send().await);
        assert!(listed.queue_urls().is_empty(), "{listed:?}");
        t.push("ListQueues e2e-story -> 1 queue; DeleteQueue; ListQueues -> 0 queues".to_owned());
        t
    }
}
