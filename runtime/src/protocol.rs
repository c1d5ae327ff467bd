//! The wire protocols a generated client can speak, and what differs between them outside the
//! codecs: the fixed parts of every request, and where a failed response keeps its error code.

use aws_smithy_types::error::ErrorMetadata;

use crate::client::HttpResponse;
use crate::AWS_REQUEST_ID;

/// A Smithy protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`: `POST /`, `X-Amz-Target`, `application/x-amz-json-1.0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`: as 1.0 with `application/x-amz-json-1.1`.
    AwsJson1_1,
    /// `aws.protocols#restJson1`: HTTP bindings, JSON documents.
    RestJson1,
    /// `aws.protocols#restXml`: HTTP bindings, XML documents.
    RestXml,
    /// `aws.protocols#awsQuery`: `POST /` with a form body (`Action`, `Version`, members), XML
    /// responses wrapped in `<OpResponse><OpResult>`.
    AwsQuery,
    /// `aws.protocols#ec2Query`: as awsQuery with EC2's names and flattened lists, responses not
    /// wrapped in a result element.
    Ec2Query,
    /// `smithy.protocols#rpcv2Cbor`: `POST /service/{Service}/operation/{Operation}`, CBOR bodies.
    RpcV2Cbor,
    /// `smithy.protocols#rpcv2Json`: as rpcv2Cbor with JSON bodies.
    RpcV2Json,
}

/// How the fixed parts of a request are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestStyle {
    /// HTTP bindings: the operation's `@http` method and URI.
    Http,
    /// awsJson: `POST /` with `X-Amz-Target: {Service}.{Operation}`.
    AwsJsonTarget,
    /// awsQuery and ec2Query: `POST /`, the body starts with `Action` and `Version`.
    Query,
    /// RPC v2: `POST /service/{Service}/operation/{Operation}` with `smithy-protocol`.
    RpcV2,
}

impl Protocol {
    /// How the fixed parts of this protocol's requests are laid out.
    pub fn request_style(self) -> RequestStyle {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => RequestStyle::AwsJsonTarget,
            Protocol::RestJson1 | Protocol::RestXml => RequestStyle::Http,
            Protocol::AwsQuery | Protocol::Ec2Query => RequestStyle::Query,
            Protocol::RpcV2Cbor | Protocol::RpcV2Json => RequestStyle::RpcV2,
        }
    }

    /// Whether requests ignore the `@http` trait.
    pub fn is_rpc(self) -> bool {
        self.request_style() != RequestStyle::Http
    }

    /// The `Content-Type` of a request whose body is a document of this protocol.
    pub fn document_content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 | Protocol::RpcV2Json => "application/json",
            Protocol::RestXml => "application/xml",
            Protocol::AwsQuery | Protocol::Ec2Query => "application/x-www-form-urlencoded",
            Protocol::RpcV2Cbor => "application/cbor",
        }
    }

    /// The `smithy-protocol` header value of the RPC v2 protocols.
    pub fn smithy_protocol(self) -> Option<&'static str> {
        match self {
            Protocol::RpcV2Cbor => Some("rpc-v2-cbor"),
            Protocol::RpcV2Json => Some("rpc-v2-json"),
            _ => None,
        }
    }

    /// Code, message and request id of a failed response, read the way the protocol says.
    pub fn error_metadata(self, raw: &HttpResponse) -> ErrorMetadata {
        self.error_metadata_with(raw, false)
    }

    /// [`Protocol::error_metadata`], where a response without a body and without an error
    /// code takes its code from its status when `code_from_status` is set
    /// ([`ServiceRule::ErrorCodeFromStatus`](crate::services::ServiceRule::ErrorCodeFromStatus)).
    pub fn error_metadata_with(self, raw: &HttpResponse, code_from_status: bool) -> ErrorMetadata {
        let found = match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 | Protocol::RpcV2Json => json_error(raw),
            Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query => xml_error(raw),
            Protocol::RpcV2Cbor => cbor_error(raw),
        };
        let mut found = found;
        if code_from_status && found.code.is_none() && raw.body().bytes().is_some_and(<[u8]>::is_empty) {
            let status = http::StatusCode::from_u16(raw.status().as_u16()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            found.code = Some(crate::services::code_from_status(status));
        }
        let mut meta = ErrorMetadata::builder();
        // A query-compatible service names the awsQuery error code (and fault) in a header;
        // the code users see is that one, the modelled error is still found by its shape name.
        let query_error = raw.headers().get("x-amzn-query-error").map(|v| v.split_once(';').unwrap_or((v, "")));
        let query_code = query_error.map(|(code, _)| code.trim()).filter(|c| !c.is_empty());
        let query_type = query_error.map(|(_, fault)| fault.trim()).filter(|t| !t.is_empty());
        match (query_code, found.code) {
            (Some(query), Some(shape)) => meta = meta.code(query).custom(ERROR_SHAPE, shape),
            (Some(query), None) => meta = meta.code(query),
            (None, Some(code)) => meta = meta.code(code),
            (None, None) => {}
        }
        if let Some(message) = found.message {
            meta = meta.message(message);
        }
        if let Some(fault) = query_type.map(str::to_owned).or(found.error_type) {
            meta = meta.custom(ERROR_TYPE, fault);
        }
        if let Some(id) = found.request_id.or_else(|| request_id(raw).map(str::to_owned)) {
            meta = meta.custom(AWS_REQUEST_ID, id);
        }
        if let Some(id) = raw.headers().get("x-amz-id-2") {
            meta = meta.custom(crate::AWS_EXTENDED_REQUEST_ID, id);
        }
        meta.build()
    }
}

/// The `ErrorMetadata` extra field that holds the error's shape name when the code users see
/// differs from it (query-compatible services).
pub const ERROR_SHAPE: &str = "smithy_error_shape";

/// The `ErrorMetadata` extra field that holds an awsQuery error's type (`Sender` or
/// `Receiver`): from `<Error><Type>` on the query protocols, or the fault half of a
/// query-compatible service's `x-amzn-query-error: Code;Fault` header.
pub const ERROR_TYPE: &str = "type";

/// The shape name that identifies a modelled error: the [`ERROR_SHAPE`] extra, else the code.
pub fn shape_code(meta: &ErrorMetadata) -> Option<&str> {
    meta.extra(ERROR_SHAPE).or_else(|| meta.code())
}

/// What an error response says about itself.
#[derive(Debug, Default)]
pub(crate) struct ErrorFacts {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    /// The awsQuery error type (`<Type>`), where the body states one.
    pub(crate) error_type: Option<String>,
}

/// The request id of any response: header `x-amzn-requestid`, else `x-amz-request-id`.
pub fn request_id(raw: &HttpResponse) -> Option<&str> {
    let headers = raw.headers();
    headers
        .get("x-amzn-requestid")
        .or_else(|| headers.get("x-amz-request-id"))
}

/// The bare shape name of an error code; `None` when nothing is left. Anything from the first
/// `:` on and everything up to and including the last `#` is dropped
/// (`aws.example#Throttled:http://...` → `Throttled`).
pub fn sanitize_code(code: &str) -> Option<&str> {
    let code = code.split(':').next().unwrap_or(code);
    let code = code.rsplit('#').next().unwrap_or(code).trim();
    (!code.is_empty()).then_some(code)
}

/// JSON protocols: code from the `x-amzn-errortype` header, else body `__type`, else body
/// `code`; message from body `message`, `Message` or `errorMessage`, else header
/// `x-amzn-errormessage`. A body that is not a JSON object still yields what the headers say.
#[cfg(feature = "json")]
fn json_error(raw: &HttpResponse) -> ErrorFacts {
    use serde_json::{Map, Value};
    let body: Option<Map<String, Value>> = raw
        .body()
        .bytes()
        .and_then(|bytes| serde_json::from_slice::<Value>(bytes).ok())
        .and_then(|value| match value {
            Value::Object(map) => Some(map),
            _ => None,
        });
    let field = |name: &str| body.as_ref()?.get(name)?.as_str();
    let code = raw
        .headers()
        .get("x-amzn-errortype")
        .and_then(sanitize_code)
        .or_else(|| field("__type").and_then(sanitize_code))
        .or_else(|| field("code").and_then(sanitize_code));
    let message = ["message", "Message", "errorMessage"]
        .into_iter()
        .find_map(field)
        .or_else(|| raw.headers().get("x-amzn-errormessage"));
    ErrorFacts {
        code: code.map(str::to_owned),
        message: message.map(str::to_owned),
        ..ErrorFacts::default()
    }
}

#[cfg(not(feature = "json"))]
fn json_error(raw: &HttpResponse) -> ErrorFacts {
    ErrorFacts {
        code: raw.headers().get("x-amzn-errortype").and_then(sanitize_code).map(str::to_owned),
        message: raw.headers().get("x-amzn-errormessage").map(str::to_owned),
        ..ErrorFacts::default()
    }
}

/// XML protocols: `<ErrorResponse><Error><Code>…` (or S3's unwrapped `<Error><Code>…`), with
/// `<Message>` and `<RequestId>` beside the code.
#[cfg(feature = "xml")]
fn xml_error(raw: &HttpResponse) -> ErrorFacts {
    crate::xml::error_facts(raw.body().bytes().unwrap_or_default())
}

#[cfg(not(feature = "xml"))]
fn xml_error(_raw: &HttpResponse) -> ErrorFacts {
    ErrorFacts::default()
}

/// RPC v2 CBOR: code from body `__type` (sanitised), message from `message`/`Message`.
#[cfg(feature = "cbor")]
fn cbor_error(raw: &HttpResponse) -> ErrorFacts {
    crate::cbor::error_facts(raw.body().bytes().unwrap_or_default())
}

#[cfg(not(feature = "cbor"))]
fn cbor_error(_raw: &HttpResponse) -> ErrorFacts {
    ErrorFacts::default()
}

#[cfg(test)]
mod tests {
    use super::sanitize_code;

    #[test]
    fn codes() {
        assert_eq!(sanitize_code("FooError"), Some("FooError"));
        assert_eq!(sanitize_code("aws.protocoltests.restjson#FooError"), Some("FooError"));
        assert_eq!(
            sanitize_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            Some("FooError")
        );
        assert_eq!(sanitize_code("FooError:http://x"), Some("FooError"));
        assert_eq!(sanitize_code(" FooError "), Some("FooError"));
        assert_eq!(sanitize_code(""), None);
        assert_eq!(sanitize_code("ns#"), None);
        assert_eq!(sanitize_code(":x"), None);
    }
}
