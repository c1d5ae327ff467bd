//! Presigned requests: an operation's request signed with SigV4 in its query string, handed to
//! the caller instead of being sent, so that someone else (a browser, `curl`, another program)
//! can send it before it expires.
//!
//! A generated crate re-exports these types as `crate::presigning`, and its presignable
//! operations offer `presigned(PresigningConfig)` on the fluent builder and on `customize()`.
//! The call runs the interceptors up to `read_before_transmit`, as a sent call would, and stops
//! there: nothing is sent or retried.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use http::HeaderMap;

use crate::client::{HttpResponse, SdkError};

/// The longest a presigned request may stay valid: SigV4 refuses more than a week.
const ONE_WEEK: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// When a presigned request becomes valid and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresigningConfig {
    start_time: Option<SystemTime>,
    expires_in: Duration,
}

impl PresigningConfig {
    /// Valid from now (the client's time source's now) for `expires_in`, at most a week.
    pub fn expires_in(expires_in: Duration) -> Result<PresigningConfig, PresigningConfigError> {
        Self::builder().expires_in(expires_in).build()
    }

    /// A builder, to set the start time as well.
    pub fn builder() -> PresigningConfigBuilder {
        PresigningConfigBuilder::default()
    }

    /// How long the request stays valid.
    pub fn expires(&self) -> Duration {
        self.expires_in
    }

    /// When the request becomes valid: the start time set on the builder, or else now.
    pub fn start_time(&self) -> SystemTime {
        self.start_time.unwrap_or_else(SystemTime::now)
    }

    /// The start time set on the builder; `None` signs at the client's time source's now.
    pub(crate) fn chosen_start_time(&self) -> Option<SystemTime> {
        self.start_time
    }
}

/// Builds a [`PresigningConfig`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PresigningConfigBuilder {
    start_time: Option<SystemTime>,
    expires_in: Option<Duration>,
}

impl PresigningConfigBuilder {
    /// When the request becomes valid (the signature's date); default: the client's now.
    pub fn start_time(mut self, start_time: SystemTime) -> Self {
        self.start_time = Some(start_time);
        self
    }

    /// Sets or clears the start time.
    pub fn set_start_time(&mut self, start_time: Option<SystemTime>) {
        self.start_time = start_time;
    }

    /// How long the request stays valid after its start time (required; at most a week).
    pub fn expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = Some(expires_in);
        self
    }

    /// Sets or clears how long the request stays valid.
    pub fn set_expires_in(&mut self, expires_in: Option<Duration>) {
        self.expires_in = expires_in;
    }

    /// The configuration; fails without `expires_in`, or with one longer than a week.
    pub fn build(self) -> Result<PresigningConfig, PresigningConfigError> {
        let expires_in = self.expires_in.ok_or(PresigningConfigError { kind: ConfigErrorKind::ExpiresInRequired })?;
        if expires_in > ONE_WEEK {
            return Err(PresigningConfigError { kind: ConfigErrorKind::ExpiresInDurationTooLong(expires_in) });
        }
        Ok(PresigningConfig { start_time: self.start_time, expires_in })
    }
}

/// Why a [`PresigningConfig`] could not be built.
#[derive(Debug)]
pub struct PresigningConfigError {
    kind: ConfigErrorKind,
}

#[derive(Debug)]
enum ConfigErrorKind {
    ExpiresInRequired,
    ExpiresInDurationTooLong(Duration),
}

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ConfigErrorKind::ExpiresInRequired => f.write_str("a presigning configuration needs `expires_in`"),
            ConfigErrorKind::ExpiresInDurationTooLong(d) => {
                write!(f, "`expires_in` of {} s is longer than a presigned request may last (one week, {} s)", d.as_secs(), ONE_WEEK.as_secs())
            }
        }
    }
}

impl std::error::Error for PresigningConfigError {}

/// A request signed in its query string: its method, URI (holding the signature) and the
/// headers that were signed, which whoever sends it must send as they are.
#[derive(Clone)]
#[non_exhaustive]
pub struct PresignedRequest {
    method: http::Method,
    uri: String,
    headers: HeaderMap,
}

impl PresignedRequest {
    pub(crate) fn new(method: http::Method, uri: String, headers: HeaderMap) -> Self {
        PresignedRequest { method, uri, headers }
    }

    /// The HTTP method.
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The URI, signature included.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The headers to send with the request (they are covered by the signature).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
    }

    /// An `http` 1.x request with `body`, ready for any HTTP client.
    pub fn make_http_1x_request<B>(&self, body: B) -> http::Request<B> {
        self.clone().into_http_1x_request(body)
    }

    /// This request as an `http` 1.x request with `body`.
    pub fn into_http_1x_request<B>(self, body: B) -> http::Request<B> {
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method;
        *request.uri_mut() = self.uri.parse().unwrap_or_default();
        *request.headers_mut() = self.headers;
        request
    }
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedRequest").field("method", &self.method).field("uri", &self.uri).field("headers", &self.headers).finish()
    }
}

/// A presigning on its way: resolves to the [`PresignedRequest`], or an [`SdkError`] carrying
/// the operation's error type `E` (a construction failure, an interceptor's error, or no
/// credentials to sign with). Nothing happens until it is first polled.
#[must_use = "a request is only presigned when its future is awaited"]
pub struct PresignFuture<E> {
    pub(crate) call: crate::send::Call,
    pub(crate) operation: &'static str,
    pub(crate) error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for PresignFuture<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignFuture").field("operation", &self.operation).finish_non_exhaustive()
    }
}

impl<E: std::error::Error + fmt::Debug + Send + Sync + 'static> Future for PresignFuture<E> {
    type Output = Result<PresignedRequest, SdkError<E, HttpResponse>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.call.as_mut().poll(cx).map(crate::send::typed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_a_week() {
        assert!(PresigningConfig::expires_in(ONE_WEEK).is_ok());
        let err = PresigningConfig::expires_in(ONE_WEEK + Duration::from_secs(1)).unwrap_err();
        assert!(err.to_string().contains("one week"), "{err}");
        let err = PresigningConfig::builder().start_time(SystemTime::UNIX_EPOCH).build().unwrap_err();
        assert!(err.to_string().contains("expires_in"), "{err}");
    }

    #[test]
    fn the_start_time_is_kept() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600);
        let config = PresigningConfig::builder().start_time(at).expires_in(Duration::from_secs(86_400)).build().unwrap();
        assert_eq!((config.start_time(), config.expires()), (at, Duration::from_secs(86_400)));
        assert_eq!(config.chosen_start_time(), Some(at));
        assert_eq!(PresigningConfig::expires_in(Duration::from_secs(60)).unwrap().chosen_start_time(), None);
    }

    #[test]
    fn an_http_request_is_made_with_the_signed_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("range", "bytes=0-9".parse().unwrap());
        let presigned = PresignedRequest::new(http::Method::GET, "https://h.example/k?X-Amz-Signature=abc".into(), headers);
        assert_eq!(presigned.headers().collect::<Vec<_>>(), [("range", "bytes=0-9")]);
        let request = presigned.make_http_1x_request(());
        assert_eq!((request.method().as_str(), request.uri().to_string().as_str()), ("GET", "https://h.example/k?X-Amz-Signature=abc"));
        assert_eq!(request.headers()["range"], "bytes=0-9");
    }
}
