//! The per-service rules of the AWS SDKs that act at run time. A generated crate lists the
//! rules of its service in its [`ServiceSpec`] (the generator
//! decides which, by the service's shape id); the runtime applies each where it belongs: on the
//! request before it is signed, on the error metadata read from a failed response, on the
//! retry decision. A service without rules behaves as the protocol says and nothing more.

mod glacier;

use aws_smithy_runtime_api::client::orchestrator::HttpRequest;

use crate::client::ServiceSpec;
use crate::error::BoxError;

/// One rule of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServiceRule {
    /// Amazon S3's SigV4 rules: URI paths are encoded once and not normalised, and every
    /// signed request carries `x-amz-content-sha256` (`UNSIGNED-PAYLOAD` for streamed bodies).
    S3Signing,
    /// A 2xx response whose body is an `<Error>` document is an error (Amazon S3).
    ErrorsIn200,
    /// An error response without a body (the answer to `HEAD`) takes its code from its
    /// status: `404` is `NotFound`, any other status the words of its reason phrase joined
    /// (`Forbidden`, `MovedPermanently`), so `is_not_found()` and waiters match (Amazon S3).
    ErrorCodeFromStatus,
    /// These error codes are retried as transient errors (Amazon S3's `InternalError`).
    RetryErrorCodes(&'static [&'static str]),
    /// Every request carries `Accept: application/json` (Amazon API Gateway).
    AcceptJson,
    /// Retries when the configuration sets none: this many attempts, and failures other than
    /// throttling back off from this many milliseconds (throttling keeps the standard 1 s)
    /// (Amazon DynamoDB: 4 attempts, 25 ms).
    RetryDefaults {
        /// Attempts in all.
        max_attempts: u32,
        /// The initial backoff of failures other than throttling, in milliseconds.
        non_throttling_backoff_ms: u64,
    },
    /// Amazon Glacier: every request carries `x-amz-glacier-version` with the service's
    /// version, and a request with a body carries its SHA-256 (`x-amz-content-sha256`) and
    /// SHA-256 tree hash (`x-amz-sha256-tree-hash`) unless the caller set them.
    GlacierHeaders,
}

impl ServiceSpec {
    /// Whether the service has `rule`.
    pub fn has_rule(&self, rule: ServiceRule) -> bool {
        self.service_rules.contains(&rule)
    }

    /// The retry configuration when the client's sets none, and the initial backoff of
    /// failures other than throttling when the service's rules change it.
    pub fn default_retry(&self) -> (aws_smithy_types::retry::RetryConfig, Option<std::time::Duration>) {
        let standard = aws_smithy_types::retry::RetryConfig::standard();
        self.service_rules
            .iter()
            .find_map(|rule| match rule {
                ServiceRule::RetryDefaults { max_attempts, non_throttling_backoff_ms } => {
                    Some((standard.clone().with_max_attempts(*max_attempts), Some(std::time::Duration::from_millis(*non_throttling_backoff_ms))))
                }
                _ => None,
            })
            .unwrap_or((standard, None))
    }

    /// Whether an error code is retried by one of the service's rules.
    pub fn retries_error_code(&self, code: &str) -> bool {
        self.service_rules.iter().any(|rule| matches!(rule, ServiceRule::RetryErrorCodes(codes) if codes.contains(&code)))
    }
}

/// Applies the service's request rules to a request made from an operation's input, before
/// the headers of each attempt and signing.
pub(crate) async fn on_request(spec: &ServiceSpec, request: &mut HttpRequest) -> Result<(), BoxError> {
    for rule in spec.service_rules {
        match rule {
            ServiceRule::AcceptJson => {
                request.headers_mut().insert("accept", "application/json");
            }
            ServiceRule::GlacierHeaders => glacier::on_request(spec.version, request).await?,
            _ => {}
        }
    }
    Ok(())
}

/// The error code an error response without one takes from its status, under
/// [`ServiceRule::ErrorCodeFromStatus`].
pub(crate) fn code_from_status(status: http::StatusCode) -> String {
    if status == http::StatusCode::NOT_FOUND {
        return "NotFound".to_owned();
    }
    match status.canonical_reason() {
        Some(reason) => reason.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect(),
        None => status.as_u16().to_string(),
    }
}

/// Sets a header unless the request has it.
fn set_if_absent(request: &mut HttpRequest, name: &'static str, value: &str) -> Result<(), BoxError> {
    if request.headers().get(name).is_none() {
        request.headers_mut().try_insert(name, value.to_owned())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_statuses() {
        let code = |n: u16| code_from_status(http::StatusCode::from_u16(n).expect("status"));
        assert_eq!(code(404), "NotFound");
        assert_eq!(code(403), "Forbidden");
        assert_eq!(code(301), "MovedPermanently");
        assert_eq!(code(412), "PreconditionFailed");
        assert_eq!(code(599), "599");
    }
}
