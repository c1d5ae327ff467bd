//! Error code, message and request id of an awsJson response.

use aws_smithy_types::error::ErrorMetadata;
use serde_json::{Map, Value};

use super::HttpResponse;
use crate::AWS_REQUEST_ID;

/// awsJson error metadata from a response.
///
/// - code: header `x-amzn-errortype`, else body `__type`, else body `code`, sanitised as
///   Smithy says: anything from the first `:` on and everything up to and including the last
///   `#` is dropped (`aws.example#Throttled:http://...` → `Throttled`);
/// - message: body `message`, `Message` or `errorMessage`, else header `x-amzn-errormessage`;
/// - request id: header `x-amzn-requestid` or `x-amz-request-id`, stored as the
///   [`AWS_REQUEST_ID`] extra.
///
/// A body that is not a JSON object (an HTML error page, an empty 500) still yields metadata,
/// with whatever the headers carry.
pub fn error_metadata(raw: &HttpResponse) -> ErrorMetadata {
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

    let mut meta = ErrorMetadata::builder();
    if let Some(code) = code {
        meta = meta.code(code);
    }
    if let Some(message) = message {
        meta = meta.message(message);
    }
    if let Some(id) = request_id(raw) {
        meta = meta.custom(AWS_REQUEST_ID, id);
    }
    meta.build()
}

/// The request id of any response: header `x-amzn-requestid`, else `x-amz-request-id`.
pub fn request_id(raw: &HttpResponse) -> Option<&str> {
    let headers = raw.headers();
    headers
        .get("x-amzn-requestid")
        .or_else(|| headers.get("x-amz-request-id"))
}

/// The bare shape name of an error code; `None` when nothing is left.
fn sanitize_code(code: &str) -> Option<&str> {
    let code = code.split(':').next().unwrap_or(code);
    let code = code.rsplit('#').next().unwrap_or(code).trim();
    (!code.is_empty()).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::sanitize_code;

    #[test]
    fn codes() {
        assert_eq!(sanitize_code("FooError"), Some("FooError"));
        assert_eq!(
            sanitize_code("aws.protocoltests.restjson#FooError"),
            Some("FooError")
        );
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
