// The waiters story: the S3 and DynamoDB waiters of crates generated from the AWS models, against
// moto. It is `include!`d at module level by a test file that first does
// `use <s3 crate> as s3; use <dynamodb crate> as dynamodb;` (see tests/e2e/aws-models.sh), with
// `mod moto` (tests/e2e/moto.rs) at its root.
//
// Every wait here ends on its first or second poll, so the story takes no waiter delay; the one
// that cannot succeed is given a maximum wait equal to the waiter's minimum delay, so it ends
// with `ExceededMaxWait` after one poll instead of sleeping.

pub use waiters_e2e::run_waiters_story;

/// The story's steps and helpers.
pub mod waiters_e2e {
    use super::moto::Access;
    use super::{dynamodb, s3};
    use std::time::Duration;

    const BUCKET: &str = "e2e-waiters-bucket";
    const KEY: &str = "waited/for.txt";
    const TABLE: &str = "e2e-waiters-table";
    const MAX_WAIT: Duration = Duration::from_secs(120);

    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {}\n{err:?}", s3::error::DisplayErrorContext(&err)),
        }
    }

    fn s3_client(access: &Access) -> s3::Client {
        let config = s3::Config::builder()
            .behavior_version(s3::config::BehaviorVersion::latest())
            .region(s3::config::Region::new("us-east-1"))
            .endpoint_url(access.endpoint())
            .credentials_provider(s3::config::Credentials::new(access.access_key_id(), access.secret_access_key(), None, None, "e2e"))
            .force_path_style(true)
            .build();
        s3::Client::from_conf(config)
    }

    fn dynamodb_client(access: &Access) -> dynamodb::Client {
        let config = dynamodb::Config::builder()
            .behavior_version(dynamodb::config::BehaviorVersion::latest())
            .region(dynamodb::config::Region::new("us-east-1"))
            .endpoint_url(access.endpoint())
            .credentials_provider(dynamodb::config::Credentials::new(
                access.access_key_id(),
                access.secret_access_key(),
                None,
                None,
                "e2e",
            ))
            .build();
        dynamodb::Client::from_conf(config)
    }

    /// Runs the story and returns one transcript line per step; every step asserts its result.
    pub async fn run_waiters_story(access: &Access) -> Vec<String> {
        let mut t = s3_waiters(access).await;
        t.extend(dynamodb_waiters(access).await);
        t
    }

    async fn s3_waiters(access: &Access) -> Vec<String> {
        use s3::client::Waiters as _;
        let mut t = Vec::new();
        let client = s3_client(access);

        let gone = client.wait_until_bucket_not_exists().bucket(BUCKET).wait(MAX_WAIT).await;
        expect_ok("BucketNotExists before CreateBucket", gone);
        t.push(format!("wait_until_bucket_not_exists({BUCKET}) before it is created -> success (HeadBucket 404 NotFound)"));

        // Nothing creates the bucket: a wait bounded by the minimum delay ends after one poll.
        let waiter = client.wait_until_bucket_exists().bucket(BUCKET);
        match waiter.wait(Duration::from_secs(5)).await {
            Err(s3::waiters::bucket_exists::WaitUntilBucketExistsError::ExceededMaxWait(e)) => {
                assert_eq!(e.poll_count(), 1, "{e:?}");
                t.push(format!("wait_until_bucket_exists({BUCKET}) with 5 s to wait, nothing creating it -> ExceededMaxWait after {} poll", e.poll_count()));
            }
            other => panic!("BucketExists on a missing bucket with 5 s: expected ExceededMaxWait, got {other:?}"),
        }

        expect_ok("CreateBucket", client.create_bucket().bucket(BUCKET).send().await);
        let found = expect_ok("BucketExists", client.wait_until_bucket_exists().bucket(BUCKET).wait(MAX_WAIT).await);
        assert!(found.as_result().is_ok(), "the final poll is HeadBucket's output: {found:?}");
        t.push(format!("CreateBucket {BUCKET}, then wait_until_bucket_exists -> success"));

        let absent = client.wait_until_object_not_exists().bucket(BUCKET).key(KEY).wait(MAX_WAIT).await;
        expect_ok("ObjectNotExists before PutObject", absent);
        t.push(format!("wait_until_object_not_exists({KEY}) before it is put -> success"));

        let put = client.put_object().bucket(BUCKET).key(KEY).body(s3::primitives::ByteStream::from_static(b"here"));
        expect_ok("PutObject", put.send().await);
        let found = expect_ok("ObjectExists", client.wait_until_object_exists().bucket(BUCKET).key(KEY).wait(MAX_WAIT).await);
        let head = found.into_result().expect("success is HeadObject's output");
        assert_eq!(head.content_length(), Some(4));
        t.push(format!("PutObject {KEY}, then wait_until_object_exists -> success, content_length 4 from the final poll"));

        expect_ok("DeleteObject", client.delete_object().bucket(BUCKET).key(KEY).send().await);
        let absent = client.wait_until_object_not_exists().bucket(BUCKET).key(KEY).wait(MAX_WAIT).await;
        expect_ok("ObjectNotExists after DeleteObject", absent);
        t.push(format!("DeleteObject {KEY}, then wait_until_object_not_exists -> success"));

        expect_ok("DeleteBucket", client.delete_bucket().bucket(BUCKET).send().await);
        let gone = client.wait_until_bucket_not_exists().bucket(BUCKET).wait(MAX_WAIT).await;
        expect_ok("BucketNotExists after DeleteBucket", gone);
        t.push(format!("DeleteBucket {BUCKET}, then wait_until_bucket_not_exists -> success"));
        t
    }

    async fn dynamodb_waiters(access: &Access) -> Vec<String> {
        use dynamodb::client::Waiters as _;
        use dynamodb::types::{AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType, TableStatus};
        let mut t = Vec::new();
        let client = dynamodb_client(access);

        let gone = client.wait_until_table_not_exists().table_name(TABLE).wait(MAX_WAIT).await;
        expect_ok("TableNotExists before CreateTable", gone);
        t.push(format!("wait_until_table_not_exists({TABLE}) before it is created -> success (ResourceNotFoundException)"));

        let create = client
            .create_table()
            .table_name(TABLE)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(
                AttributeDefinition::builder().attribute_name("pk").attribute_type(ScalarAttributeType::S).build().expect("attribute"),
            )
            .key_schema(KeySchemaElement::builder().attribute_name("pk").key_type(KeyType::Hash).build().expect("key"));
        expect_ok("CreateTable", create.send().await);
        let found = expect_ok("TableExists", client.wait_until_table_exists().table_name(TABLE).wait(MAX_WAIT).await);
        let described = found.into_result().expect("success is DescribeTable's output");
        let status = described.table().and_then(|table| table.table_status()).cloned();
        assert_eq!(status, Some(TableStatus::Active), "the acceptor matched Table.TableStatus == ACTIVE");
        t.push(format!("CreateTable {TABLE}, then wait_until_table_exists -> success, Table.TableStatus {status:?} from the final poll"));

        expect_ok("DeleteTable", client.delete_table().table_name(TABLE).send().await);
        let gone = client.wait_until_table_not_exists().table_name(TABLE).wait(MAX_WAIT).await;
        expect_ok("TableNotExists after DeleteTable", gone);
        t.push(format!("DeleteTable {TABLE}, then wait_until_table_not_exists -> success"));
        t
    }
}
