//! awsQuery and RPC v2 CBOR through the generated clients of model/query-course.json and
//! model/cbor-course.json, against a stub server on loopback: the form and CBOR bodies that go
//! out, outputs read back (result wrappers, request ids in the body, tag-1 timestamps, big
//! numbers, sparse collections, unions), typed errors by `<Code>` / `__type`, and hostile
//! responses (truncated or invalid documents, endless indefinite lengths, huge declared lengths,
//! deep nesting, wrong types), which must give typed errors, never a panic, a hang or a huge
//! allocation.

#[path = "common/stub.rs"]
mod stub;

use std::time::Duration;

use aws_smithy_types::{Blob, DateTime};
use smithy_client_runtime::cbor::{self, CborValue};
use stub::{http, Reply, Stub};

/// Upper bound for any single call: a hang fails the test instead of blocking the run.
const GUARD: Duration = Duration::from_secs(60);
/// The operation timeout of calls that are expected to be answered: it only turns a hang into
/// a failure, so it is generous enough that a busy machine never makes it fire.
const PATIENCE: Duration = Duration::from_secs(30);
const SECRET: &str = "SECRET-parcel-code-4471";

async fn guarded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(GUARD, f).await.expect("the call finished within the guard")
}

/// The request the stub saw: head lines and body.
fn request(stub: &Stub) -> (String, Vec<u8>) {
    let raw = stub.requests().into_iter().next().expect("one request");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a request head");
    (String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase(), raw[end + 4..].to_vec())
}

fn variant<E, R>(err: &query_course::error::SdkError<E, R>) -> &'static str {
    use query_course::error::SdkError;
    match err {
        SdkError::ConstructionFailure(_) => "ConstructionFailure",
        SdkError::TimeoutError(_) => "TimeoutError",
        SdkError::DispatchFailure(_) => "DispatchFailure",
        SdkError::ResponseError(_) => "ResponseError",
        SdkError::ServiceError(_) => "ServiceError",
        _ => "other",
    }
}

// ---------------------------------------------------------------------------------------------
// awsQuery
// ---------------------------------------------------------------------------------------------

mod query {
    pub use query_course::error::{DisplayErrorContext, ProvideErrorMetadata};
    pub use query_course::operation::get_parcel::GetParcelError;
    pub use query_course::operation::RequestId;
    pub use query_course::types::{Address, Parcel, ParcelKind, Route};
}

fn query_client(stub: &Stub) -> query_course::Client {
    let config = query_course::Config::builder()
        .region(query_course::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{}", stub.addr))
        .credentials_provider(query_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .retry_config(query_course::config::retry::RetryConfig::standard().with_max_attempts(1))
        .timeout_config(query_course::config::timeout::TimeoutConfig::builder().operation_timeout(PATIENCE).build())
        .build();
    query_course::Client::from_conf(config)
}

fn xml(status: u16, body: &str) -> Reply {
    http(status, &[("Content-Type", "text/xml")], body)
}

fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8(body.to_vec()).expect("a UTF-8 form body");
    text.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("key=value");
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("a percent escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

fn parcel_q() -> query::Parcel {
    query::Parcel::builder()
        .id("p 1&2")
        .kind(query::ParcelKind::Box)
        .weight(2.5)
        .fragile(true)
        .sent(DateTime::from_secs(1_700_000_000))
        .photo(Blob::new(b"jpg"))
        .tags("a")
        .tags("b")
        .flat_tags("x")
        .labels("k2", "v2")
        .labels("k1", "v1")
        .address(query::Address::builder().street("1 Main St").city("Town").build())
        .route(query::Route::Air("fast".to_owned()))
        .code(SECRET)
        .build()
}

#[tokio::test]
async fn query_requests_are_forms_and_outputs_come_from_the_result_wrapper() {
    let body = r#"<PutParcelResponse xmlns="https://example.com/query-course/2025-07-01/">
        <PutParcelResult><id>p-9</id><received>2023-11-14T22:13:20Z</received>
          <parcel><id>p 1&amp;2</id><kind>box</kind><tags><member>a</member><member>b</member></tags><FlatTag>x</FlatTag>
            <labels><entry><key>k1</key><value>v1</value></entry></labels><address><Street>1 Main St</Street></address>
            <route><sea>3</sea></route><photo>anBn</photo></parcel>
        </PutParcelResult>
        <ResponseMetadata><RequestId>req-42</RequestId></ResponseMetadata></PutParcelResponse>"#;
    let stub = Stub::new(xml(200, body));
    let out = guarded(query_client(&stub).put_parcel().parcel(parcel_q()).note("hello").send()).await.expect("PutParcel");
    assert_eq!(out.id(), Some("p-9"));
    assert_eq!(out.received(), Some(&DateTime::from_secs(1_700_000_000)));
    assert_eq!(query::RequestId::request_id(&out), Some("req-42"));
    let parcel = out.parcel().expect("the parcel");
    assert_eq!(parcel.tags(), ["a", "b"]);
    assert_eq!(parcel.flat_tags(), ["x"]);
    assert_eq!(parcel.labels().and_then(|l| l.get("k1")).map(String::as_str), Some("v1"));
    assert_eq!(parcel.route(), Some(&query::Route::Sea(3)));
    assert_eq!(parcel.photo().map(|b| b.as_ref()), Some(&b"jpg"[..]));

    let (head, body) = request(&stub);
    assert!(head.starts_with("post / http/1.1"), "{head}");
    assert!(head.contains("content-type: application/x-www-form-urlencoded"), "{head}");
    let pairs = form_pairs(&body);
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    assert_eq!(&pairs[..2], [("Action".to_owned(), "PutParcel".to_owned()), ("Version".to_owned(), "2025-07-01".to_owned())]);
    assert_eq!(get("parcel.id"), Some("p 1&2"));
    assert_eq!(get("parcel.kind"), Some("box"));
    assert_eq!(get("parcel.weight"), Some("2.5"));
    assert_eq!(get("parcel.fragile"), Some("true"));
    assert_eq!(get("parcel.sent"), Some("2023-11-14T22:13:20Z"));
    assert_eq!(get("parcel.photo"), Some("anBn"));
    assert_eq!((get("parcel.tags.member.1"), get("parcel.tags.member.2")), (Some("a"), Some("b")));
    assert_eq!(get("parcel.FlatTag.1"), Some("x"));
    assert_eq!((get("parcel.labels.entry.1.key"), get("parcel.labels.entry.1.value")), (Some("k1"), Some("v1")));
    assert_eq!((get("parcel.labels.entry.2.key"), get("parcel.labels.entry.2.value")), (Some("k2"), Some("v2")));
    assert_eq!((get("parcel.address.Street"), get("parcel.address.city")), (Some("1 Main St"), Some("Town")));
    assert_eq!(get("parcel.route.air"), Some("fast"));
    assert_eq!(get("note"), Some("hello"));
    assert_eq!(get("token").map(str::len), Some(36), "the idempotency token is filled");
}

#[tokio::test]
async fn query_unit_input_sends_only_action_and_version() {
    let stub = Stub::new(xml(200, "<PingResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PingResponse>"));
    let out = guarded(query_client(&stub).ping().send()).await.expect("Ping");
    assert_eq!(query::RequestId::request_id(&out), Some("r"));
    assert_eq!(request(&stub).1, b"Action=Ping&Version=2025-07-01");
}

#[tokio::test]
async fn query_errors_are_typed_by_their_custom_code() {
    use query::ProvideErrorMetadata as _;
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>Parcel.NotFound</Code><Message>no parcel p-1</Message></Error><RequestId>e-1</RequestId></ErrorResponse>";
    let stub = Stub::new(xml(404, body));
    let err = guarded(query_client(&stub).get_parcel().id("p-1").send()).await.expect_err("NoSuchParcel");
    let service = err.into_service_error();
    assert!(matches!(service, query::GetParcelError::NoSuchParcel(_)), "{service:?}");
    assert_eq!(service.code(), Some("Parcel.NotFound"));
    assert_eq!(service.message(), Some("no parcel p-1"));
    assert_eq!(query::RequestId::request_id(&service), Some("e-1"));

    let body = "<ErrorResponse><Error><Code>Throttling.Other</Code><Message>slow down</Message></Error><RequestId>e-2</RequestId></ErrorResponse>";
    let stub = Stub::new(xml(400, body));
    let err = guarded(query_client(&stub).get_parcel().id("p-1").send()).await.expect_err("unknown code");
    let service = err.into_service_error();
    assert!(service.meta().code() == Some("Throttling.Other") && !service.is_no_such_parcel(), "{service:?}");

    // A sensitive member of an error stays out of every rendering.
    let body = format!("<ErrorResponse><Error><Code>ParcelRejected</Code><Message>no</Message><code>{SECRET}</code></Error></ErrorResponse>");
    let stub = Stub::new(xml(400, &body));
    let err = guarded(query_client(&stub).put_parcel().parcel(parcel_q()).send()).await.expect_err("rejected");
    for text in [format!("{err:?}"), format!("{}", query::DisplayErrorContext(&err))] {
        assert!(!text.contains(SECRET), "{text}");
    }
    let service = err.into_service_error();
    assert!(service.is_parcel_rejected(), "{service:?}");
}

#[tokio::test]
async fn hostile_query_responses_give_typed_errors() {
    let cases: Vec<(&str, Reply, &str)> = vec![
        ("truncated XML", xml(200, "<GetParcelResponse><GetParcelResult><parcel><id>a</id>"), "ResponseError"),
        ("mismatched tags", xml(200, "<GetParcelResponse><GetParcelResult></parcel></GetParcelResponse>"), "ResponseError"),
        ("wrong types", xml(200, "<GetParcelResponse><GetParcelResult><parcel><weight>heavy</weight></parcel></GetParcelResult></GetParcelResponse>"), "ResponseError"),
        ("a bad timestamp", xml(200, "<GetParcelResponse><GetParcelResult><history><member>noon</member></history></GetParcelResult></GetParcelResponse>"), "ResponseError"),
        ("two union members", xml(200, "<GetParcelResponse><GetParcelResult><parcel><route><air>a</air><sea>1</sea></route></parcel></GetParcelResult></GetParcelResponse>"), "ResponseError"),
        ("an HTML page", http(200, &[("Content-Type", "text/html")], "<html><body><p>Welcome<br></body></html>"), "ResponseError"),
        ("deep nesting", xml(200, &"<a>".repeat(50_000)), "ResponseError"),
        ("an HTML error page", xml(503, "<html>down</html>"), "ServiceError"),
        ("nothing at all", Reply::Bytes(Vec::new()), "DispatchFailure"),
    ];
    for (what, reply, expected) in cases {
        let stub = Stub::new(reply);
        let err = guarded(query_client(&stub).get_parcel().id("a").send()).await.expect_err(what);
        assert_eq!(variant(&err), expected, "{what}: {err:?}");
    }
    // Unknown elements are skipped, an unknown union member is `Unknown`, a missing result
    // wrapper is an output with nothing set.
    let body = "<GetParcelResponse><Extra/><GetParcelResult><parcel><id>a</id><surprise>1</surprise><route><drone>x</drone></route></parcel></GetParcelResult></GetParcelResponse>";
    let stub = Stub::new(xml(200, body));
    let out = guarded(query_client(&stub).get_parcel().id("a").send()).await.expect("unknown parts are skipped");
    let parcel = out.parcel().expect("parcel");
    assert_eq!(parcel.id(), Some("a"));
    assert!(parcel.route().is_some_and(query::Route::is_unknown));
    // An `Unknown` union member, read from a response, cannot be sent back.
    let stub = Stub::new(xml(200, "<PutParcelResponse/>"));
    let err = guarded(query_client(&stub).put_parcel().parcel(parcel.clone()).send()).await.expect_err("Unknown");
    assert_eq!(variant(&err), "ConstructionFailure", "{err:?}");
    assert!(stub.requests().is_empty(), "nothing was sent");
    let stub = Stub::new(xml(200, "<GetParcelResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetParcelResponse>"));
    let out = guarded(query_client(&stub).get_parcel().id("a").send()).await.expect("an empty output");
    assert!(out.parcel().is_none() && out.history().is_empty());
}

// ---------------------------------------------------------------------------------------------
// RPC v2 CBOR
// ---------------------------------------------------------------------------------------------

mod cbor_course_api {
    pub use cbor_course::error::{DisplayErrorContext, ProvideErrorMetadata};
    pub use cbor_course::operation::get_parcel::GetParcelError;
    pub use cbor_course::types::{Address, Parcel, ParcelKind, Route};
}
use cbor_course_api as cc;

fn cbor_client(stub: &Stub) -> cbor_course::Client {
    let config = cbor_course::Config::builder()
        .region(cbor_course::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{}", stub.addr))
        .credentials_provider(cbor_course::config::Credentials::new("AKIDTEST", "SECRETKEY", None, None, "test"))
        .retry_config(cbor_course::config::retry::RetryConfig::standard().with_max_attempts(1))
        .timeout_config(cbor_course::config::timeout::TimeoutConfig::builder().operation_timeout(PATIENCE).build())
        .build();
    cbor_course::Client::from_conf(config)
}

fn cbor_reply(status: u16, body: Vec<u8>) -> Reply {
    http(status, &[("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")], body)
}

/// Encodes a CBOR document with minicbor.
fn encode(f: impl FnOnce(&mut minicbor::Encoder<&mut Vec<u8>>) -> Result<(), minicbor::encode::Error<std::convert::Infallible>>) -> Vec<u8> {
    let mut bytes = Vec::new();
    f(&mut minicbor::Encoder::new(&mut bytes)).expect("CBOR encodes");
    bytes
}

fn entry<'v>(map: &'v CborValue, key: &str) -> &'v CborValue {
    let CborValue::Map(m) = map else { panic!("not a map: {map:?}") };
    m.0.iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_else(|| panic!("no `{key}` in {map:?}"))
}

#[tokio::test]
async fn cbor_requests_and_responses_carry_every_kind() {
    use minicbor::data::Tag;
    let response = encode(|e| {
        e.begin_map()?;
        e.str("id")?.str("p-9")?;
        e.str("received")?.tag(Tag::new(1))?.f64(1_700_000_000.5)?;
        e.str("parcel")?.map(9)?;
        e.str("kind")?.str("box")?;
        e.str("priority")?.i32(2)?;
        e.str("sparseTags")?.array(2)?.str("a")?.null()?;
        e.str("sparseLabels")?.map(1)?.str("k")?.null()?;
        e.str("big")?.tag(Tag::new(2))?.bytes(&[1, 0, 0, 0, 0, 0, 0, 0, 0])?;
        e.str("exact")?.tag(Tag::new(4))?.array(2)?.i8(-2)?.i64(1250)?;
        e.str("route")?.map(1)?.str("ground")?.map(0)?;
        e.str("stamps")?.array(1)?.tag(Tag::new(1))?.u32(0)?;
        e.str("unknownField")?.array(1)?.str("ignored")?;
        e.end()?;
        Ok(())
    });
    let stub = Stub::new(cbor_reply(200, response));
    let parcel = cc::Parcel::builder()
        .id("p-1")
        .kind(cc::ParcelKind::Letter)
        .weight(2.5)
        .ratio(0.5)
        .serial(1 << 40)
        .small(-3)
        .tiny(7)
        .sent(DateTime::from_secs(1_700_000_000))
        .photo(Blob::new(b"jpg"))
        .sparse_tags(None)
        .sparse_tags(Some("b".to_owned()))
        .big("18446744073709551616".parse().expect("a big integer"))
        .exact("-12.50".parse().expect("a decimal"))
        .address(cc::Address::builder().street("1 Main St").build())
        .route(cc::Route::Sea(4))
        .build();
    let out = guarded(cbor_client(&stub).put_parcel().parcel(parcel).send()).await.expect("PutParcel");
    assert_eq!(out.id(), Some("p-9"));
    assert_eq!(out.received().map(|t| (t.secs(), t.subsec_nanos())), Some((1_700_000_000, 500_000_000)));
    let back = out.parcel().expect("parcel");
    assert_eq!(back.kind(), Some(&cc::ParcelKind::Box));
    assert_eq!(back.priority(), Some(2));
    assert_eq!(back.sparse_tags(), [Some("a".to_owned()), None]);
    assert_eq!(back.sparse_labels().and_then(|l| l.get("k")), Some(&None));
    assert_eq!(back.big().map(|b| b.as_ref().to_owned()), Some("18446744073709551616".to_owned()));
    assert_eq!(back.exact().map(|d| d.as_ref().to_owned()), Some("1250e-2".to_owned()));
    assert_eq!(back.route(), Some(&cc::Route::Ground));
    assert_eq!(back.stamps(), [DateTime::from_secs(0)]);

    let (head, body) = request(&stub);
    assert!(head.starts_with("post /service/cborcourse/operation/putparcel http/1.1"), "{head}");
    for header in ["smithy-protocol: rpc-v2-cbor", "content-type: application/cbor", "accept: application/cbor"] {
        assert!(head.contains(header), "{header} in {head}");
    }
    let sent = cbor::parse(&body).expect("the request body is CBOR");
    let p = entry(&sent, "parcel");
    assert_eq!(entry(p, "id"), &CborValue::Text("p-1".to_owned()));
    assert_eq!(entry(p, "kind"), &CborValue::Text("letter".to_owned()));
    assert_eq!(entry(p, "weight"), &CborValue::Float(2.5));
    assert_eq!(entry(p, "ratio"), &CborValue::Float(0.5));
    assert_eq!(entry(p, "serial"), &CborValue::Int(1 << 40));
    assert_eq!((entry(p, "small"), entry(p, "tiny")), (&CborValue::Int(-3), &CborValue::Int(7)));
    assert_eq!(entry(p, "sent"), &CborValue::Tag(1, Box::new(CborValue::Float(1_700_000_000.0))));
    assert_eq!(entry(p, "photo"), &CborValue::Bytes(b"jpg".to_vec()));
    assert_eq!(entry(p, "sparseTags"), &CborValue::Array(vec![CborValue::Null, CborValue::Text("b".to_owned())]));
    assert_eq!(entry(p, "big"), &CborValue::Tag(2, Box::new(CborValue::Bytes(vec![1, 0, 0, 0, 0, 0, 0, 0, 0]))));
    assert!(matches!(entry(p, "exact"), CborValue::Tag(4, _)), "{:?}", entry(p, "exact"));
    assert_eq!(entry(entry(p, "route"), "sea"), &CborValue::Int(4));
    assert_eq!(entry(entry(p, "address"), "street"), &CborValue::Text("1 Main St".to_owned()));
    assert!(matches!(entry(&sent, "token"), CborValue::Text(t) if t.len() == 36), "the idempotency token is filled");
}

#[tokio::test]
async fn cbor_unit_input_sends_no_body() {
    let stub = Stub::new(cbor_reply(200, Vec::new()));
    guarded(cbor_client(&stub).ping().send()).await.expect("Ping");
    let (head, body) = request(&stub);
    assert!(body.is_empty(), "{body:?}");
    assert!(!head.contains("content-type"), "{head}");
    assert!(head.contains("smithy-protocol: rpc-v2-cbor"), "{head}");
}

#[tokio::test]
async fn cbor_errors_are_typed_by_type() {
    use cc::ProvideErrorMetadata as _;
    let body = encode(|e| {
        e.map(2)?.str("__type")?.str("example.cbor#NoSuchParcel")?.str("message")?.str("no parcel p-1")?;
        Ok(())
    });
    let stub = Stub::new(cbor_reply(404, body));
    let err = guarded(cbor_client(&stub).get_parcel().id("p-1").send()).await.expect_err("NoSuchParcel");
    let service = err.into_service_error();
    assert!(matches!(service, cc::GetParcelError::NoSuchParcel(_)), "{service:?}");
    assert_eq!((service.code(), service.message()), (Some("NoSuchParcel"), Some("no parcel p-1")));

    let body = encode(|e| {
        e.map(1)?.str("__type")?.str("example.cbor#Overloaded")?;
        Ok(())
    });
    let stub = Stub::new(cbor_reply(500, body));
    let service = guarded(cbor_client(&stub).get_parcel().id("p-1").send()).await.expect_err("unknown").into_service_error();
    assert_eq!(service.code(), Some("Overloaded"));
    assert!(!service.is_no_such_parcel());

    let body = encode(|e| {
        e.map(2)?.str("__type")?.str("example.cbor#ParcelRejected")?.str("code")?.str(SECRET)?;
        Ok(())
    });
    let stub = Stub::new(cbor_reply(400, body));
    let parcel = cc::Parcel::builder().id("p").build();
    let err = guarded(cbor_client(&stub).put_parcel().parcel(parcel).send()).await.expect_err("ParcelRejected");
    for text in [format!("{err:?}"), format!("{}", cc::DisplayErrorContext(&err))] {
        assert!(!text.contains(SECRET), "{text}");
    }
    assert!(err.into_service_error().is_parcel_rejected());
}

#[tokio::test]
async fn hostile_cbor_responses_give_typed_errors() {
    let mut deep = vec![0x81; 100_000];
    deep.push(0x01);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", vec![0xa1, 0x62, b'i', b'd', 0x63, b'a']),
        ("an indefinite map that never ends", vec![0xbf, 0x62, b'i', b'd', 0x61, b'a']),
        ("an indefinite string that never ends", vec![0xa1, 0x62, b'i', b'd', 0x7f, 0x61, b'a']),
        ("a huge declared byte string", vec![0xa1, 0x65, b'p', b'h', b'o', b't', b'o', 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ("a huge declared array", vec![0xa1, 0x66, b'h', b'i', b's', b't', b'o', b'r', 0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ("a huge declared map", vec![0xbb, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ("deep nesting", deep),
        ("invalid UTF-8 text", vec![0xa1, 0x62, b'i', b'd', 0x62, 0xff, 0xfe]),
        ("not a map", vec![0x83, 1, 2, 3]),
        ("wrong types", encode(|e| { e.map(1)?.str("parcel")?.map(1)?.str("weight")?.str("heavy")?; Ok(()) })),
        ("a string where a timestamp goes", encode(|e| { e.map(1)?.str("history")?.array(1)?.str("noon")?; Ok(()) })),
        ("two union members", encode(|e| { e.map(1)?.str("parcel")?.map(1)?.str("route")?.map(2)?.str("air")?.str("a")?.str("sea")?.u8(1)?; Ok(()) })),
        ("an integer that does not fit", encode(|e| { e.map(1)?.str("parcel")?.map(1)?.str("tiny")?.u32(300)?; Ok(()) })),
        ("trailing bytes", vec![0xa0, 0x00]),
        ("a reserved additional-information value", vec![0xa1, 0x62, b'i', b'd', 0x1c]),
    ];
    for (what, body) in cases {
        let stub = Stub::new(cbor_reply(200, body));
        let err = guarded(cbor_client(&stub).get_parcel().id("a").send()).await.expect_err(what);
        assert_eq!(variant(&err), "ResponseError", "{what}: {err:?}");
    }
    // An unknown union member is kept as `Unknown`; an error body that is not CBOR is unhandled.
    let body = encode(|e| { e.map(1)?.str("parcel")?.map(1)?.str("route")?.map(1)?.str("drone")?.str("x")?; Ok(()) });
    let stub = Stub::new(cbor_reply(200, body));
    let out = guarded(cbor_client(&stub).get_parcel().id("a").send()).await.expect("an unknown union member");
    assert!(out.parcel().and_then(|p| p.route()).is_some_and(cc::Route::is_unknown));
    let stub = Stub::new(http(502, &[("Content-Type", "text/html")], "<html>bad gateway</html>"));
    let err = guarded(cbor_client(&stub).get_parcel().id("a").send()).await.expect_err("HTML");
    assert_eq!(variant(&err), "ServiceError", "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Arbitrary input to the readers
// ---------------------------------------------------------------------------------------------

mod arbitrary {
    use proptest::prelude::*;
    use smithy_client_runtime::{cbor, xml};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Bytes of any kind give a value or an error from the CBOR reader, never a panic.
        #[test]
        fn cbor_reader_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            if let Ok(value) = cbor::parse(&bytes) {
                let _ = <cbor_course::types::Parcel as cbor::CborDe>::read_cbor(&value);
            }
        }

        /// Structurally valid CBOR maps with arbitrary members read without a panic.
        #[test]
        fn cbor_reader_takes_any_map(entries in proptest::collection::vec(("[a-z]{1,8}", any::<i64>(), any::<bool>()), 0..16)) {
            let mut bytes = Vec::new();
            let mut e = minicbor::Encoder::new(&mut bytes);
            e.map(entries.len() as u64).expect("map");
            for (key, n, as_text) in &entries {
                e.str(key).expect("key");
                if *as_text { e.str(&n.to_string()).expect("text"); } else { e.i64(*n).expect("int"); }
            }
            let value = cbor::parse(&bytes).expect("valid CBOR");
            let _ = <cbor_course::types::Parcel as cbor::CborDe>::read_cbor(&value);
        }

        /// Text of any kind gives a document or an error from the XML reader, never a panic.
        #[test]
        fn xml_reader_takes_any_text(text in "(<[a-z]{1,3}>|</[a-z]{1,3}>|[a-z0-9 &;<>/]){0,64}") {
            if let Ok(doc) = xml::parse(text.as_bytes()) {
                let _ = xml::read::<query_course::types::Parcel>(&doc, &xml::Member::new("parcel"));
            }
        }
    }
}
