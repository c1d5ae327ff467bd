//! Sending awsJson 1.0 / 1.1 requests: endpoint resolution, SigV4 signing, HTTPS transport,
//! retries, timeouts and error metadata.
//!
//! A generated operation starts a call with `Runtime::send` (see [`crate::send`]) and its
//! [`OperationSpec`]: the input is serialised there, and the returned future awaits
//! [`Runtime::call`] and parses the [`HttpResponse`] it gets back (or turns the [`Failure`] into an `SdkError`
//! with [`into_sdk_error`]).
//!
//! Calls must run inside a Tokio runtime with timers enabled (as for any reqwest client).

// `Failure` carries the raw response inline, as `SdkError` does; boxing it would only move the
// allocation, and the error path is not hot.
#![allow(clippy::result_large_err)]

use std::error::Error;
use std::fmt;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE, USER_AGENT};
use http::Method;

use crate::config::{Config, ProvideCredentials};
use crate::error::BoxError;

mod endpoint;
mod meta;
mod retry;

pub use aws_smithy_async::future::pagination_stream::{fn_stream::FnStream, PaginationStream};
pub use aws_smithy_runtime_api::client::result::{ConnectorError, CreateUnhandledError, SdkError};
pub use aws_smithy_runtime_api::http::Response as HttpResponse;
pub use meta::{error_metadata, request_id};

/// Largest response body [`Runtime::call`] reads unless told otherwise (16 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Connect timeout used when the configuration sets none (the AWS SDKs' default).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// awsJson flavour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`: `Content-Type: application/x-amz-json-1.0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`: `Content-Type: application/x-amz-json-1.1`.
    AwsJson1_1,
}

impl Protocol {
    /// The request `Content-Type`.
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        }
    }
}

/// How an operation is authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// SigV4; a call without credentials fails with [`Failure::Construction`].
    Signed,
    /// `@optionalAuth`: SigV4 when credentials can be had, unsigned otherwise.
    Optional,
    /// Never signed (`@auth([])`).
    Anonymous,
}

/// Static facts about the service (one `static` per generated crate).
#[derive(Debug)]
pub struct ServiceSpec {
    /// The service's SDK id (`aws.api#service` `sdkId`), used in the `User-Agent`.
    pub sdk_id: &'static str,
    /// `X-Amz-Target` prefix: the service shape's name.
    pub target_prefix: &'static str,
    /// First label of the default endpoint host (`{endpoint_prefix}.{region}.amazonaws.com`).
    pub endpoint_prefix: &'static str,
    /// SigV4 signing name.
    pub signing_name: &'static str,
    /// awsJson 1.0 or 1.1.
    pub protocol: Protocol,
    /// `@awsQueryCompatible`: requests carry `x-amzn-query-mode: true`.
    pub query_compatible: bool,
}

/// Static facts about one operation.
#[derive(Debug)]
pub struct OperationSpec {
    /// The operation shape's name (the part of `X-Amz-Target` after the dot).
    pub name: &'static str,
    /// How the operation is authenticated.
    pub auth: Auth,
    /// Codes of the operation's `@retryable` errors, retried like throttling errors.
    pub retryable_codes: &'static [&'static str],
    /// The output holds sensitive data: a response that fails to parse is kept without its body,
    /// so that `Debug` of the error cannot show it.
    pub sensitive_output: bool,
}

/// Why a call did not produce a 2xx response.
#[derive(Debug)]
pub enum Failure {
    /// The request could not be made: invalid endpoint or region, no credentials for a signed
    /// operation, a failing credentials provider, an HTTP client that could not start, no Tokio
    /// runtime.
    Construction(BoxError),
    /// The operation (or, after the last attempt, an attempt) ran out of time.
    Timeout(BoxError),
    /// The request could not be sent or no response head arrived (connection refused or reset,
    /// TLS failure, connect or read timeout).
    Dispatch(ConnectorError),
    /// A response head arrived but its body could not be read (too large, connection lost).
    /// `raw` holds the status and headers, and whatever part of the body was read.
    Response {
        /// What went wrong.
        source: BoxError,
        /// The response as far as it was received.
        raw: HttpResponse,
    },
    /// The service answered with a non-2xx status.
    Service {
        /// Code, message and request id from the response.
        meta: ErrorMetadata,
        /// The whole response.
        raw: HttpResponse,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Construction(e) => write!(f, "failed to construct request: {e}"),
            Failure::Timeout(e) => write!(f, "request timed out: {e}"),
            Failure::Dispatch(e) => write!(f, "failed to send request: {e}"),
            Failure::Response { source, .. } => write!(f, "failed to read response: {source}"),
            Failure::Service { meta, raw } => {
                write!(f, "service error (HTTP {}): {meta}", raw.status())
            }
        }
    }
}

impl Error for Failure {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Failure::Construction(e) | Failure::Timeout(e) => Some(e.as_ref()),
            Failure::Response { source, .. } => Some(source.as_ref()),
            Failure::Dispatch(e) => Some(e),
            Failure::Service { meta, .. } => Some(meta),
        }
    }
}

/// A plain error message, for failures that have no richer source.
#[derive(Debug)]
struct Message(String);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Message {}

fn construction(message: impl Into<String>) -> Failure {
    Failure::Construction(Box::new(Message(message.into())))
}

/// An operation or one of its attempts took longer than its configured timeout.
#[derive(Debug)]
struct TimedOut {
    what: &'static str,
    after: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} timeout of {:?} elapsed", self.what, self.after)
    }
}

impl Error for TimedOut {}

/// Reading a response body failed.
#[derive(Debug)]
enum BodyError {
    TooLarge { limit: usize },
    Read(reqwest::Error),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::TooLarge { limit } => {
                write!(f, "response body is larger than the limit of {limit} bytes")
            }
            BodyError::Read(e) => write!(f, "reading the response body failed: {e}"),
        }
    }
}

impl Error for BodyError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            BodyError::TooLarge { .. } => None,
            BodyError::Read(e) => Some(e),
        }
    }
}

/// The shared client state: configuration, one pooled HTTP client (connections are reused
/// across calls), and the service's facts. Generated clients keep one in an `Arc`.
#[derive(Debug)]
pub struct Runtime {
    config: Config,
    service: &'static ServiceSpec,
    endpoint: Result<endpoint::Endpoint, String>,
    http: Result<reqwest::Client, String>,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    max_response_bytes: usize,
}

impl Runtime {
    /// A runtime for `service` with `config`. Never fails: an unusable endpoint, region or
    /// HTTP client is reported by every call as [`Failure::Construction`].
    ///
    /// Without a retry configuration the standard strategy applies (3 attempts); without a
    /// connect timeout, connecting is limited to [`DEFAULT_CONNECT_TIMEOUT`]. Proxy environment
    /// variables are not read and redirects are not followed.
    pub fn new(config: Config, service: &'static ServiceSpec) -> Self {
        let retry = config
            .retry_config()
            .cloned()
            .unwrap_or_else(RetryConfig::standard);
        let mut timeouts = config
            .timeout_config()
            .cloned()
            .unwrap_or_else(|| TimeoutConfig::builder().build());
        timeouts.take_defaults_from(
            &TimeoutConfig::builder()
                .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
                .build(),
        );
        let endpoint = endpoint::resolve(&config, service);
        let http = http_client(&timeouts);
        Runtime {
            config,
            service,
            endpoint,
            http,
            retry,
            timeouts,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Changes the largest response body a call reads (default [`DEFAULT_MAX_RESPONSE_BYTES`]);
    /// a larger one fails the call with [`Failure::Response`].
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The configuration this runtime was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The service facts this runtime was made with.
    pub fn service(&self) -> &'static ServiceSpec {
        self.service
    }

    /// Builds the unsigned HTTP request for an operation: `POST` to the endpoint's base path
    /// followed by `/`, with `Content-Type` for the protocol, `X-Amz-Target:
    /// {target_prefix}.{name}` and `body`. The endpoint is the configured `endpoint_url` (which
    /// may carry a base path), else `https://{endpoint_prefix}.{region}.{dns suffix}` with the
    /// region's partition suffix (`amazonaws.com`, `amazonaws.com.cn`, ...).
    pub fn build_request(
        &self,
        op: &OperationSpec,
        body: Vec<u8>,
    ) -> Result<http::Request<Vec<u8>>, Failure> {
        let endpoint = self.endpoint.as_ref().map_err(construction)?;
        let target = format!("{}.{}", self.service.target_prefix, op.name);
        let target = HeaderValue::from_str(&target)
            .map_err(|_| construction(format!("invalid X-Amz-Target value `{target}`")))?;
        let length = HeaderValue::from(body.len());
        let mut request = http::Request::new(body);
        *request.method_mut() = Method::POST;
        *request.uri_mut() = endpoint.uri.clone();
        let headers = request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(self.service.protocol.content_type()),
        );
        headers.insert(HeaderName::from_static("x-amz-target"), target);
        headers.insert(http::header::CONTENT_LENGTH, length);
        if self.service.query_compatible {
            headers.insert(HeaderName::from_static("x-amzn-query-mode"), HeaderValue::from_static("true"));
        }
        Ok(request)
    }

    /// Sends one operation: builds the request, signs it (always for [`Auth::Signed`], for
    /// [`Auth::Optional`] only when a credentials provider is configured and yields
    /// credentials, never for [`Auth::Anonymous`]), sends it over HTTPS (plain HTTP for
    /// `http://` endpoints), and retries per the retry configuration.
    ///
    /// Retried (with exponential backoff and full jitter, re-signed each time): I/O errors,
    /// connect/read timeouts and attempt timeouts, HTTP 500/502/503/504/429, throttling and
    /// transient error codes, and the operation's `@retryable` error codes. Nothing else is.
    /// The operation timeout covers all attempts and backoff, the attempt timeout each attempt
    /// including reading the body. Bodies over the size limit fail with [`Failure::Response`].
    /// On success the response body is fully read, so `raw.body().bytes()` returns it.
    pub async fn call(&self, op: &OperationSpec, body: Vec<u8>) -> Result<HttpResponse, Failure> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(construction(
                "calls must run inside a Tokio runtime (with timers enabled)",
            ));
        }
        match self.timeouts.operation_timeout() {
            Some(limit) => match tokio::time::timeout(limit, self.call_attempts(op, body)).await {
                Ok(result) => result,
                Err(_) => Err(Failure::Timeout(Box::new(TimedOut {
                    what: "operation",
                    after: limit,
                }))),
            },
            None => self.call_attempts(op, body).await,
        }
    }

    async fn call_attempts(
        &self,
        op: &OperationSpec,
        body: Vec<u8>,
    ) -> Result<HttpResponse, Failure> {
        let http = self.http.as_ref().map_err(construction)?;
        let template = self.build_request(op, body)?;
        let credentials = self.credentials(op).await?;
        let region = match (&credentials, self.config.region()) {
            (Some(_), None) => {
                return Err(construction(format!(
                    "operation {} is signed, which needs a region, and none is configured",
                    op.name
                )))
            }
            (_, region) => region.map(|r| r.as_ref().to_owned()),
        };
        let identity = credentials.map(Identity::from);
        let max_attempts = self.retry.max_attempts().max(1);
        let invocation_id = invocation_id();
        let user_agent = HeaderValue::from_str(&format!(
            "{}/{} api/{}",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            self.service.sdk_id
        ))
        .unwrap_or_else(|_| HeaderValue::from_static(env!("CARGO_PKG_NAME")));

        let mut attempt: u32 = 1;
        loop {
            let mut request = copy_request(&template);
            let headers = request.headers_mut();
            headers.insert(USER_AGENT, user_agent.clone());
            if let Ok(id) = HeaderValue::from_str(&invocation_id) {
                headers.insert(HeaderName::from_static("amz-sdk-invocation-id"), id);
            }
            if let Ok(value) =
                HeaderValue::from_str(&format!("attempt={attempt}; max={max_attempts}"))
            {
                headers.insert(HeaderName::from_static("amz-sdk-request"), value);
            }
            if let (Some(identity), Some(region)) = (&identity, &region) {
                self.sign(&mut request, identity, region)?;
            }

            let outcome = match self.timeouts.operation_attempt_timeout() {
                Some(limit) => tokio::time::timeout(limit, self.attempt(http, request))
                    .await
                    .unwrap_or_else(|_| {
                        Err(Failure::Timeout(Box::new(TimedOut {
                            what: "operation attempt",
                            after: limit,
                        })))
                    }),
                None => self.attempt(http, request).await,
            };
            let failure = match outcome.and_then(Runtime::classify) {
                Ok(raw) => return Ok(raw),
                Err(failure) => failure,
            };
            if attempt >= max_attempts || !retry::is_retryable(&failure, op) {
                return Err(failure);
            }
            tokio::time::sleep(retry::backoff(&self.retry, attempt)).await;
            attempt = attempt.saturating_add(1);
        }
    }

    /// The credentials to sign with, or `None` for an unsigned request.
    async fn credentials(&self, op: &OperationSpec) -> Result<Option<Credentials>, Failure> {
        let provider = match (op.auth, self.config.credentials_provider()) {
            (Auth::Anonymous, _) | (Auth::Optional, None) => return Ok(None),
            (Auth::Signed, None) => {
                return Err(construction(format!(
                    "operation {} must be signed, but no credentials provider is configured",
                    op.name
                )))
            }
            (_, Some(provider)) => provider,
        };
        match provider.provide_credentials().await {
            Ok(credentials) => Ok(Some(credentials)),
            Err(_) if op.auth == Auth::Optional => Ok(None),
            Err(e) => Err(Failure::Construction(Box::new(e))),
        }
    }

    fn sign(
        &self,
        request: &mut http::Request<Vec<u8>>,
        identity: &Identity,
        region: &str,
    ) -> Result<(), Failure> {
        let params = v4::SigningParams::builder()
            .identity(identity)
            .region(region)
            .name(self.service.signing_name)
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| Failure::Construction(Box::new(e)))?
            .into();
        let uri = request.uri().to_string();
        let headers = request
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)));
        let signable = SignableRequest::new(
            request.method().as_str(),
            uri,
            headers,
            SignableBody::Bytes(request.body()),
        )
        .map_err(|e| Failure::Construction(Box::new(e)))?;
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|e| Failure::Construction(Box::new(e)))?
            .into_parts();
        instructions.apply_to_request_http1x(request);
        Ok(())
    }

    /// One attempt: send, then read the whole body (within the size limit).
    async fn attempt(
        &self,
        http: &reqwest::Client,
        request: http::Request<Vec<u8>>,
    ) -> Result<HttpResponse, Failure> {
        let request =
            reqwest::Request::try_from(request).map_err(|e| Failure::Construction(Box::new(e)))?;
        let mut response = http.execute(request).await.map_err(dispatch_failure)?;

        let status = response.status();
        let mut head = aws_smithy_runtime_api::http::Headers::new();
        for (name, value) in response.headers() {
            if let Ok(value) = value.to_str() {
                // Both parts were valid in the `http` types, so this cannot fail; a value
                // that somehow did would only be left out.
                let _ = head.try_append(name.as_str().to_owned(), value.to_owned());
            }
        }
        let limit = self.max_response_bytes;
        let raw = |body: Vec<u8>| {
            let mut raw = HttpResponse::new(status.into(), SdkBody::from(body));
            *raw.headers_mut() = head.clone();
            raw
        };
        let too_large = |body: Vec<u8>| Failure::Response {
            source: Box::new(BodyError::TooLarge { limit }),
            raw: raw(body),
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large(Vec::new()));
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if chunk.len() > limit.saturating_sub(body.len()) {
                        return Err(too_large(body));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(raw(body)),
                Err(e) => {
                    return Err(Failure::Response {
                        source: Box::new(BodyError::Read(e)),
                        raw: raw(body),
                    })
                }
            }
        }
    }

    /// The non-2xx path on its own: `Ok(raw)` for a 2xx status, else [`Failure::Service`] with
    /// the response's [`error_metadata`].
    pub fn classify(raw: HttpResponse) -> Result<HttpResponse, Failure> {
        if raw.status().is_success() {
            Ok(raw)
        } else {
            Err(Failure::Service {
                meta: error_metadata(&raw),
                raw,
            })
        }
    }
}

/// Converts a [`Failure`] into the typed `SdkError`, parsing service errors with `parse`.
pub fn into_sdk_error<E>(
    failure: Failure,
    parse: impl FnOnce(ErrorMetadata, &HttpResponse) -> E,
) -> SdkError<E, HttpResponse> {
    match failure {
        Failure::Construction(e) => SdkError::construction_failure(e),
        Failure::Timeout(e) => SdkError::timeout_error(e),
        Failure::Dispatch(e) => SdkError::dispatch_failure(e),
        Failure::Response { source, raw } => SdkError::response_error(source, raw),
        Failure::Service { meta, raw } => {
            let error = parse(meta, &raw);
            SdkError::service_error(error, raw)
        }
    }
}

fn http_client(timeouts: &TimeoutConfig) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none());
    if let Some(limit) = timeouts.connect_timeout() {
        builder = builder.connect_timeout(limit);
    }
    if let Some(limit) = timeouts.read_timeout() {
        builder = builder.read_timeout(limit);
    }
    builder
        .build()
        .map_err(|e| format!("the HTTP client could not be created: {e}"))
}

fn dispatch_failure(error: reqwest::Error) -> Failure {
    if error.is_builder() {
        Failure::Construction(Box::new(error))
    } else if error.is_timeout() {
        Failure::Dispatch(ConnectorError::timeout(Box::new(error)))
    } else if error.is_connect() {
        Failure::Dispatch(ConnectorError::io(Box::new(error)).never_connected())
    } else {
        Failure::Dispatch(ConnectorError::io(Box::new(error)))
    }
}

fn copy_request(template: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut request = http::Request::new(template.body().clone());
    *request.method_mut() = template.method().clone();
    *request.uri_mut() = template.uri().clone();
    *request.version_mut() = template.version();
    *request.headers_mut() = template.headers().clone();
    request
}

/// A random UUID (version 4) for `amz-sdk-invocation-id`.
fn invocation_id() -> String {
    use std::fmt::Write as _;
    let mut bytes = [0u8; 16];
    fastrand::fill(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut id = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        let _ = write!(id, "{byte:02x}");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invocation_ids_look_like_uuids() {
        let id = invocation_id();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert_ne!(id, invocation_id());
    }

    #[test]
    fn runtime_and_call_are_send_and_sync() {
        fn check<T: Send + Sync>(_: &T) {}
        fn check_send<T: Send>(_: T) {}
        static SERVICE: ServiceSpec = ServiceSpec {
            sdk_id: "X",
            target_prefix: "X",
            endpoint_prefix: "x",
            signing_name: "x",
            protocol: Protocol::AwsJson1_0,
    query_compatible: false,
        };
        static OP: OperationSpec = OperationSpec {
            name: "Op",
            auth: Auth::Anonymous,
            retryable_codes: &[],
            sensitive_output: false,
        };
        let runtime = Runtime::new(Config::builder().build(), &SERVICE);
        check(&runtime);
        check_send(runtime.call(&OP, Vec::new()));
    }
}
