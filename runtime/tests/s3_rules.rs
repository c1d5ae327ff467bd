//! The runtime's Amazon S3 rules, on a service spec that turns them on: `x-amz-content-sha256` on
//! signed requests (`UNSIGNED-PAYLOAD` for streamed bodies), single URI encoding, a 200 whose body
//! is an `<Error>` document read as an error, and the extended request id.

mod common;

use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use common::{Reply, Stub};
use smithy_client_runtime::client::{Failure, HttpTrait, OperationSpec, Protocol, Runtime, ServiceSpec};
use smithy_client_runtime::config::{Config, Credentials, Region, RetryConfig};
use smithy_client_runtime::request::RequestWriter;
use smithy_client_runtime::RequestIdExt;
use smithy_client_runtime::services::ServiceRule;

static S3: ServiceSpec = ServiceSpec::new("S3", Protocol::RestXml).target_prefix("AmazonS3").version("2020-01-01").endpoint_prefix("s3").signing_name("s3").service_rules(&[ServiceRule::S3Signing, ServiceRule::ErrorsIn200, ServiceRule::ErrorCodeFromStatus]).regional(true);

const fn op(name: &'static str, method: &'static str, uri: &'static str) -> OperationSpec {
    OperationSpec::new(name, HttpTrait { method, uri })
}

static PUT: OperationSpec = op("PutObject", "PUT", "/{Bucket}/{Key+}?x-id=PutObject");
static COPY: OperationSpec = op("CopyObject", "PUT", "/{Bucket}/{Key+}?x-id=CopyObject");

fn runtime(url: &str) -> Runtime {
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMIEXAMPLEKEY", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Runtime::new(config, &S3)
}

fn object_parts(key: &str, body: Option<SdkBody>) -> smithy_client_runtime::request::RequestParts {
    let mut w = RequestWriter::new(Protocol::RestXml);
    w.label("Bucket", Some("bucket"));
    w.greedy_label("Key", Some(key));
    if let Some(body) = body {
        w.payload_stream(ByteStream::new(body), "application/octet-stream");
    }
    w.finish().expect("parts")
}

#[tokio::test]
async fn signed_s3_requests_carry_the_payload_hash() {
    let stub = Stub::start(vec![Reply::Respond(200, vec![], Vec::new())]);
    let rt = runtime(&format!("http://{}", stub.addr));
    rt.call(&PUT, object_parts("a/b c.txt", Some(SdkBody::from("hello")))).await.expect("PutObject");
    let req = &stub.requests()[0];
    assert_eq!(req.path, "/bucket/a/b%20c.txt?x-id=PutObject");
    // SHA-256 of "hello", hex.
    assert_eq!(req.header("x-amz-content-sha256"), Some("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
    assert!(req.header("authorization").is_some_and(|a| a.contains("x-amz-content-sha256")), "the hash header is signed");
}

#[tokio::test]
async fn streamed_s3_bodies_are_signed_as_unsigned_payload() {
    let stub = Stub::start(vec![Reply::Respond(200, vec![], Vec::new())]);
    let rt = runtime(&format!("http://{}", stub.addr));
    let path = std::env::temp_dir().join(format!("s3-rules-{}", std::process::id()));
    std::fs::write(&path, vec![7u8; 10_000]).expect("write");
    let body = ByteStream::from_path(&path).await.expect("stream").into_inner();
    rt.call(&PUT, object_parts("k", Some(body))).await.expect("PutObject");
    let _ = std::fs::remove_file(&path);
    let req = &stub.requests()[0];
    assert_eq!(req.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    assert_eq!(req.header("content-length"), Some("10000"));
    assert_eq!(req.body.len(), 10_000);
}

#[tokio::test]
async fn an_error_document_with_status_200_is_an_error() {
    let error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message><RequestId>r-1</RequestId></Error>";
    let stub = Stub::start(vec![Reply::Respond(200, vec![("x-amz-id-2", "ext-1".to_owned())], error.as_bytes().to_vec())]);
    let rt = runtime(&format!("http://{}", stub.addr));
    let failure = rt.call(&COPY, object_parts("k", None)).await.expect_err("the 200 carries an error");
    let Failure::Service { meta, raw } = failure else { panic!("{failure:?}") };
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!((meta.code(), meta.message()), (Some("InternalError"), Some("We encountered an internal error.")));
    assert_eq!(smithy_client_runtime::RequestId::request_id(&meta), Some("r-1"));
    assert_eq!(meta.extended_request_id(), Some("ext-1"));

    // A real result is a success.
    let stub = Stub::start(vec![Reply::Respond(200, vec![], b"<CopyObjectResult><ETag>e</ETag></CopyObjectResult>".to_vec())]);
    let rt = runtime(&format!("http://{}", stub.addr));
    rt.call(&COPY, object_parts("k", None)).await.expect("a copy result");
}
