//! Waiters (`smithy.waiters#waitable`): poll an operation until its result reaches an acceptor's
//! state, with the backoff the Smithy waiter specification describes.
//!
//! A generated crate describes each waiter ([`WaiterSpec`]: delays and acceptors) and calls
//! [`wait`]; everything that does not depend on the model lives here. The generator compiles each
//! acceptor's JMESPath expression to a Rust function over the generated structs
//! ([`Matcher::Path`]); the few helpers those functions share (`index`, `slice`, `entries`, ...)
//! are at the end of this module. No expression is interpreted at run time.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::client::{HttpResponse, Runtime};
use crate::send::SendFuture;

pub use aws_smithy_runtime_api::client::waiters::error::{ExceededMaxWait, FailureState, OperationFailed, WaiterError};
pub use aws_smithy_runtime_api::client::waiters::FinalPoll;

// ---------------------------------------------------------------------------------------------
// Acceptors
// ---------------------------------------------------------------------------------------------

/// What a waiter does when an acceptor matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Stop waiting: the wait succeeded.
    Success,
    /// Stop waiting: the resource will not reach the desired state.
    Failure,
    /// Poll again.
    Retry,
}

/// What an acceptor looks at.
pub enum Matcher<I: 'static, O: 'static> {
    /// Whether the operation succeeded (`true`) or failed (`false`).
    Success(bool),
    /// The operation failed with the service error of this code (or shape name).
    ErrorType(&'static str),
    /// A path matcher over the input and output of a successful call, with its comparator:
    /// the generator compiles the model's JMESPath expression to this function.
    Path(fn(&I, &O) -> bool),
}

impl<I, O> fmt::Debug for Matcher<I, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Matcher::Success(ok) => f.debug_tuple("Success").field(ok).finish(),
            Matcher::ErrorType(code) => f.debug_tuple("ErrorType").field(code).finish(),
            Matcher::Path(_) => f.write_str("Path(..)"),
        }
    }
}

/// One acceptor of a waiter: a matcher and the state it leads to.
#[derive(Debug)]
pub struct Acceptor<I: 'static, O: 'static> {
    /// The state the waiter moves to when the matcher matches.
    pub state: AcceptorState,
    /// The matcher.
    pub matcher: Matcher<I, O>,
}

/// A waiter of an operation with input `I` and output `O`: its delays and acceptors, in the
/// model's order.
#[derive(Debug)]
pub struct WaiterSpec<I: 'static, O: 'static> {
    /// The shortest wait between two calls.
    pub min_delay: Duration,
    /// The longest wait between two calls.
    pub max_delay: Duration,
    /// The acceptors; the first that matches decides.
    pub acceptors: &'static [Acceptor<I, O>],
}

impl<I, O> WaiterSpec<I, O> {
    /// The state the first matching acceptor leads to, if one matches.
    fn state<E: ProvideErrorMetadata>(&self, input: &I, result: &Result<O, SdkError<E, HttpResponse>>) -> Option<AcceptorState> {
        let matches = |matcher: &Matcher<I, O>| match (matcher, result) {
            (Matcher::Success(ok), _) => result.is_ok() == *ok,
            (Matcher::ErrorType(code), Err(SdkError::ServiceError(e))) => {
                let meta = e.err().meta();
                meta.code() == Some(*code) || crate::protocol::shape_code(meta) == Some(*code)
            }
            (Matcher::Path(matches), Ok(output)) => matches(input, output),
            _ => false,
        };
        self.acceptors.iter().find(|a| matches(&a.matcher)).map(|a| a.state)
    }

    /// How long to wait before the next call, after `attempt` calls, with `remaining` of the
    /// maximum wait left; `None` when no further call fits.
    ///
    /// The Smithy waiters specification's schedule: the upper bound doubles from `min_delay`
    /// with each attempt up to the attempt ceiling, `log2(max_delay / min_delay) + 1`, and is
    /// `max_delay` past it; the delay is drawn uniformly from `[min_delay, upper]` (`unit` is
    /// the draw, in `[0, 1)`); when less than `min_delay` would be left after it, the delay is
    /// trimmed to `remaining - min_delay` for one last call.
    fn delay(&self, attempt: u32, remaining: Duration, unit: f64) -> Option<Duration> {
        let (min, max) = (self.min_delay, self.max_delay.max(self.min_delay));
        if remaining <= min {
            return None;
        }
        let upper = if attempt > self.attempt_ceiling() {
            max
        } else {
            min.checked_mul(2u32.saturating_pow(attempt.saturating_sub(1))).map_or(max, |d| d.min(max))
        };
        let delay = min + Duration::from_secs_f64(upper.saturating_sub(min).as_secs_f64() * unit.clamp(0.0, 1.0));
        Some(if remaining.saturating_sub(delay) <= min { remaining - min } else { delay })
    }

    /// The last attempt whose delay bound still doubles: `log2(max_delay / min_delay) + 1`.
    fn attempt_ceiling(&self) -> u32 {
        if self.min_delay.is_zero() {
            return u32::MAX;
        }
        let ratio = self.max_delay.as_secs_f64() / self.min_delay.as_secs_f64();
        (ratio.max(1.0).log2() + 1.0) as u32
    }
}

/// Polls until an acceptor says success (the final poll comes back) or failure, the operation
/// fails in a way no acceptor handles, or `max_wait` passes.
///
/// `input` is the operation's input (a construction failure when it could not be built); `poll`
/// sends it once. Sleeps and time come from the client's configuration.
pub async fn wait<I, O, E>(
    runtime: Arc<Runtime>,
    spec: &'static WaiterSpec<I, O>,
    max_wait: Duration,
    input: Result<I, aws_smithy_types::error::operation::BuildError>,
    poll: fn(&Arc<Runtime>, &I) -> SendFuture<O, E>,
) -> Result<FinalPoll<O, SdkError<E, HttpResponse>>, WaiterError<O, E>>
where
    I: Send + Sync + 'static,
    O: fmt::Debug + Send + Sync + 'static,
    E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
{
    let input = input.map_err(WaiterError::construction_failure)?;
    if max_wait < spec.min_delay {
        let why = format!("the maximum wait ({max_wait:?}) is shorter than the waiter's minimum delay ({:?})", spec.min_delay);
        return Err(WaiterError::construction_failure(why));
    }
    let start = runtime.now();
    let mut polls = 0u32;
    loop {
        let result = poll(&runtime, &input).await;
        polls += 1;
        // Acceptors see outputs and service errors; any other failure (the request was not
        // sent, the response could not be read) ends the wait at once.
        let result = match result {
            Err(e) if !matches!(e, SdkError::ServiceError(_)) => return Err(WaiterError::OperationFailed(OperationFailed::new(e))),
            other => other,
        };
        match spec.state(&input, &result) {
            Some(AcceptorState::Success) => return Ok(FinalPoll::new(result)),
            Some(AcceptorState::Failure) => return Err(failure(result)),
            Some(AcceptorState::Retry) => {}
            // A service error no acceptor expects ends the wait as a failed operation.
            None => {
                if let Err(e) = result {
                    return Err(WaiterError::OperationFailed(OperationFailed::new(e)));
                }
            }
        }
        let elapsed = runtime.now().duration_since(start).unwrap_or_default();
        match spec.delay(polls, max_wait.saturating_sub(elapsed), fastrand::f64()) {
            Some(delay) => runtime.sleep(delay).await,
            None => return Err(WaiterError::ExceededMaxWait(ExceededMaxWait::new(max_wait, elapsed, polls))),
        }
    }
}

/// The failure state for a final result: a modelled (or unmodelled service) error keeps its
/// type; an error that never reached the service ends the wait as a failed operation.
fn failure<O, E>(result: Result<O, SdkError<E, HttpResponse>>) -> WaiterError<O, E> {
    match result {
        Ok(o) => WaiterError::FailureState(FailureState::new(FinalPoll::new(Ok(o)))),
        Err(SdkError::ServiceError(ctx)) => WaiterError::FailureState(FailureState::new(FinalPoll::new(Err(ctx.into_err())))),
        Err(e) => WaiterError::OperationFailed(OperationFailed::new(e)),
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers of compiled paths
// ---------------------------------------------------------------------------------------------

/// `[i]`: the element at `i`, counted from the end when negative.
pub fn index<T: Clone>(items: &[T], i: i64) -> Option<T> {
    let i = if i < 0 { i64::try_from(items.len()).ok()? + i } else { i };
    usize::try_from(i).ok().and_then(|i| items.get(i)).cloned()
}

/// `[start:stop:step]`, with JMESPath's defaults and clamping (a zero step gives `None`).
pub fn slice<T: Clone>(items: &[T], start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Option<Vec<T>> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let len = i64::try_from(items.len()).ok()?;
    let clamp = |i: i64, low: i64, high: i64| if i < 0 { (i + len).max(low) } else { i.min(high) };
    let (start, stop) = if step > 0 {
        (start.map_or(0, |s| clamp(s, 0, len)), stop.map_or(len, |s| clamp(s, 0, len)))
    } else {
        (start.map_or(len - 1, |s| clamp(s, -1, len - 1)), stop.map_or(-1, |s| clamp(s, -1, len - 1)))
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.extend(usize::try_from(i).ok().and_then(|i| items.get(i)).cloned());
        match i.checked_add(step) {
            Some(next) => i = next,
            None => break,
        }
    }
    Some(out)
}

/// A map's entries in key order (a map has no order of its own; sorting makes `keys()`,
/// `values()` and `*` deterministic).
pub fn entries<V, S>(map: &HashMap<String, V, S>) -> Vec<(&str, &V)> {
    let mut entries: Vec<_> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// `avg()`: `None` for an empty list.
pub fn avg(numbers: &[f64]) -> Option<f64> {
    (!numbers.is_empty()).then(|| numbers.iter().sum::<f64>() / numbers.len() as f64)
}

/// `max()` and `min()` of numbers: `None` for an empty list.
pub fn extreme_number(numbers: &[f64], max: bool) -> Option<f64> {
    numbers.iter().copied().reduce(|a, b| if (b > a) == max { b } else { a })
}

/// `max()` and `min()` of strings: `None` for an empty list.
pub fn extreme_string<'a>(strings: &[&'a str], max: bool) -> Option<&'a str> {
    strings.iter().copied().reduce(|a, b| if (b > a) == max { b } else { a })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_index_slice_and_order_like_jmespath() {
        let items = [1, 2, 3, 4];
        assert_eq!((index(&items, 0), index(&items, -1), index(&items, 4), index(&items, -5)), (Some(1), Some(4), None, None));
        assert_eq!(slice(&items, None, None, Some(-1)), Some(vec![4, 3, 2, 1]));
        assert_eq!(slice(&items, Some(1), Some(-1), None), Some(vec![2, 3]));
        assert_eq!(slice(&items, Some(-10), Some(10), Some(2)), Some(vec![1, 3]));
        assert_eq!(slice(&items, None, None, Some(0)), None);
        assert_eq!(slice(&items, Some(1), None, Some(i64::MAX)), Some(vec![2]));
        let map: HashMap<String, i32> = [("b".to_owned(), 2), ("a".to_owned(), 1)].into_iter().collect();
        assert_eq!(entries(&map), vec![("a", &1), ("b", &2)]);
        assert_eq!((avg(&[1.0, 2.0]), avg(&[])), (Some(1.5), None));
        assert_eq!((extreme_number(&[3.0, 5.0, 1.0], true), extreme_number(&[3.0, 5.0, 1.0], false)), (Some(5.0), Some(1.0)));
        assert_eq!((extreme_string(&["b", "c", "a"], true), extreme_string(&[], false)), (Some("c"), None));
    }

    fn spec(min: u64, max: u64) -> WaiterSpec<(), ()> {
        WaiterSpec { min_delay: Duration::from_secs(min), max_delay: Duration::from_secs(max), acceptors: &[] }
    }

    /// The specification's formula, written out independently: the bound for `attempt`, then
    /// the draw, then the trim.
    fn formula(min: f64, max: f64, attempt: u32, remaining: f64, unit: f64) -> Option<f64> {
        let ceiling = (max / min).ln() / 2f64.ln() + 1.0;
        let upper = if f64::from(attempt) > ceiling { max } else { min * 2f64.powi(attempt as i32 - 1) };
        let delay = min + (upper - min) * unit;
        if remaining <= min {
            None
        } else if remaining - delay <= min {
            Some(remaining - min)
        } else {
            Some(delay)
        }
    }

    #[test]
    fn delays_follow_the_specification() {
        let hour = Duration::from_secs(3600);
        for (min, max) in [(2, 120), (5, 120), (20, 120), (15, 3600), (1, 1), (3, 7)] {
            let s = spec(min, max);
            for attempt in 1..40 {
                for unit in [0.0, 0.25, 0.5, 0.999_999] {
                    for remaining in [hour, Duration::from_secs(max + min + 1), Duration::from_secs(min * 2), Duration::from_secs(min)] {
                        let ours = s.delay(attempt, remaining, unit).map(|d| d.as_secs_f64());
                        let theirs = formula(min as f64, max as f64, attempt, remaining.as_secs_f64(), unit);
                        match (ours, theirs) {
                            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-6, "{min}..{max} attempt {attempt} unit {unit} remaining {remaining:?}: {a} vs {b}"),
                            (a, b) => assert_eq!(a, b, "{min}..{max} attempt {attempt} remaining {remaining:?}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn delays_double_to_the_ceiling_then_stay_at_the_maximum() {
        // 2 s to 120 s: the bound is 2, 4, 8, 16, 32, 64 s for attempts 1 to 6 (the ceiling is
        // log2(60) + 1 = 6.9, so 6), then 120 s.
        let s = spec(2, 120);
        let hour = Duration::from_secs(3600);
        let top = |attempt| s.delay(attempt, hour, 0.999_999_999).unwrap().as_secs_f64().round() as u64;
        assert_eq!((1..=8).map(top).collect::<Vec<_>>(), [2, 4, 8, 16, 32, 64, 120, 120]);
        assert_eq!(s.delay(5, hour, 0.0), Some(Duration::from_secs(2)), "the draw starts at the minimum");
    }

    #[test]
    fn the_last_delay_leaves_the_minimum_for_one_more_call() {
        let s = spec(2, 120);
        // 10 s left and a 32 s bound: 8 s, so the last call starts with 2 s to spare.
        assert_eq!(s.delay(6, Duration::from_secs(10), 0.9), Some(Duration::from_secs(8)));
        // Exactly the minimum left (or less): no further call.
        assert_eq!(s.delay(1, Duration::from_secs(2), 0.5), None);
        assert_eq!(s.delay(1, Duration::from_millis(1500), 0.5), None);
        // Far from the deadline nothing is trimmed.
        assert_eq!(s.delay(1, Duration::from_secs(60), 0.5), Some(Duration::from_secs(2)));
    }
}
