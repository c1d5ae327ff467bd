//! Stalled-stream protection for downloads: a streamed response body that delivers no data for
//! the configured grace period fails with an error instead of hanging the reader forever. An
//! event stream output gets the same guard with its own limit and error (the configured event
//! stream idle timeout), instead of stalled-stream protection.
//!
//! The timer runs only while the reader waits on the body (a reader that stops reading does not
//! stall the stream), and restarts whenever data arrives. Time is the configured sleep
//! implementation's, so a test clock drives it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
use aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

use crate::error::BoxError;

/// The body unchanged when protection is off for downloads, else the guarded body.
pub(crate) fn guard_download(body: SdkBody, config: Option<&StalledStreamProtectionConfig>, sleep: SharedAsyncSleep) -> SdkBody {
    match config {
        Some(config) if config.is_enabled() && config.download_enabled() => guard(body, sleep, config.grace_period(), Why::Stalled),
        _ => body,
    }
}

/// The body, failing with [`IdleTimeout`] when no data arrives for `timeout` (unchanged
/// without a timeout).
pub(crate) fn guard_idle(body: SdkBody, timeout: Option<Duration>, sleep: SharedAsyncSleep) -> SdkBody {
    match timeout {
        Some(timeout) => guard(body, sleep, timeout, Why::Idle),
        None => body,
    }
}

fn guard(inner: SdkBody, sleep: SharedAsyncSleep, grace: Duration, why: Why) -> SdkBody {
    SdkBody::from_body_1_x(Guarded { inner, sleep, grace, why, timer: Mutex::new(None) })
}

/// Which guard a body has, for the error it fails with.
#[derive(Clone, Copy, Debug)]
enum Why {
    Stalled,
    Idle,
}

impl Why {
    fn error(self, grace: Duration) -> BoxError {
        match self {
            Why::Stalled => Box::new(StalledStream { grace }),
            Why::Idle => Box::new(IdleTimeout { after: grace }),
        }
    }
}

/// The error an event stream output ends with when no bytes arrive for the configured idle
/// timeout.
#[derive(Debug)]
pub struct IdleTimeout {
    after: Duration,
}

impl std::fmt::Display for IdleTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the event stream was idle: no data arrived for {:?} (event stream idle timeout)", self.after)
    }
}

impl std::error::Error for IdleTimeout {}

/// The error a stalled download ends with.
#[derive(Debug)]
pub struct StalledStream {
    grace: Duration,
}

impl std::fmt::Display for StalledStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the response body stalled: no data arrived for {:?} (stalled-stream protection)", self.grace)
    }
}

impl std::error::Error for StalledStream {}

struct Guarded {
    inner: SdkBody,
    sleep: SharedAsyncSleep,
    grace: Duration,
    why: Why,
    /// Running while the reader waits; the mutex only makes the body `Sync` (it is reached
    /// through `&mut` alone, so it is never locked).
    timer: Mutex<Option<Sleep>>,
}

impl Body for Guarded {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        let timer = this.timer.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                *timer = None;
                Poll::Ready(frame)
            }
            Poll::Pending => {
                let sleep = timer.get_or_insert_with(|| this.sleep.sleep(this.grace));
                match Pin::new(sleep).poll(cx) {
                    Poll::Ready(()) => {
                        *timer = None;
                        Poll::Ready(Some(Err(this.why.error(this.grace))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        Body::size_hint(&self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_async::test_util::instant_time_and_sleep;
    use aws_smithy_types::byte_stream::ByteStream;

    /// Sends one chunk, then never another.
    struct Hangs {
        sent: bool,
    }

    impl Body for Hangs {
        type Data = Bytes;
        type Error = BoxError;
        fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
            if self.sent {
                Poll::Pending
            } else {
                self.sent = true;
                Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"first")))))
            }
        }
    }

    fn config(enabled: bool) -> StalledStreamProtectionConfig {
        StalledStreamProtectionConfig::enabled().is_enabled(enabled).grace_period(Duration::from_secs(5)).build()
    }

    #[tokio::test]
    async fn a_stalled_download_fails_after_the_grace_period() {
        let (_, sleep) = instant_time_and_sleep(std::time::UNIX_EPOCH);
        let body = guard_download(SdkBody::from_body_1_x(Hangs { sent: false }), Some(&config(true)), SharedAsyncSleep::new(sleep.clone()));
        let err = ByteStream::new(body).collect().await.expect_err("it stalls");
        assert!(format!("{}", aws_smithy_types::error::display::DisplayErrorContext(&err)).contains("stalled"), "{err:?}");
        assert_eq!(sleep.total_duration(), Duration::from_secs(5));
    }

    #[tokio::test]
    async fn a_flowing_download_is_untouched() {
        let (_, sleep) = instant_time_and_sleep(std::time::UNIX_EPOCH);
        let body = guard_download(SdkBody::from("all of it"), Some(&config(true)), SharedAsyncSleep::new(sleep));
        let bytes = ByteStream::new(body).collect().await.expect("no stall").into_bytes();
        assert_eq!(&bytes[..], b"all of it");
    }

    #[tokio::test]
    async fn without_protection_a_stalled_download_waits() {
        let (_, sleep) = instant_time_and_sleep(std::time::UNIX_EPOCH);
        let body = guard_download(SdkBody::from_body_1_x(Hangs { sent: false }), Some(&config(false)), SharedAsyncSleep::new(sleep));
        let read = tokio::time::timeout(Duration::from_millis(50), ByteStream::new(body).collect()).await;
        assert!(read.is_err(), "the read ended: {read:?}");
    }
}
