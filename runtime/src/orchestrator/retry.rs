//! Which failures are retried, and how long to wait before the next attempt. The built-in
//! classification comes first; classifiers from the configuration (`retry_classifier`) then
//! refine it in turn, and one that forbids a retry has the last word.

use std::time::Duration;

use aws_smithy_runtime_api::client::interceptors::context::{Error, InterceptorContext};
use aws_smithy_runtime_api::client::orchestrator::OrchestratorError;
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction, RetryReason};
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::{ErrorKind, RetryConfig};

use super::codec::OperationCodec;
use crate::client::transport::BodyError;
use crate::client::{OperationSpec, Runtime};

/// Error codes the AWS SDKs treat as throttling.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes the AWS SDKs treat as transient.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses retried whatever the error code.
const RETRYABLE_STATUSES: &[u16] = &[500, 502, 503, 504, 429];

/// Whether the attempt that just ended should be tried again: `Some` with the kind of error
/// when it should.
pub(super) fn should_retry(runtime: &Runtime, op: &OperationSpec, codec: &dyn OperationCodec, ctx: &InterceptorContext, _cfg: &ConfigBag) -> Option<ErrorKind> {
    let Some(Err(error)) = ctx.output_or_error() else { return None };
    let mut action = builtin(runtime, error, op, codec, ctx);
    for classifier in runtime.components().retry_classifiers() {
        match classifier.classify_retry_v2(ctx, &action) {
            RetryAction::NoActionIndicated => {}
            RetryAction::RetryForbidden => return None,
            other => action = other,
        }
    }
    match action {
        RetryAction::RetryIndicated(RetryReason::RetryableError { kind, .. }) => Some(kind),
        RetryAction::RetryIndicated(_) => Some(ErrorKind::TransientError),
        _ => None,
    }
}

/// The AWS SDKs' standard classification: I/O errors, timeouts, throttling and transient
/// errors, retryable statuses and the operation's `@retryable` errors.
fn builtin(runtime: &Runtime, error: &OrchestratorError<Error>, op: &OperationSpec, codec: &dyn OperationCodec, ctx: &InterceptorContext) -> RetryAction {
    let retry = |kind| RetryAction::RetryIndicated(RetryReason::RetryableError { kind, retry_after: None });
    if error.is_timeout_error() {
        return retry(ErrorKind::TransientError);
    }
    if let Some(e) = error.as_connector_error() {
        let retryable = e.is_io() || e.is_timeout() || matches!(e.as_other(), Some(ErrorKind::TransientError | ErrorKind::ThrottlingError | ErrorKind::ServerError));
        return if retryable { retry(ErrorKind::TransientError) } else { RetryAction::NoActionIndicated };
    }
    if error.is_response_error() {
        let source = std::error::Error::source(error);
        let read_failed = source.and_then(|s| s.downcast_ref::<BodyError>()).is_some_and(|e| matches!(e, BodyError::Read(_)));
        return if read_failed { retry(ErrorKind::TransientError) } else { RetryAction::NoActionIndicated };
    }
    let Some(operation_error) = error.as_operation_error() else { return RetryAction::NoActionIndicated };
    let status = ctx.response().map(|r| r.status().as_u16());
    let code = codec.error_metadata(operation_error).and_then(|m| m.code());
    if code.is_some_and(|c| THROTTLING_CODES.contains(&c) || op.retryable_codes.contains(&c)) || status == Some(429) {
        retry(ErrorKind::ThrottlingError)
    } else if code.is_some_and(|c| TRANSIENT_CODES.contains(&c) || runtime.service().retries_error_code(c)) {
        retry(ErrorKind::TransientError)
    } else if status.is_some_and(|s| RETRYABLE_STATUSES.contains(&s)) {
        retry(ErrorKind::ServerError)
    } else {
        RetryAction::NoActionIndicated
    }
}

/// The wait after failed attempt number `attempt` (1-based): a random duration between zero
/// and `initial_backoff * 2^(attempt - 1)`, capped at `max_backoff` ("full jitter"). With a
/// static exponential base the upper bound itself is used.
///
/// `non_throttling` replaces the initial backoff for failures other than throttling, where
/// the service's rules give one (Amazon DynamoDB's 25 ms).
pub(super) fn backoff(config: &RetryConfig, attempt: u32, kind: ErrorKind, non_throttling: Option<Duration>) -> Duration {
    let initial = match non_throttling {
        Some(base) if kind != ErrorKind::ThrottlingError => base,
        _ => config.initial_backoff(),
    };
    let exponent = i32::try_from(attempt.saturating_sub(1).min(62)).unwrap_or(62);
    let ceiling = (initial.as_secs_f64() * 2f64.powi(exponent))
        .min(config.max_backoff().as_secs_f64());
    let factor = if config.use_static_exponential_base() {
        1.0
    } else {
        fastrand::f64()
    };
    Duration::try_from_secs_f64(ceiling * factor).unwrap_or_else(|_| config.max_backoff())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded() {
        let config = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        for attempt in [1, 2, 3, 4, 10, 100, u32::MAX] {
            for _ in 0..50 {
                let wait = backoff(&config, attempt, ErrorKind::ServerError, None);
                let cap = Duration::from_millis(100)
                    .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
                    .min(Duration::from_secs(1));
                assert!(wait <= cap, "attempt {attempt}: {wait:?} > {cap:?}");
            }
        }
        let zero = RetryConfig::standard().with_initial_backoff(Duration::ZERO);
        assert_eq!(backoff(&zero, 5, ErrorKind::ServerError, None), Duration::ZERO);
    }

    #[test]
    fn a_non_throttling_base_applies_to_other_failures_only() {
        let config = RetryConfig::standard().with_initial_backoff(Duration::from_secs(1)).with_max_backoff(Duration::from_secs(20));
        let base = Some(Duration::from_millis(25));
        for _ in 0..50 {
            assert!(backoff(&config, 1, ErrorKind::ServerError, base) <= Duration::from_millis(25));
            assert!(backoff(&config, 3, ErrorKind::TransientError, base) <= Duration::from_millis(100));
        }
        let throttled: Vec<Duration> = (0..50).map(|_| backoff(&config, 1, ErrorKind::ThrottlingError, base)).collect();
        assert!(throttled.iter().all(|w| *w <= Duration::from_secs(1)));
        assert!(throttled.iter().any(|w| *w > Duration::from_millis(25)), "throttling keeps the 1 s base");
    }
}
