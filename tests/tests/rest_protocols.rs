//! The HTTP-binding protocols through the generated clients of model/rest-course.json
//! (restJson1) and model/xml-course.json (restXml), against a stub server on loopback: what goes
//! on the wire for every kind of binding, what comes back, streaming both ways, idempotency
//! tokens, typed errors, retries, and hostile responses (truncated or invalid documents, HTML
//! pages, bodies that never end, headers that do not parse), which must give typed errors, never
//! a panic or a hang, and never show sensitive data.

#[path = "common/stub.rs"]
mod stub;

use std::collections::BTreeMap;
use std::time::Duration;

use aws_smithy_types::DateTime;
use rest_course::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use rest_course::primitives::ByteStream;
use stub::{http, Reply, Stub};

const SECRET: &str = "SECRET-value-0f-a-sensitive-member";
/// Upper bound for any single call: a hang fails the test instead of blocking the run.
const GUARD: Duration = Duration::from_secs(60);
/// The operation timeout of calls that are expected to be answered: it only turns a hang into
/// a failure, so it is generous enough that a busy machine never makes it fire.
const PATIENCE: Duration = Duration::from_secs(30);

/// A request as the stub saw it.
#[derive(Debug)]
struct Seen {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Seen {
    fn parse(raw: &[u8]) -> Seen {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a request head");
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.lines();
        let mut first = lines.next().unwrap_or_default().split(' ');
        let method = first.next().unwrap_or_default().to_owned();
        let target = first.next().unwrap_or_default().to_owned();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Seen { method, target, headers, body: raw[end + 4..].to_vec() }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    fn query(&self) -> Vec<&str> {
        self.target.split_once('?').map(|(_, q)| q.split('&').collect()).unwrap_or_default()
    }
}

fn seen(stub: &Stub) -> Vec<Seen> {
    stub.requests().iter().map(|r| Seen::parse(r)).collect()
}

async fn guarded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(GUARD, f).await.expect("the call finished within the guard")
}

fn retry(attempts: u32) -> rest_course::config::retry::RetryConfig {
    rest_course::config::retry::RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(1))
}

fn timeouts(operation: Duration) -> rest_course::config::timeout::TimeoutConfig {
    rest_course::config::timeout::TimeoutConfig::builder().operation_timeout(operation).build()
}

fn rest(stub: &Stub) -> rest_course::Client {
    rest_with(stub, 1, PATIENCE)
}

fn rest_with(stub: &Stub, attempts: u32, operation: Duration) -> rest_course::Client {
    let config = rest_course::Config::builder()
        .region(rest_course::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{}", stub.addr))
        .credentials_provider(rest_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .retry_config(retry(attempts))
        .timeout_config(timeouts(operation))
        .build();
    rest_course::Client::from_conf(config)
}

fn xml(stub: &Stub) -> xml_course::Client {
    let config = xml_course::Config::builder()
        .region(xml_course::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{}", stub.addr))
        .credentials_provider(xml_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .retry_config(xml_course::config::retry::RetryConfig::standard().with_max_attempts(1))
        .timeout_config(xml_course::config::timeout::TimeoutConfig::builder().operation_timeout(PATIENCE).build())
        .build();
    xml_course::Client::from_conf(config)
}

fn variant<E, R>(err: &SdkError<E, R>) -> &'static str {
    match err {
        SdkError::ConstructionFailure(_) => "ConstructionFailure",
        SdkError::TimeoutError(_) => "TimeoutError",
        SdkError::DispatchFailure(_) => "DispatchFailure",
        SdkError::ResponseError(_) => "ResponseError",
        SdkError::ServiceError(_) => "ServiceError",
        _ => "other",
    }
}

/// Every way an error can be rendered, none of which may show `SECRET`.
fn assert_renders_without_secret<E: std::error::Error + 'static, R: std::fmt::Debug + 'static>(err: &SdkError<E, R>) {
    let mut chain = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = next {
        chain.push(e.to_string());
        next = e.source();
    }
    for text in [format!("{err:?}"), format!("{err:#?}"), format!("{}", DisplayErrorContext(err)), chain.join(": ")] {
        assert!(!text.contains(SECRET), "the secret leaks: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// restJson1: requests
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn put_thing_binds_label_header_and_json_body_and_fills_the_token() {
    let stub = Stub::new(http(201, &[("Location", "/things/t-1"), ("Content-Type", "application/json")], r#"{"thing":{"id":"t-1","display_name":"One"}}"#));
    let client = rest(&stub);
    let out = guarded(client.put_thing().id("t-1").name("One").weight(7).tags("a").tags("b").secret(SECRET).api_key(SECRET).send())
        .await
        .expect("PutThing");
    assert_eq!(out.status(), Some(201));
    assert_eq!(out.location(), Some("/things/t-1"));
    assert_eq!(out.thing().and_then(|t| t.name()), Some("One"));
    let req = &seen(&stub)[0];
    assert_eq!((req.method.as_str(), req.path()), ("PUT", "/things/t-1"));
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("x-api-key"), Some(SECRET));
    assert!(req.header("authorization").is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 ")), "signed");
    let token = req.header("x-client-token").expect("the idempotency token is filled");
    assert_eq!(token.len(), 36, "{token}");
    assert_eq!(token.as_bytes()[14], b'4', "a version-4 UUID: {token}");
    let body: serde_json::Value = serde_json::from_slice(&req.body).expect("a JSON body");
    assert_eq!(body, serde_json::json!({"display_name": "One", "weight": 7, "tags": ["a", "b"], "secret": SECRET}));
    assert_eq!(req.header("content-length"), Some(req.body.len().to_string().as_str()));

    // A token the caller sets is sent as it is; each call without one gets a new token.
    let stub = Stub::new(http(201, &[], "{}"));
    let client = rest(&stub);
    guarded(client.put_thing().id("t-1").client_token("mine").send()).await.expect("PutThing");
    guarded(client.put_thing().id("t-1").send()).await.expect("PutThing");
    guarded(client.put_thing().id("t-1").send()).await.expect("PutThing");
    let tokens: Vec<String> = seen(&stub).iter().map(|r| r.header("x-client-token").unwrap_or_default().to_owned()).collect();
    assert_eq!(tokens[0], "mine");
    assert_ne!(tokens[1], tokens[2]);
}

#[tokio::test]
async fn get_thing_binds_query_and_headers_and_reads_them_back() {
    let stub = Stub::new(http(
        200,
        &[
            ("ETag", "\"v1\""),
            ("Last-Modified", "Mon, 16 Dec 2019 23:48:18 GMT"),
            ("X-Versions", "1, \"2,5\", 3"),
            ("X-Cached", "true"),
            ("x-meta-color", "red"),
            ("X-Meta-Size", "big"),
            ("X-Audit", "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT"),
            ("Content-Type", "application/json"),
        ],
        r#"{"id":"t-2","display_name":"Two","color":"green","createdAt":"2019-12-16T23:48:18Z"}"#,
    ));
    let client = rest(&stub);
    let out = guarded(
        client
            .get_thing()
            .id("a b/c")
            .if_none_match("\"v0\"")
            .since(DateTime::from_secs(1_576_540_098))
            .fields("name")
            .fields("x&y")
            .as_of(DateTime::from_secs(0))
            .limit(3)
            .extra("limit", "ignored")
            .extra("mode", "fast")
            .send(),
    )
    .await
    .expect("GetThing");
    let req = &seen(&stub)[0];
    assert_eq!((req.method.as_str(), req.path()), ("GET", "/things/a%20b%2Fc"));
    let mut query = req.query();
    query.sort();
    assert_eq!(query, vec!["asOf=1970-01-01T00%3A00%3A00Z", "field=name", "field=x%26y", "limit=3", "mode=fast", "view=full"]);
    assert_eq!(req.header("if-modified-since"), Some("Mon, 16 Dec 2019 23:48:18 GMT"));
    assert_eq!(req.header("if-none-match"), Some("\"v0\""));
    assert!(req.body.is_empty());

    let thing = out.thing().expect("the payload");
    assert_eq!((thing.id(), thing.name(), thing.color().map(|c| c.as_str())), ("t-2", Some("Two"), Some("green")));
    assert_eq!(thing.created_at().map(|t| t.secs()), Some(1_576_540_098));
    assert_eq!(out.etag(), Some("\"v1\""));
    assert_eq!(out.modified().map(|t| t.secs()), Some(1_576_540_098));
    assert_eq!(out.versions(), ["1", "2,5", "3"]);
    assert_eq!(out.cached(), Some(true));
    let meta = out.meta_value().expect("prefix headers");
    // Header names are case-insensitive; they arrive in lower case.
    assert_eq!((meta.get("color").map(String::as_str), meta.get("size").map(String::as_str)), (Some("red"), Some("big")));
    assert_eq!(out.audit().len(), 2);
}

#[tokio::test]
async fn an_empty_or_missing_label_is_a_construction_error_and_nothing_is_sent() {
    let stub = Stub::new(http(200, &[], "{}"));
    let client = rest(&stub);
    let empty = guarded(client.get_thing().id("").send()).await.expect_err("empty label");
    assert_eq!(variant(&empty), "ConstructionFailure", "{empty:?}");
    assert!(DisplayErrorContext(&empty).to_string().contains("id"), "{}", DisplayErrorContext(&empty));
    let missing = guarded(client.delete_thing().send()).await.expect_err("missing label");
    assert_eq!(variant(&missing), "ConstructionFailure", "{missing:?}");
    // A host label must be a valid host label: the request is never built otherwise.
    let bad_host = guarded(client.get_report().name("r").region("a.b").send()).await.expect_err("bad host label");
    assert_eq!(variant(&bad_host), "ConstructionFailure", "{bad_host:?}");
    let no_host = guarded(client.get_report().name("r").send()).await.expect_err("missing host label");
    assert_eq!(variant(&no_host), "ConstructionFailure", "{no_host:?}");
    assert_eq!(stub.connections(), 0);
}

#[tokio::test]
async fn list_things_pages_through_the_paginator() {
    let stub = Stub::with(|n| match n {
        0 => http(200, &[], r#"{"things":[{"id":"a"},{"id":"b"}],"nextToken":"p2"}"#),
        1 => http(200, &[], r#"{"things":[{"id":"c"}],"nextToken":"p3"}"#),
        _ => http(200, &[], r#"{"things":[{"id":"d"}]}"#),
    });
    let client = rest(&stub);
    let items = guarded(client.list_things().max_results(2).into_paginator().items().send().collect::<Vec<_>>()).await;
    let ids: Vec<String> = items.into_iter().map(|t| t.expect("an item").id().to_owned()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let targets: Vec<String> = seen(&stub).iter().map(|r| r.target.clone()).collect();
    assert_eq!(targets, ["/things?max=2", "/things?next=p2&max=2", "/things?next=p3&max=2"]);
}

#[tokio::test]
async fn upload_streams_a_file_with_its_length_and_greedy_key() {
    let stub = Stub::new(http(200, &[("X-Size", "262144")], ""));
    let client = rest(&stub);
    let path = std::env::temp_dir().join(format!("rest-course-upload-{}", std::process::id()));
    let data: Vec<u8> = (0..262_144u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).expect("write the file");
    let body = ByteStream::from_path(&path).await.expect("a stream");
    let out = guarded(client.upload_blob().key("dir/sub dir/file.bin").content_type("application/x-test").metadata("owner", "me").body(body).send())
        .await
        .expect("UploadBlob");
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.size(), Some(262_144));
    let req = &seen(&stub)[0];
    assert_eq!((req.method.as_str(), req.path()), ("PUT", "/blobs/dir/sub%20dir/file.bin"));
    assert_eq!(req.header("content-length"), Some("262144"));
    assert_eq!(req.header("content-type"), Some("application/x-test"));
    assert_eq!(req.header("x-meta-owner"), Some("me"));
    assert!(req.body == data, "the body arrived intact");

    // From bytes and from a static slice, with the right length too.
    let stub = Stub::new(http(200, &[], ""));
    let client = rest(&stub);
    guarded(client.upload_blob().key("k").body(ByteStream::from(b"hello".to_vec())).send()).await.expect("from bytes");
    guarded(client.upload_blob().key("k").body(ByteStream::from_static(b"static!")).send()).await.expect("from static");
    let lengths: Vec<Option<String>> = seen(&stub).iter().map(|r| r.header("content-length").map(str::to_owned)).collect();
    assert_eq!(lengths, [Some("5".to_owned()), Some("7".to_owned())]);
}

#[tokio::test]
async fn download_streams_the_body_and_redacts_sensitive_headers_in_errors() {
    let data: Vec<u8> = (0..200_000u32).map(|i| (i % 241) as u8).collect();
    let stub = Stub::new(http(200, &[("Content-Type", "application/x-test"), ("X-Download-Token", SECRET)], data.clone()));
    let client = rest(&stub);
    let out = guarded(client.download_blob().key("a/b").send()).await.expect("DownloadBlob");
    assert_eq!(out.content_length(), Some(200_000));
    assert_eq!(out.content_type(), Some("application/x-test"));
    assert!(!format!("{out:?}").contains(SECRET), "Debug of the output shows the sensitive header");
    let bytes = guarded(out.body.collect()).await.expect("the whole body").into_bytes();
    assert!(bytes[..] == data[..]);

    // Read piece by piece with `next()` and through `into_async_read()`.
    let stub = Stub::new(http(200, &[], data.clone()));
    let client = rest(&stub);
    let mut out = guarded(client.download_blob().key("k").send()).await.expect("DownloadBlob");
    let mut total = 0;
    while let Some(piece) = guarded(out.body.next()).await {
        total += piece.expect("a piece").len();
    }
    assert_eq!(total, data.len());
    let stub = Stub::new(http(200, &[], data.clone()));
    let client = rest(&stub);
    let out = guarded(client.download_blob().key("k").send()).await.expect("DownloadBlob");
    let mut read = Vec::new();
    guarded(tokio::io::AsyncReadExt::read_to_end(&mut out.body.into_async_read(), &mut read)).await.expect("read");
    assert_eq!(read.len(), data.len());

    // A failed download keeps its raw response in the error; the sensitive header is redacted.
    let stub = Stub::new(http(404, &[("X-Amzn-Errortype", "NotFoundError"), ("X-Download-Token", SECRET), ("X-Resource", "k")], r#"{"message":"gone"}"#));
    let client = rest(&stub);
    let err = guarded(client.download_blob().key("k").send()).await.expect_err("not found");
    let service = err.as_service_error().expect("a service error");
    assert!(service.is_not_found_error());
    assert_renders_without_secret(&err);
}

#[tokio::test]
async fn payload_documents_checksums_and_unsigned_operations() {
    let stub = Stub::new(http(200, &[("X-Checksum", "ok"), ("Content-Type", "text/plain")], "stored"));
    let client = rest(&stub);
    let settings = aws_smithy_types::Document::Object([("mode".to_owned(), aws_smithy_types::Document::from("fast"))].into());
    let out = guarded(client.put_settings().settings(settings).send()).await.expect("PutSettings");
    assert_eq!((out.checksum(), out.text()), (Some("ok"), Some("stored")));
    let req = &seen(&stub)[0];
    assert_eq!(req.body, br#"{"mode":"fast"}"#);
    assert_eq!(req.header("content-md5"), Some("xADAzbCF7TsI/+hlVHgE9Q=="), "the MD5 of the body, base64");

    let stub = Stub::new(http(200, &[], ""));
    let config = rest_course::Config::builder().region(rest_course::config::Region::new("us-east-1")).endpoint_url(format!("http://{}", stub.addr)).build();
    let client = rest_course::Client::from_conf(config);
    guarded(client.ping().send()).await.expect("Ping needs no credentials");
    assert!(seen(&stub)[0].header("authorization").is_none());
    let err = guarded(client.list_things().send()).await.expect_err("signed operations need credentials");
    assert_eq!(variant(&err), "ConstructionFailure");
}

// ---------------------------------------------------------------------------------------------
// restJson1: errors and retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn errors_are_typed_by_header_or_body_code_with_bound_members() {
    let stub = Stub::with(|n| match n {
        0 => http(404, &[("X-Amzn-Errortype", "example.rest#NotFoundError:http://internal/"), ("X-Resource", "t-9"), ("x-amzn-requestid", "req-1")], r#"{"message":"no such thing"}"#),
        1 => http(409, &[], r#"{"code":"ConflictError","message":"changed","current":{"id":"t-9","display_name":"Nine"}}"#),
        _ => http(400, &[], r#"{"__type":"InvalidThingError","message":"bad secret"}"#),
    });
    let client = rest(&stub);
    let err = guarded(client.get_thing().id("t-9").send()).await.expect_err("404").into_service_error();
    let rest_course::operation::get_thing::GetThingError::NotFoundError(e) = &err else { panic!("{err:?}") };
    assert_eq!((e.resource(), e.message(), err.code()), (Some("t-9"), Some("no such thing"), Some("NotFoundError")));
    assert_eq!(rest_course::operation::RequestId::request_id(&err), Some("req-1"));

    let err = guarded(client.put_thing().id("t-9").send()).await.expect_err("409").into_service_error();
    assert!(err.is_conflict_error(), "{err:?}");
    let rest_course::operation::put_thing::PutThingError::ConflictError(e) = &err else { panic!() };
    assert_eq!(e.current().map(|t| t.id()), Some("t-9"));

    // A sensitive message: redacted in Display and Debug, the error metadata's Debug included.
    let stub = Stub::new(http(400, &[], format!(r#"{{"__type":"InvalidThingError","message":"{SECRET} is not allowed"}}"#)));
    let client = rest(&stub);
    let err = guarded(client.put_thing().id("t-9").secret(SECRET).send()).await.expect_err("400");
    assert!(err.as_service_error().is_some_and(|e| e.is_invalid_thing_error()));
    assert_renders_without_secret(&err);
    let service = err.into_service_error();
    assert!(!format!("{service:?}").contains(SECRET));
    let rest_course::operation::put_thing::PutThingError::InvalidThingError(inner) = service else { panic!() };
    assert!(!format!("{inner:?}").contains(SECRET), "{inner:?}");
}

#[tokio::test]
async fn throttling_errors_are_retried_and_counted() {
    let stub = Stub::with(|n| match n {
        0 => http(429, &[("X-Amzn-Errortype", "ThrottledError"), ("Retry-After", "0")], r#"{"message":"slow"}"#),
        1 => http(503, &[], "<html>busy</html>"),
        _ => http(200, &[], r#"{"things":[]}"#),
    });
    let client = rest_with(&stub, 3, PATIENCE);
    guarded(client.list_things().send()).await.expect("the third attempt succeeds");
    assert_eq!(stub.connections(), 3);
    let attempts: Vec<String> = seen(&stub).iter().map(|r| r.header("amz-sdk-request").unwrap_or_default().to_owned()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);

    // Modelled client errors are not retried.
    let stub = Stub::new(http(404, &[("X-Amzn-Errortype", "NotFoundError")], "{}"));
    let client = rest_with(&stub, 3, PATIENCE);
    let err = guarded(client.delete_thing().id("x").send()).await.expect_err("404");
    assert!(err.into_service_error().is_not_found_error());
    assert_eq!(stub.connections(), 1);
}

// ---------------------------------------------------------------------------------------------
// Hostile responses, both protocols
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn hostile_json_responses_give_typed_errors() {
    let cases: Vec<(&str, Reply, &str)> = vec![
        ("truncated JSON", http(200, &[], r#"{"things":[{"id":"a""#), "ResponseError"),
        ("wrong types", http(200, &[], r#"{"things":{"id":5},"nextToken":7}"#), "ResponseError"),
        ("an HTML page", http(200, &[("Content-Type", "text/html")], "<html><body>Welcome</body></html>"), "ResponseError"),
        ("an HTML error page", http(502, &[("Content-Type", "text/html")], "<html>Bad gateway</html>"), "ServiceError"),
        ("deep nesting", http(200, &[], "[".repeat(100_000)), "ResponseError"),
        ("nothing at all", Reply::Bytes(Vec::new()), "DispatchFailure"),
    ];
    for (what, reply, expected) in cases {
        let stub = Stub::new(reply);
        let client = rest(&stub);
        let err = guarded(client.list_things().send()).await.expect_err(what);
        assert_eq!(variant(&err), expected, "{what}: {err:?}");
    }
    // Headers that do not parse name the header.
    for (name, value) in [("X-Cached", "maybe"), ("Last-Modified", "yesterday"), ("X-Audit", "soon, later")] {
        let stub = Stub::new(http(200, &[(name, value)], ""));
        let client = rest(&stub);
        let err = guarded(client.get_thing().id("a").send()).await.expect_err(name);
        assert_eq!(variant(&err), "ResponseError", "{err:?}");
        assert!(DisplayErrorContext(&err).to_string().contains(name), "{}", DisplayErrorContext(&err));
    }
    // A body that never ends: the size limit or the timeout ends the call.
    let stub = Stub::new(Reply::Stream { head: b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n".to_vec(), body_len: 64 * 1024 * 1024 });
    let client = rest_with(&stub, 1, Duration::from_secs(3));
    let err = guarded(client.list_things().send()).await.expect_err("endless");
    assert!(matches!(variant(&err), "ResponseError" | "TimeoutError"), "{err:?}");
    // A status that is not a number, a response that is not HTTP.
    let stub = Stub::new(Reply::Bytes(b"SMTP ready\r\n\r\n".to_vec()));
    let client = rest(&stub);
    let err = guarded(client.list_things().send()).await.expect_err("not HTTP");
    assert_eq!(variant(&err), "DispatchFailure", "{err:?}");
}

#[tokio::test]
async fn hostile_xml_responses_give_typed_errors() {
    let cases: Vec<(&str, Reply, &str)> = vec![
        ("truncated XML", http(200, &[], "<ListShelvesResult><Shelf><Name>a</Name>"), "ResponseError"),
        ("mismatched tags", http(200, &[], "<ListShelvesResult><Shelf></Name></ListShelvesResult>"), "ResponseError"),
        ("an undefined entity", http(200, &[], "<ListShelvesResult>&bogus;</ListShelvesResult>"), "ResponseError"),
        ("wrong types", http(200, &[], "<ListShelvesResult><IsTruncated>perhaps</IsTruncated></ListShelvesResult>"), "ResponseError"),
        ("an HTML page", http(200, &[("Content-Type", "text/html")], "<html><body><p>Welcome<br></body></html>"), "ResponseError"),
        ("two roots", http(200, &[], "<a/><b/>"), "ResponseError"),
        ("deep nesting", http(200, &[], "<a>".repeat(50_000)), "ResponseError"),
        ("an HTML error page", http(503, &[], "<html>down</html>"), "ServiceError"),
    ];
    for (what, reply, expected) in cases {
        let stub = Stub::new(reply);
        let client = xml(&stub);
        let err = guarded(client.list_shelves().send()).await.expect_err(what);
        assert_eq!(variant(&err), expected, "{what}: {err:?}");
    }
    // Unknown elements and attributes are ignored, not errors.
    let stub = Stub::new(http(200, &[], r#"<ListShelvesResult KeyCount="1" extra="x"><Unknown><Deep/></Unknown><Shelf><Name>a</Name><Surprise/></Shelf></ListShelvesResult>"#));
    let out = guarded(xml(&stub).list_shelves().send()).await.expect("unknown parts are skipped");
    assert_eq!((out.count(), out.shelves().len()), (Some(1), 1));
}

// ---------------------------------------------------------------------------------------------
// restXml
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn xml_documents_round_trip_every_binding_form() {
    use xml_course::types::{Finish, Material, Owner, Shelf};
    let shelf = Shelf::builder()
        .name("top")
        .material(Material::Oak)
        .labels("fragile")
        .labels("heavy")
        .grid(vec![1, 2])
        .grid(vec![3])
        .dimensions("width", 1.5)
        .notes("a", "b")
        .built(DateTime::from_secs(1_576_540_098))
        .checked(DateTime::from_secs(1_576_540_098))
        .stamps(DateTime::from_secs(5))
        .owner(Owner::builder().id("o-1").kind("CanonicalUser").display_name("Owen").build())
        .finish(Finish::Coats(2))
        .level(3)
        .build();
    // The service's namespace is declared on request documents made of an input; a payload is
    // its target's document, with the target's own namespace (Shelf has none).
    let document = r#"<Shelf><Name>top</Name><Material>oak</Material><labels>fragile</labels><labels>heavy</labels><Grid><member><Cell>1</Cell><Cell>2</Cell></member><member><Cell>3</Cell></member></Grid><Dimensions><entry><Axis>width</Axis><Size>1.5</Size></entry></Dimensions><Note><key>a</key><value>b</value></Note><Built>2019-12-16T23:48:18Z</Built><Checked>Mon, 16 Dec 2019 23:48:18 GMT</Checked><Stamps><member>5</member></Stamps><Owner owner-id="o-1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><DisplayName>Owen</DisplayName></Owner><Finish><coats>2</coats></Finish><Level xmlns:lv="https://example.com/levels">3</Level></Shelf>"#;
    let stub = Stub::with(move |n| match n {
        0 => http(200, &[("x-course-version", "7")], ""),
        _ => http(200, &[("x-course-version", "7"), ("x-amz-request-id", "r-2")], document),
    });
    let client = xml(&stub);
    let put = guarded(client.put_shelf().name("top").shelf(shelf.clone()).send()).await.expect("PutShelf");
    assert_eq!(put.version(), Some("7"));
    let req = &seen(&stub)[0];
    assert_eq!((req.method.as_str(), req.path(), req.header("content-type")), ("PUT", "/shelves/top", Some("application/xml")));
    assert!(req.header("x-course-token").is_some_and(|t| t.len() == 36), "the idempotency token is filled");
    let sent = String::from_utf8_lossy(&req.body);
    smithy_client_runtime::protocol_test::check_body(req.body.as_slice(), document, Some("application/xml"), &[]);
    assert!(sent.starts_with("<Shelf"), "{sent}");

    let got = guarded(client.get_shelf().name("top").send()).await.expect("GetShelf");
    let back = got.shelf().expect("the payload");
    assert_eq!(back.labels(), ["fragile", "heavy"]);
    assert_eq!(back.grid(), [vec![1, 2], vec![3]]);
    assert_eq!(back.dimensions().and_then(|d| d.get("width")), Some(&1.5));
    assert_eq!(back.owner().and_then(|o| o.kind()), Some("CanonicalUser"));
    assert_eq!(back.owner().and_then(|o| o.id()), Some("o-1"));
    assert_eq!(back.finish(), Some(&Finish::Coats(2)));
    assert_eq!(back.checked().map(|t| t.secs()), Some(1_576_540_098));
    assert_eq!(back.level(), Some(3));
    assert_eq!(xml_course::operation::RequestId::request_id(&got), Some("r-2"));
}

#[tokio::test]
async fn xml_errors_wrapped_and_unwrapped() {
    let stub = Stub::with(|n| match n {
        0 => http(404, &[], "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchShelf</Code><Message>no shelf</Message><ShelfName>top</ShelfName></Error><RequestId>req-9</RequestId></ErrorResponse>"),
        _ => http(404, &[("x-amz-request-id", "req-10"), ("x-amz-id-2", "ext-10")], "<Error><Code>NoSuchShelf</Code><Message>gone</Message><ShelfName>low</ShelfName></Error>"),
    });
    let client = xml(&stub);
    for (expected_shelf, expected_id) in [("top", "req-9"), ("low", "req-10")] {
        let err = guarded(client.get_shelf().name("x").send()).await.expect_err("404").into_service_error();
        let xml_course::operation::get_shelf::GetShelfError::NoSuchShelf(e) = &err else { panic!("{err:?}") };
        assert_eq!(e.shelf(), Some(expected_shelf));
        assert_eq!(err.code(), Some("NoSuchShelf"));
        assert_eq!(xml_course::operation::RequestId::request_id(&err), Some(expected_id));
    }
}

#[tokio::test]
async fn xml_streams_both_ways() {
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 233) as u8).collect();
    let reply = data.clone();
    let stub = Stub::with(move |n| match n {
        0 => http(200, &[("ETag", "\"e\"")], ""),
        _ => http(200, &[("x-course-meta-kind", "bin")], reply.clone()),
    });
    let client = xml(&stub);
    let put = guarded(client.put_crate().shelf("top").key("a/b.bin").tags("kind", "bin").body(xml_course::primitives::ByteStream::from(data.clone())).send())
        .await
        .expect("PutCrate");
    assert_eq!(put.etag(), Some("\"e\""));
    let req = &seen(&stub)[0];
    assert_eq!(req.path(), "/shelves/top/crates/a/b.bin");
    assert_eq!(req.header("x-course-meta-kind"), Some("bin"));
    assert!(req.body == data);
    let got = guarded(client.get_crate().shelf("top").key("a/b.bin").send()).await.expect("GetCrate");
    assert_eq!(got.tags().and_then(|t| t.get("kind")).map(String::as_str), Some("bin"));
    let bytes = guarded(got.body.collect()).await.expect("the body").into_bytes();
    assert!(bytes[..] == data[..]);
}

// ---------------------------------------------------------------------------------------------
// A service whose operations are all unsigned and declare no errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_quiet_service_needs_no_credentials() {
    let stub = Stub::new(http(200, &[("Content-Type", "application/x-amz-json-1.1")], r#"{"box":{}}"#));
    let config = obstacle_course_quiet::Config::builder().endpoint_url(format!("http://{}", stub.addr)).build();
    let client = obstacle_course_quiet::Client::from_conf(config);
    let out = guarded(client.echo().r#box(obstacle_course_quiet::types::EmptyBox::builder().build()).note("hi").send()).await.expect("Echo");
    assert!(out.r#box().is_some());
    guarded(client.nothing().send()).await.expect("Nothing");
    for req in seen(&stub) {
        assert!(req.header("authorization").is_none(), "unsigned");
    }
    let stub = Stub::new(http(500, &[], r#"{"__type":"Whatever"}"#));
    let config = obstacle_course_quiet::Config::builder().endpoint_url(format!("http://{}", stub.addr)).retry_config(obstacle_course_quiet::config::retry::RetryConfig::disabled()).build();
    let err = guarded(obstacle_course_quiet::Client::from_conf(config).hush().send()).await.expect_err("500");
    assert_eq!(err.into_service_error().code(), Some("Whatever"));
    let _ = obstacle_course_empty::Client::from_conf(obstacle_course_empty::Config::builder().build());
}

// ---------------------------------------------------------------------------------------------
// awsJson: idempotency tokens are filled in every protocol
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn aws_json_fills_an_unset_idempotency_token() {
    let stub = Stub::new(http(200, &[("Content-Type", "application/x-amz-json-1.0")], "{}"));
    let config = obstacle_course::Config::builder()
        .region(obstacle_course::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{}", stub.addr))
        .credentials_provider(obstacle_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .build();
    let client = obstacle_course::Client::from_conf(config);
    guarded(client.create_widget().name("w").send()).await.expect("CreateWidget");
    guarded(client.create_widget().name("w").client_token("given").send()).await.expect("CreateWidget");
    let bodies: Vec<serde_json::Value> = seen(&stub).iter().map(|r| serde_json::from_slice(&r.body).expect("JSON")).collect();
    let filled = bodies[0]["clientToken"].as_str().expect("a token was filled in");
    assert_eq!((filled.len(), filled.as_bytes()[14]), (36, b'4'), "{filled}");
    assert_eq!(bodies[1]["clientToken"], "given");
}

#[tokio::test]
async fn the_idempotency_token_provider_fills_unset_tokens() {
    let stub = Stub::new(http(200, &[("Content-Type", "application/x-amz-json-1.0")], "{}"));
    let config = |conf: obstacle_course::config::Builder| {
        conf.region(obstacle_course::config::Region::new("us-east-1"))
            .endpoint_url(format!("http://{}", stub.addr))
            .credentials_provider(obstacle_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
    };
    let fixed = obstacle_course::Client::from_conf(config(obstacle_course::Config::builder()).idempotency_token_provider("fixed-token").build());
    guarded(fixed.create_widget().name("w").send()).await.expect("CreateWidget");
    // The test defaults fix the token too, as the official crates' do.
    let tested = obstacle_course::Client::from_conf(config(obstacle_course::Config::builder().with_test_defaults()).build());
    guarded(tested.create_widget().name("w").send()).await.expect("CreateWidget");
    // A token the caller gives wins over the provider.
    guarded(fixed.create_widget().name("w").client_token("given").send()).await.expect("CreateWidget");
    let bodies: Vec<serde_json::Value> = seen(&stub).iter().map(|r| serde_json::from_slice(&r.body).expect("JSON")).collect();
    assert_eq!(bodies[0]["clientToken"], "fixed-token");
    assert_eq!(bodies[1]["clientToken"], "00000000-0000-4000-8000-000000000000");
    assert_eq!(bodies[2]["clientToken"], "given");
}
