//! Which failures are retried, and how long to wait before the next attempt.

use std::time::Duration;

use aws_smithy_types::retry::{ErrorKind, RetryConfig};

use super::transport::BodyError;
use super::{Failure, OperationSpec};

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

/// Whether another attempt may succeed where this one failed.
pub(super) fn is_retryable(failure: &Failure, op: &OperationSpec) -> bool {
    match failure {
        Failure::Construction(_) => false,
        // Only attempt timeouts get here: the operation timeout ends the whole call.
        Failure::Timeout(_) => true,
        Failure::Dispatch(e) => {
            e.is_io()
                || e.is_timeout()
                || matches!(
                    e.as_other(),
                    Some(
                        ErrorKind::TransientError
                            | ErrorKind::ThrottlingError
                            | ErrorKind::ServerError
                    )
                )
        }
        Failure::Response { source, .. } => {
            matches!(source.downcast_ref::<BodyError>(), Some(BodyError::Read(_)))
        }
        Failure::Service { meta, raw } => {
            RETRYABLE_STATUSES.contains(&raw.status().as_u16())
                || meta.code().is_some_and(|code| {
                    THROTTLING_CODES.contains(&code)
                        || TRANSIENT_CODES.contains(&code)
                        || op.retryable_codes.contains(&code)
                })
        }
    }
}

/// The wait after failed attempt number `attempt` (1-based): a random duration between zero
/// and `initial_backoff * 2^(attempt - 1)`, capped at `max_backoff` ("full jitter"). With a
/// static exponential base the upper bound itself is used.
pub(super) fn backoff(config: &RetryConfig, attempt: u32) -> Duration {
    let exponent = i32::try_from(attempt.saturating_sub(1).min(62)).unwrap_or(62);
    let ceiling = (config.initial_backoff().as_secs_f64() * 2f64.powi(exponent))
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
                let wait = backoff(&config, attempt);
                let cap = Duration::from_millis(100)
                    .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
                    .min(Duration::from_secs(1));
                assert!(wait <= cap, "attempt {attempt}: {wait:?} > {cap:?}");
            }
        }
        let zero = RetryConfig::standard().with_initial_backoff(Duration::ZERO);
        assert_eq!(backoff(&zero, 5), Duration::ZERO);
    }
}
