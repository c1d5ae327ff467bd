//! Sending requests: endpoint resolution, request assembly, SigV4 signing, HTTPS transport,
//! retries, timeouts and error metadata, for every protocol.
//!
//! A generated operation starts a call with `Runtime::send` (see [`crate::send`]) and its
//! [`OperationSpec`]: the input writes its [`RequestParts`] there, and the returned future
//! awaits [`Runtime::call`] and reads the [`HttpResponse`] it gets back (or turns the
//! [`Failure`] into an `SdkError` with [`into_sdk_error`]).
//!
//! Calls must run inside a Tokio runtime with timers enabled (as for any reqwest client).

// `Failure` carries the raw response inline, as `SdkError` does; boxing it would only move the
// allocation, and the error path is not hot.
#![allow(clippy::result_large_err)]

use std::error::Error;
use std::fmt;
use std::time::Duration;

use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use http::header::{HeaderName, HeaderValue};

pub use crate::auth::{ApiKeyLocation, AuthScheme};
use crate::config::Config;
use crate::error::BoxError;

mod assemble;
mod call;
mod components;
pub mod endpoint;
mod raw;
mod sign;
pub(crate) mod transport;

pub use call::{Prepared, Signing};

pub use aws_smithy_async::future::pagination_stream::{fn_stream::FnStream, PaginationStream};
pub use aws_smithy_runtime_api::client::result::{ConnectorError, CreateUnhandledError, SdkError};
pub use aws_smithy_runtime_api::http::Response as HttpResponse;
pub use crate::protocol::{request_id, Protocol};
pub use crate::request::RequestParts;

/// Largest response body [`Runtime::call`] reads unless told otherwise (16 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Connect timeout used when the configuration sets none (the AWS SDKs' default).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// How an operation is authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Authenticated with the first of the operation's [`AuthScheme`]s the configuration has an
    /// identity for; without one the call fails with [`Failure::Construction`], naming the
    /// settings that would give one.
    Signed,
    /// `@optionalAuth`: authenticated when an identity can be had, unauthenticated otherwise.
    Optional,
    /// Never signed (`@auth([])`).
    Anonymous,
}


/// Static facts about the service (one `static` per generated crate), made by
/// [`ServiceSpec::new`] and its `const` setters, so that new facts can be added without
/// breaking crates generated before them.
#[derive(Debug)]
#[non_exhaustive]
pub struct ServiceSpec {
    /// The service's SDK id (`aws.api#service` `sdkId`), used in the `User-Agent`.
    pub sdk_id: &'static str,
    /// The service shape's name: the `X-Amz-Target` prefix of awsJson, the `{Service}` of RPC v2.
    pub target_prefix: &'static str,
    /// The service's version: the `Version` parameter of the query protocols.
    pub version: &'static str,
    /// First label of the default endpoint host (`{endpoint_prefix}.{region}.amazonaws.com`).
    pub endpoint_prefix: &'static str,
    /// SigV4 signing name.
    pub signing_name: &'static str,
    /// The wire protocol.
    pub protocol: Protocol,
    /// `@awsQueryCompatible`: requests carry `x-amzn-query-mode: true`.
    pub query_compatible: bool,
    /// The generated crate's version, named in the `x-amz-user-agent` header.
    pub crate_version: &'static str,
    /// The per-service rules of the AWS SDKs that apply to it (see [`crate::services`]).
    pub service_rules: &'static [crate::services::ServiceRule],
    /// The model's endpoint rules; without them requests go to the configured endpoint URL or
    /// to `https://{endpoint_prefix}.{region}.{dns suffix}`.
    pub rules: Option<&'static crate::endpoint::LazyRules>,
    /// An AWS service: without rules or an endpoint URL, requests go to
    /// `https://{endpoint_prefix}.{region}.{dns suffix}`; other services need `endpoint_url`.
    pub regional: bool,
}

/// The `@http` trait of an operation: method and URI pattern (`/{Bucket}/{Key+}?x-id=GetObject`).
#[derive(Debug, Clone, Copy)]
pub struct HttpTrait {
    /// HTTP method.
    pub method: &'static str,
    /// URI pattern with `{Label}` and greedy `{Label+}` segments and an optional literal query.
    pub uri: &'static str,
}

impl HttpTrait {
    /// What RPC protocols use: `POST /`.
    pub const RPC: HttpTrait = HttpTrait { method: "POST", uri: "/" };
}

/// Static facts about one operation, made by [`OperationSpec::new`] and its `const` setters.
#[derive(Debug)]
#[non_exhaustive]
pub struct OperationSpec {
    /// The operation shape's name (the part of `X-Amz-Target` after the dot).
    pub name: &'static str,
    /// Method and URI pattern.
    pub http: HttpTrait,
    /// `@endpoint` host prefix, with `{Label}`s filled from `@hostLabel` members.
    pub host_prefix: Option<&'static str>,
    /// How the operation is authenticated.
    pub auth: Auth,
    /// Codes of the operation's `@retryable` errors, retried like throttling errors.
    pub retryable_codes: &'static [&'static str],
    /// The output holds sensitive data: a response that fails to parse is kept without its body,
    /// so that `Debug` of the error cannot show it.
    pub sensitive_output: bool,
    /// A modelled error holds sensitive data: the raw response of a service error is kept
    /// without its body.
    pub sensitive_errors: bool,
    /// Response headers bound to sensitive members of the output or an error (a trailing `*`
    /// marks a prefix): their values are redacted in raw responses kept in errors.
    pub sensitive_headers: &'static [&'static str],
    /// The output's payload is a stream: a successful response's body is handed over as it
    /// arrives instead of being read whole.
    pub streaming_output: bool,
    /// The output's stream is an event stream (set with `streaming_output`): its body gets the
    /// configured event stream idle timeout instead of stalled-stream protection, and for the
    /// RPC protocols its first message is read before the output, as the `initial-response`.
    pub event_stream_output: bool,
    /// The input has an event stream member: the request's body is its messages, sent once.
    pub event_stream_input: bool,
    /// The call runs over HTTP/2 (the protocol's `eventStreamHttp` lists `h2`): with the
    /// built-in client, the request streams while the response does.
    pub http2: bool,
    /// `@requiresLength` on a streamed input: its length must be known before sending.
    pub requires_length: bool,
    /// `@httpChecksumRequired` (or a required `@httpChecksum`): requests carry `Content-MD5`.
    pub checksum_required: bool,
    /// `@requestCompression` with gzip: bodies from the configured size on are compressed.
    pub request_compression: bool,
    /// Endpoint parameters the operation fixes (`smithy.rules#staticContextParams`).
    pub static_params: &'static [(&'static str, crate::endpoint::StaticParam)],
    /// The schemes the operation can be authenticated with, in the model's order of preference
    /// (unused for [`Auth::Anonymous`]).
    pub auth_schemes: &'static [AuthScheme],
}

/// `const fn`s that set one field each, for specs built in `static`s.
macro_rules! const_setters {
    ($($field:ident: $ty:ty),* $(,)?) => {$(
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        pub const fn $field(mut self, value: $ty) -> Self {
            self.$field = value;
            self
        }
    )*};
}

impl ServiceSpec {
    /// A service speaking `protocol`, known to users as `sdk_id`; every other fact is empty
    /// or off until set.
    pub const fn new(sdk_id: &'static str, protocol: Protocol) -> Self {
        ServiceSpec {
            sdk_id,
            target_prefix: "",
            version: "",
            endpoint_prefix: "",
            signing_name: "",
            protocol,
            query_compatible: false,
            crate_version: "",
            service_rules: &[],
            rules: None,
            regional: false,
        }
    }

    const_setters!(
        target_prefix: &'static str,
        version: &'static str,
        endpoint_prefix: &'static str,
        signing_name: &'static str,
        query_compatible: bool,
        crate_version: &'static str,
        service_rules: &'static [crate::services::ServiceRule],
        rules: Option<&'static crate::endpoint::LazyRules>,
        regional: bool,
    );
}

impl OperationSpec {
    /// The operation `name`, sent with `http`: signed with SigV4, with nothing sensitive,
    /// streamed, compressed or checksummed until set otherwise.
    pub const fn new(name: &'static str, http: HttpTrait) -> Self {
        OperationSpec {
            name,
            http,
            host_prefix: None,
            auth: Auth::Signed,
            retryable_codes: &[],
            sensitive_output: false,
            sensitive_errors: false,
            sensitive_headers: &[],
            streaming_output: false,
            event_stream_output: false,
            event_stream_input: false,
            http2: false,
            requires_length: false,
            checksum_required: false,
            request_compression: false,
            static_params: &[],
            auth_schemes: &[AuthScheme::SigV4],
        }
    }

    const_setters!(
        host_prefix: Option<&'static str>,
        auth: Auth,
        retryable_codes: &'static [&'static str],
        sensitive_output: bool,
        sensitive_errors: bool,
        sensitive_headers: &'static [&'static str],
        streaming_output: bool,
        event_stream_output: bool,
        event_stream_input: bool,
        http2: bool,
        requires_length: bool,
        checksum_required: bool,
        request_compression: bool,
        static_params: &'static [(&'static str, crate::endpoint::StaticParam)],
        auth_schemes: &'static [AuthScheme],
    );
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

/// A service name as one `User-Agent` token: lowercase, with spaces and other separators made
/// `-` (`Weather Service` → `weather-service`).
fn user_agent_token(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() || "!#$%&'*+.^_`|~-".contains(c) { c.to_ascii_lowercase() } else { '-' })
        .collect()
}

fn construction(message: impl Into<String>) -> Failure {
    Failure::Construction(Box::new(Message(message.into())))
}

/// An operation or one of its attempts took longer than its configured timeout.
#[derive(Debug)]
pub(crate) struct TimedOut {
    what: &'static str,
    after: Duration,
}

impl TimedOut {
    /// `what` (an operation, an attempt) took longer than `after`.
    pub(crate) fn new(what: &'static str, after: Duration) -> Self {
        TimedOut { what, after }
    }
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} timeout of {:?} elapsed", self.what, self.after)
    }
}

impl Error for TimedOut {}

/// The shared client state: configuration, the runtime components its calls use (HTTP client,
/// sleep, time source, interceptors, retry classifiers), one pooled HTTP client (connections
/// are reused across calls), and the service's facts. Generated clients keep one in an `Arc`.
#[derive(Debug)]
pub struct Runtime {
    config: Config,
    service: &'static ServiceSpec,
    endpoint: Result<endpoint::Endpoint, String>,
    endpoints: endpoint::Cache,
    components: RuntimeComponents,
    http: transport::Transport,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    max_response_bytes: usize,
    idempotency_token: fn() -> String,
    non_throttling_backoff: Option<Duration>,
}

/// The configuration's retry settings, or the service's defaults (the standard strategy unless
/// its rules say otherwise).
fn retry_of(config: &Config, service: &ServiceSpec) -> (RetryConfig, Option<Duration>) {
    match config.retry_config() {
        Some(retry) => (retry.clone(), None),
        None => service.default_retry(),
    }
}

impl Runtime {
    /// A runtime for `service` with `config`. Never fails: an unusable endpoint, region or
    /// HTTP client is reported by every call as a construction failure.
    ///
    /// Without a retry configuration the standard strategy applies (3 attempts); without a
    /// connect timeout, connecting is limited to [`DEFAULT_CONNECT_TIMEOUT`]. Without a sleep
    /// or time source, Tokio's timers and the system clock are used. Proxy environment
    /// variables are not read and redirects are not followed.
    pub fn new(config: Config, service: &'static ServiceSpec) -> Self {
        let (retry, non_throttling_backoff) = retry_of(&config, service);
        let mut timeouts = config.timeout_config().cloned().unwrap_or_else(|| TimeoutConfig::builder().build());
        timeouts.take_defaults_from(&TimeoutConfig::builder().connect_timeout(DEFAULT_CONNECT_TIMEOUT).build());
        let endpoint = endpoint::resolve(&config, service);
        let components = components::build(&config);
        let http = transport::Transport::new(config.http_client(), &timeouts, &components);
        let mut runtime = Self::assemble(config, service, endpoint, components, http, retry, timeouts);
        runtime.non_throttling_backoff = non_throttling_backoff;
        runtime
    }

    fn assemble(
        config: Config,
        service: &'static ServiceSpec,
        endpoint: Result<endpoint::Endpoint, String>,
        components: RuntimeComponents,
        http: transport::Transport,
        retry: RetryConfig,
        timeouts: TimeoutConfig,
    ) -> Self {
        Runtime {
            config,
            service,
            endpoint,
            endpoints: endpoint::Cache::default(),
            components,
            http,
            retry,
            timeouts,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            idempotency_token: uuid_v4,
            non_throttling_backoff: None,
        }
    }

    /// This runtime with the settings `over` sets over its configuration, for one call
    /// (`config_override`). The HTTP client and its connections are kept unless the override
    /// changes the client or the timeouts.
    pub(crate) fn with_config_override(&self, over: &crate::config::Builder) -> Runtime {
        let config = self.config.to_builder().merged_with(over).build();
        let (retry, non_throttling_backoff) = retry_of(&config, self.service);
        let mut timeouts = config.timeout_config().cloned().unwrap_or_else(|| TimeoutConfig::builder().build());
        timeouts.take_defaults_from(&TimeoutConfig::builder().connect_timeout(DEFAULT_CONNECT_TIMEOUT).build());
        let endpoint = endpoint::resolve(&config, self.service);
        let components = components::build(&config);
        let http = if over.sets_transport() { transport::Transport::new(config.http_client(), &timeouts, &components) } else { self.http.clone() };
        let mut runtime = Self::assemble(config, self.service, endpoint, components, http, retry, timeouts);
        runtime.max_response_bytes = self.max_response_bytes;
        runtime.idempotency_token = self.idempotency_token;
        runtime.non_throttling_backoff = non_throttling_backoff;
        runtime
    }

    /// The initial backoff of failures other than throttling, when the service's rules give
    /// one (instead of the retry configuration's).
    pub(crate) fn non_throttling_backoff(&self) -> Option<Duration> {
        self.non_throttling_backoff
    }

    /// The runtime components calls are made with (what interceptors are handed).
    pub fn components(&self) -> &RuntimeComponents {
        &self.components
    }

    /// The configuration's interceptors, in order.
    pub fn interceptors(&self) -> &[SharedInterceptor] {
        self.config.interceptors()
    }

    /// The timeouts calls are made with (the connect timeout defaulted).
    pub fn timeouts(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// How failed attempts are retried.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// A wait of `duration`, from the configured sleep implementation (Tokio's by default).
    pub fn sleep(&self, duration: Duration) -> Sleep {
        self.sleep_impl().sleep(duration)
    }

    /// A streamed response body, guarded by the configured stalled-stream protection (when it
    /// is on for downloads).
    pub(crate) fn guard_download(&self, body: aws_smithy_types::body::SdkBody) -> aws_smithy_types::body::SdkBody {
        crate::orchestrator::guard_download(body, self.config.stalled_stream_protection(), self.sleep_impl())
    }

    /// The streamed body of a successful output, taken from the response: an event stream's
    /// (whose response keeps the `initial-response` document, if one was read, as its body), or
    /// another stream guarded by stalled-stream protection.
    pub(crate) fn take_output_stream(&self, response: &mut HttpResponse, op: &OperationSpec) -> SdkBody {
        if op.event_stream_output {
            return event_stream_of(response);
        }
        self.guard_download(std::mem::replace(response.body_mut(), SdkBody::taken()))
    }

    /// Readies an event stream output's body: guarded by the idle timeout, and for the RPC
    /// protocols with its first message read (see [`OperationSpec::event_stream_output`]).
    pub(crate) async fn prepare_event_stream(&self, response: &mut HttpResponse) -> Result<(), BoxError> {
        let body = std::mem::replace(response.body_mut(), SdkBody::taken());
        *response.body_mut() = crate::orchestrator::guard_idle(body, self.config.event_stream_idle_timeout(), self.sleep_impl());
        #[cfg(feature = "event-stream")]
        if self.service.protocol.is_rpc() {
            return crate::event_stream::initial::pre_read(response).await;
        }
        Ok(())
    }

    fn sleep_impl(&self) -> SharedAsyncSleep {
        self.components.sleep_impl().unwrap_or_else(|| SharedAsyncSleep::new(aws_smithy_async::rt::sleep::TokioSleep::new()))
    }

    /// Now, from the configured time source (the system clock by default): signing uses it.
    pub fn now(&self) -> std::time::SystemTime {
        self.components.time_source().unwrap_or_default().now()
    }

    /// Changes the largest response body a call reads (default [`DEFAULT_MAX_RESPONSE_BYTES`]);
    /// a larger one fails the call with [`Failure::Response`].
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Changes how unset `@idempotencyToken` members are filled (default: a random UUID v4).
    pub fn with_idempotency_token(mut self, make: fn() -> String) -> Self {
        self.idempotency_token = make;
        self
    }

    /// A fresh idempotency token: from the configuration's provider when it sets one.
    pub fn idempotency_token(&self) -> String {
        match self.config.idempotency_token_provider() {
            Some(provider) => provider.make_idempotency_token(),
            None => (self.idempotency_token)(),
        }
    }

    /// The configuration this runtime was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The service facts this runtime was made with.
    pub fn service(&self) -> &'static ServiceSpec {
        self.service
    }

    /// Builds the unsigned HTTP request for an operation from the parts its input wrote: the
    /// endpoint (see [`Runtime::resolve_endpoint`]; an asynchronous resolver set by the user
    /// cannot be used here), the operation's `@http` method and URI pattern (`POST /` and
    /// `X-Amz-Target` for RPC protocols), the `@endpoint` host prefix, headers, and the body with
    /// its `Content-Type` and `Content-Length`.
    pub fn build_request(&self, op: &OperationSpec, parts: RequestParts) -> Result<http::Request<SdkBody>, Failure> {
        let resolved = match crate::endpoint::poll_once(self.endpoint_for(op, &parts, None)) {
            std::task::Poll::Ready(resolved) => resolved?,
            std::task::Poll::Pending => return Err(construction("the endpoint resolver is asynchronous; send the request instead")),
        };
        self.build_request_at(&resolved, op, parts)
    }

    /// [`Runtime::build_request`] with the endpoint already resolved.
    fn build_request_at(&self, resolved: &endpoint::Resolved, op: &OperationSpec, parts: RequestParts) -> Result<http::Request<SdkBody>, Failure> {
        let compress_from = (op.request_compression && !self.config.disable_request_compression())
            .then(|| self.config.request_min_compression_size_bytes());
        let mut request = assemble::request(&resolved.endpoint, self.service, op, parts, compress_from).map_err(construction)?;
        for (name, value) in &resolved.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| construction(format!("the endpoint header `{name}` is not a header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| construction(format!("the endpoint header `{name}` has an invalid value")))?;
            request.headers_mut().append(name, value);
        }
        Ok(request)
    }

    /// Where a call with these parts goes: the URL the input names
    /// ([`RequestParts::endpoint_override`]), else [`Runtime::resolve_endpoint`].
    pub(crate) async fn endpoint_for(&self, op: &OperationSpec, parts: &RequestParts, account_id: Option<&str>) -> Result<std::sync::Arc<endpoint::Resolved>, Failure> {
        match &parts.endpoint_override {
            Some(url) => endpoint::from_url(url).map(|e| std::sync::Arc::new(endpoint::Resolved::plain(e))).map_err(construction),
            None => self.resolve_endpoint(op, &parts.endpoint_params, account_id).await,
        }
    }

    /// Where a call goes. With endpoint rules: the parameters of the call (built-ins from the
    /// configuration and `account_id`, client context parameters, the operation's static ones,
    /// the input's context parameters) go to the resolver set with `endpoint_resolver`, else to
    /// the rules (whose answers are cached per parameter values); an error rule's message fails
    /// the call before anything is sent. Without rules: a resolver set in the configuration
    /// (with no parameters), else the configured endpoint URL, else the regional endpoint.
    pub async fn resolve_endpoint(
        &self,
        op: &OperationSpec,
        input: &[(&'static str, crate::endpoint::ParamValue)],
        account_id: Option<&str>,
    ) -> Result<std::sync::Arc<endpoint::Resolved>, Failure> {
        let Some(lazy) = self.service.rules else {
            if let Some(custom) = self.config.endpoint_resolver() {
                // Without rules there are no parameters; a resolver set in the configuration
                // (endpoint discovery's) still decides.
                let answer = custom.resolve(&crate::endpoint::ParamList::new()).await.map_err(Failure::Construction)?;
                return endpoint::from_rules(&answer).map(std::sync::Arc::new).map_err(construction);
            }
            let plain = self.endpoint.as_ref().map_err(construction)?;
            return Ok(std::sync::Arc::new(endpoint::Resolved::plain(plain.clone())));
        };
        let rules = lazy.get().map_err(|e| construction(e.to_string()))?;
        let key = endpoint::params(rules, &self.config, op, input, account_id);
        if let Some(custom) = self.config.endpoint_resolver() {
            let params = endpoint::named(rules, &key);
            let answer = custom.resolve(&params).await.map_err(Failure::Construction)?;
            return endpoint::from_rules(&answer).map(std::sync::Arc::new).map_err(construction);
        }
        if let Some(hit) = self.endpoints.get(&key) {
            return Ok(hit);
        }
        let answer = rules.resolve(&key).map_err(|e| Failure::Construction(Box::new(e)))?;
        let resolved = std::sync::Arc::new(endpoint::from_rules(&answer).map_err(construction)?);
        self.endpoints.put(key, std::sync::Arc::clone(&resolved));
        Ok(resolved)
    }

    /// The endpoint an input of this operation resolves to (for the generated endpoint tests;
    /// `account_id` stands for the credentials' account id).
    #[doc(hidden)]
    pub fn endpoint_of<I: crate::request::WriteRequest>(
        &self,
        op: &OperationSpec,
        input: I,
        account_id: Option<&str>,
    ) -> Result<std::sync::Arc<endpoint::Resolved>, Failure> {
        let parts = self.request_parts(input).map_err(|e| Failure::Construction(Box::new(e)))?;
        crate::endpoint::testing::now(self.endpoint_for(op, &parts, account_id))
    }

    /// Sends one operation from request parts already written, through the whole lifecycle
    /// (the configuration's interceptors included), and hands back the raw response: a 2xx
    /// (read whole, unless the operation streams its output), or the failure. Generated
    /// operations go through [`Runtime::send`] instead; this is the same path without their
    /// types.
    ///
    /// Retried (with exponential backoff and full jitter, re-signed each time): I/O errors,
    /// connect/read timeouts and attempt timeouts, HTTP 500/502/503/504/429, throttling and
    /// transient error codes, and the operation's `@retryable` error codes. Nothing else is; a
    /// streamed request body that cannot be replayed is sent once. The operation timeout covers
    /// all attempts and backoff, the attempt timeout each attempt including reading the body.
    /// Bodies over the size limit fail with [`Failure::Response`].
    pub async fn call(&self, op: &'static OperationSpec, parts: RequestParts) -> Result<HttpResponse, Failure> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(construction("calls must run inside a Tokio runtime (with timers enabled)"));
        }
        raw::call(self, op, parts).await
    }

    /// Whether a response is a success: a 2xx status that is not (for services that send them)
    /// an error document.
    pub(crate) fn classify_ref(&self, raw: &HttpResponse, op: &OperationSpec) -> bool {
        let error_in_200 = self.service.has_rule(crate::services::ServiceRule::ErrorsIn200) && !op.streaming_output && looks_like_error_document(raw);
        raw.status().is_success() && !error_in_200
    }

    /// The non-2xx path on its own: `Ok(raw)` for a 2xx status, else [`Failure::Service`] with
    /// the response's error metadata as `protocol` reads it.
    pub fn classify_with(raw: HttpResponse, protocol: Protocol) -> Result<HttpResponse, Failure> {
        if raw.status().is_success() {
            Ok(raw)
        } else {
            Err(Failure::Service { meta: protocol.error_metadata(&raw), raw })
        }
    }
}

/// The event stream of an output (the response keeps the `initial-response` document).
#[cfg(feature = "event-stream")]
fn event_stream_of(response: &mut HttpResponse) -> SdkBody {
    crate::event_stream::initial::take_stream(response)
}

/// Without the `event-stream` feature, an event stream is taken as any stream is.
#[cfg(not(feature = "event-stream"))]
fn event_stream_of(response: &mut HttpResponse) -> SdkBody {
    std::mem::replace(response.body_mut(), SdkBody::taken())
}

/// Whether a response body is an XML `<Error>` document (S3 answers some failures with 200).
fn looks_like_error_document(raw: &HttpResponse) -> bool {
    let body = raw.body().bytes().unwrap_or_default();
    let text = String::from_utf8_lossy(&body[..body.len().min(512)]);
    let mut rest = text.trim_start();
    if let Some(after) = rest.strip_prefix("<?xml") {
        rest = after.split_once("?>").map_or("", |(_, r)| r).trim_start();
    }
    rest.starts_with("<Error>") || rest.starts_with("<Error ")
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

/// [`into_sdk_error`] for a call of `op`: raw responses kept in the error lose what the
/// operation marks sensitive (the body of a service error whose shape holds sensitive data, and
/// sensitive headers), once the error has been read from them.
pub fn into_sdk_error_for<E>(
    failure: Failure,
    parse: impl FnOnce(ErrorMetadata, &HttpResponse) -> E,
    op: &OperationSpec,
) -> SdkError<E, HttpResponse> {
    match failure {
        Failure::Response { source, raw } => {
            SdkError::response_error(source, redact(raw, op.sensitive_output, op.sensitive_headers))
        }
        Failure::Service { meta, raw } => {
            let error = parse(meta, &raw);
            SdkError::service_error(error, redact(raw, op.sensitive_errors, op.sensitive_headers))
        }
        other => into_sdk_error(other, parse),
    }
}

/// The response with its body replaced by the redaction text (when `body`) and the values of
/// the listed headers redacted.
pub fn redact(raw: HttpResponse, body: bool, headers: &[&str]) -> HttpResponse {
    if !body && headers.is_empty() {
        return raw;
    }
    let sensitive = |name: &str| {
        headers.iter().any(|h| match h.strip_suffix('*') {
            Some(prefix) => name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix),
            None => name.eq_ignore_ascii_case(h),
        })
    };
    let (status, old_headers) = (raw.status(), raw.headers().clone());
    let new_body = if body { SdkBody::from(crate::REDACTED) } else { raw.into_body() };
    let mut redacted = HttpResponse::new(status, new_body);
    for (name, value) in old_headers.iter() {
        let value = if sensitive(name) { crate::REDACTED } else { value };
        let _ = redacted.headers_mut().try_append(name.to_owned(), value.to_owned());
    }
    redacted
}

/// A random UUID (version 4): invocation ids and idempotency tokens.
pub fn uuid_v4() -> String {
    uuid_v4_from(fastrand::u128(..))
}

/// A UUID (version 4, RFC 4122 variant) from 128 random bits.
pub(crate) fn uuid_v4_from(bits: u128) -> String {
    use std::fmt::Write as _;
    let mut bytes = bits.to_be_bytes();
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
    fn user_agent_tokens_have_no_spaces() {
        assert_eq!(user_agent_token("Cognito Identity Provider"), "cognito-identity-provider");
        assert_eq!(user_agent_token("S3"), "s3");
        assert_eq!(user_agent_token("My Weather (v2)"), "my-weather--v2-");
    }

    #[test]
    fn uuids_look_like_uuids() {
        let id = uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert_ne!(id, uuid_v4());
    }

    #[test]
    fn error_documents_in_200() {
        let raw = |body: &str| HttpResponse::new(200u16.try_into().expect("status"), SdkBody::from(body.to_owned()));
        assert!(looks_like_error_document(&raw("<?xml version=\"1.0\"?>\n<Error><Code>X</Code></Error>")));
        assert!(looks_like_error_document(&raw("<Error><Code>X</Code></Error>")));
        assert!(!looks_like_error_document(&raw("<CopyObjectResult></CopyObjectResult>")));
        assert!(!looks_like_error_document(&raw("")));
    }

    #[test]
    fn runtime_and_call_are_send_and_sync() {
        fn check<T: Send + Sync>(_: &T) {}
        fn check_send<T: Send>(_: T) {}
        static SERVICE: ServiceSpec = ServiceSpec::new("X", Protocol::AwsJson1_0)
            .target_prefix("X")
            .version("2020-01-01")
            .endpoint_prefix("x")
            .signing_name("x")
            .regional(true);
        static OP: OperationSpec = OperationSpec::new("Op", HttpTrait::RPC).auth(Auth::Anonymous);
        let runtime = Runtime::new(Config::builder().build(), &SERVICE);
        check(&runtime);
        let parts = crate::request::RequestWriter::new(Protocol::AwsJson1_0).finish().expect("parts");
        check_send(runtime.call(&OP, parts));
    }
}
