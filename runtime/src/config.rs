//! Client configuration shared by every generated crate (each re-exports [`Config`] as
//! `crate::Config`).
//!
//! The surface follows the AWS SDK for Rust: a [`Config`] is immutable and made by a
//! [`Builder`], which can start empty ([`Builder::new`]), from an [`aws_types::SdkConfig`]
//! (`Builder::from(&sdk_config)`), or from the environment and the shared profile files
//! ([`Builder::from_env`]).

use std::fmt;
use std::path::PathBuf;

pub use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
pub use aws_credential_types::Credentials;
pub use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
pub use aws_smithy_types::retry::RetryConfig;
pub use aws_smithy_types::timeout::TimeoutConfig;
pub use aws_types::endpoint_config::AccountIdEndpointMode;
pub use aws_types::region::Region;
pub use aws_types::SdkConfig;
pub use aws_types::app_name::AppName;

mod idempotency;
mod profile;
mod wrapper;

pub use idempotency::IdempotencyTokenProvider;

use crate::endpoint::SharedEndpointResolver;
pub use aws_smithy_runtime_api::client::identity::http::{Login, Token};
pub use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
pub use aws_smithy_async::time::{SharedTimeSource, TimeSource};
pub use aws_smithy_runtime_api::client::http::{HttpClient, SharedHttpClient};
pub use aws_smithy_runtime_api::client::identity::{ResolveCachedIdentity, SharedIdentityCache};
pub use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
pub use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, SharedRetryClassifier};
pub use aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
pub use aws_smithy_runtime_api::client::auth::{AuthSchemeId, AuthSchemePreference};
pub use aws_smithy_runtime_api::client::identity::{ResolveIdentity, SharedIdentityResolver};
pub use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
pub use aws_smithy_runtime_api::shared::IntoShared;
pub use aws_smithy_types::config_bag::{ConfigBag, FrozenLayer, Layer};

/// The HTTP request and response interceptors see (`config::http` in a generated crate).
pub mod http {
    pub use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
}

/// Retry classification (`config::retry` in a generated crate).
pub mod retry {
    pub use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction};
    pub use aws_smithy_runtime_api::client::retries::ShouldAttempt;
}

/// What each interceptor hook is handed (`config::interceptors` in a generated crate).
pub mod interceptors {
    pub use aws_smithy_runtime_api::client::interceptors::context::{
        AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextMut,
        BeforeDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextMut,
        BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef,
        FinalizerInterceptorContextMut, FinalizerInterceptorContextRef, InterceptorContext,
    };
}

/// A value of one of the model's `smithy.rules#clientContextParams`, set on a generated crate's
/// config builder (`force_path_style(true)`) and kept for endpoint resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextParam {
    /// A boolean parameter.
    Bool(bool),
    /// A string parameter.
    String(String),
}

/// Service-independent client configuration (generated crates re-export it as `crate::Config`).
///
/// Its `Debug` output names which settings are present but never prints credentials.
#[derive(Clone)]
pub struct Config {
    settings: Builder,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> Builder {
        Builder::new()
    }

    /// A builder holding this configuration, to change some settings and build again.
    pub fn to_builder(&self) -> Builder {
        self.settings.clone()
    }

    /// The region requests go to (and are signed for).
    pub fn region(&self) -> Option<&Region> {
        self.settings.region.as_ref()
    }

    /// The endpoint every request is sent to, instead of the one derived from the region.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.settings.endpoint_url.as_deref()
    }

    /// How failed attempts are retried. `None` means the standard strategy with its defaults
    /// (3 attempts, 1 s initial backoff, 20 s maximum backoff).
    pub fn retry_config(&self) -> Option<&RetryConfig> {
        self.settings.retry_config.as_ref()
    }

    /// Connect, read, attempt and operation timeouts. When unset (or when no connect timeout
    /// is given), connecting is limited to 3.1 s, as in the AWS SDKs.
    pub fn timeout_config(&self) -> Option<&TimeoutConfig> {
        self.settings.timeout_config.as_ref()
    }

    /// The behavior version the configuration was made for.
    pub fn behavior_version(&self) -> Option<BehaviorVersion> {
        self.settings.behavior_version
    }

    /// Whether operations with `@requestCompression` send their bodies uncompressed.
    pub fn disable_request_compression(&self) -> bool {
        self.settings.disable_request_compression.unwrap_or(false)
    }

    /// The smallest body that is compressed, in bytes (default 10 240, as in the AWS SDKs).
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.settings.request_min_compression_size_bytes.unwrap_or(DEFAULT_MIN_COMPRESSION_SIZE)
    }

    /// Where credentials for signed requests come from.
    pub fn credentials_provider(&self) -> Option<SharedCredentialsProvider> {
        self.settings.credentials_provider.clone()
    }

    /// Same as `Builder::from_env().build()`.
    pub fn from_env() -> Config {
        Builder::from_env().build()
    }

    /// Whether requests go to FIPS endpoints (`None`: not set, which means no).
    pub fn use_fips(&self) -> Option<bool> {
        self.settings.use_fips
    }

    /// Whether requests go to dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(&self) -> Option<bool> {
        self.settings.use_dual_stack
    }

    /// Whether endpoints may, must or must not carry the account id.
    pub fn account_id_endpoint_mode(&self) -> Option<&AccountIdEndpointMode> {
        self.settings.account_id_endpoint_mode.as_ref()
    }

    /// The resolver that replaces the model's endpoint rules, when one is set.
    pub fn endpoint_resolver(&self) -> Option<&SharedEndpointResolver> {
        self.settings.endpoint_resolver.as_ref()
    }

    /// A client context parameter, by its name in the model (`ForcePathStyle`).
    pub fn context_param(&self, name: &str) -> Option<&ContextParam> {
        self.settings.context_params.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Where bearer tokens come from (`@httpBearerAuth`).
    pub fn bearer_token_resolver(&self) -> Option<&SharedIdentityResolver> {
        self.settings.bearer_token.as_ref()
    }

    /// Where API keys come from (`@httpApiKeyAuth`).
    pub fn api_key_resolver(&self) -> Option<&SharedIdentityResolver> {
        self.settings.api_key.as_ref()
    }

    /// Where HTTP basic logins come from (`@httpBasicAuth`).
    pub fn basic_auth_login_resolver(&self) -> Option<&SharedIdentityResolver> {
        self.settings.basic_auth_login.as_ref()
    }

    /// The HTTP client requests are sent with, when one replaces the built-in HTTPS client.
    pub fn http_client(&self) -> Option<SharedHttpClient> {
        self.settings.http_client.clone()
    }

    /// The interceptors every call runs, in order.
    pub fn interceptors(&self) -> &[SharedInterceptor] {
        &self.settings.interceptors
    }

    /// What timeouts and retry backoff sleep with, when it is not Tokio's timer.
    pub fn sleep_impl(&self) -> Option<SharedAsyncSleep> {
        self.settings.sleep_impl.clone()
    }

    /// The clock signing reads, when it is not the system clock.
    pub fn time_source(&self) -> Option<SharedTimeSource> {
        self.settings.time_source.clone()
    }

    /// Retry classifiers that refine the built-in classification, in order.
    pub fn retry_classifiers(&self) -> &[SharedRetryClassifier] {
        &self.settings.retry_classifiers
    }

    /// The cache identities (tokens, logins) are resolved through, when one is set.
    pub fn identity_cache(&self) -> Option<SharedIdentityCache> {
        self.settings.identity_cache.clone()
    }

    /// Where unset `@idempotencyToken` members get their value, when a provider is set.
    pub fn idempotency_token_provider(&self) -> Option<&IdempotencyTokenProvider> {
        self.settings.idempotency_token_provider.as_ref()
    }

    /// The application's name, added to the `User-Agent` as `app/{name}`.
    pub fn app_name(&self) -> Option<&AppName> {
        self.settings.app_name.as_ref()
    }

    /// Stalled-stream protection, as configured (downloads are guarded when it is on for them).
    pub fn stalled_stream_protection(&self) -> Option<&StalledStreamProtectionConfig> {
        self.settings.stalled_stream_protection.as_ref()
    }

    /// How long an event stream output may go without bytes before it ends with an error.
    pub fn event_stream_idle_timeout(&self) -> Option<std::time::Duration> {
        self.settings.event_stream_idle_timeout
    }

    /// The auth schemes tried first, in this order, among those an operation supports.
    pub fn auth_scheme_preference(&self) -> Option<&AuthSchemePreference> {
        self.settings.auth_scheme_preference.as_ref()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_settings("Config", &self.settings, f)
    }
}

/// Builds a [`Config`].
#[derive(Clone, Default)]
pub struct Builder {
    behavior_version: Option<BehaviorVersion>,
    region: Option<Region>,
    endpoint_url: Option<String>,
    credentials_provider: Option<SharedCredentialsProvider>,
    retry_config: Option<RetryConfig>,
    timeout_config: Option<TimeoutConfig>,
    disable_request_compression: Option<bool>,
    request_min_compression_size_bytes: Option<u32>,
    context_params: Vec<(&'static str, ContextParam)>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    endpoint_resolver: Option<SharedEndpointResolver>,
    bearer_token: Option<SharedIdentityResolver>,
    api_key: Option<SharedIdentityResolver>,
    basic_auth_login: Option<SharedIdentityResolver>,
    http_client: Option<SharedHttpClient>,
    interceptors: Vec<SharedInterceptor>,
    sleep_impl: Option<SharedAsyncSleep>,
    time_source: Option<SharedTimeSource>,
    retry_classifiers: Vec<SharedRetryClassifier>,
    identity_cache: Option<SharedIdentityCache>,
    app_name: Option<AppName>,
    idempotency_token_provider: Option<IdempotencyTokenProvider>,
    stalled_stream_protection: Option<StalledStreamProtectionConfig>,
    auth_scheme_preference: Option<AuthSchemePreference>,
    event_stream_idle_timeout: Option<std::time::Duration>,
}

/// The smallest body compressed by default, in bytes.
pub const DEFAULT_MIN_COMPRESSION_SIZE: u32 = 10_240;

/// The largest minimum compression size the AWS SDKs accept.
const MAX_MIN_COMPRESSION_SIZE: u32 = 10_485_760;

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_settings("Builder", self, f)
    }
}

/// Shared by both `Debug` impls: the credentials provider is only reported as present, since a
/// provider's own `Debug` may show what it holds.
fn debug_settings(name: &str, settings: &Builder, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let provider = settings
        .credentials_provider
        .as_ref()
        .map(|_| "** redacted **");
    f.debug_struct(name)
        .field("behavior_version", &settings.behavior_version)
        .field("region", &settings.region)
        .field("endpoint_url", &settings.endpoint_url)
        .field("credentials_provider", &provider)
        .field("retry_config", &settings.retry_config)
        .field("timeout_config", &settings.timeout_config)
        .field("disable_request_compression", &settings.disable_request_compression)
        .field("request_min_compression_size_bytes", &settings.request_min_compression_size_bytes)
        .field("context_params", &settings.context_params)
        .field("use_fips", &settings.use_fips)
        .field("use_dual_stack", &settings.use_dual_stack)
        .field("account_id_endpoint_mode", &settings.account_id_endpoint_mode)
        .field("endpoint_resolver", &settings.endpoint_resolver.as_ref().map(|_| "custom"))
        .field("bearer_token", &settings.bearer_token.as_ref().map(|_| "** redacted **"))
        .field("api_key", &settings.api_key.as_ref().map(|_| "** redacted **"))
        .field("basic_auth_login", &settings.basic_auth_login.as_ref().map(|_| "** redacted **"))
        .field("http_client", &settings.http_client.as_ref().map(|_| "custom"))
        .field("interceptors", &settings.interceptors.len())
        .field("sleep_impl", &settings.sleep_impl.as_ref().map(|_| "custom"))
        .field("time_source", &settings.time_source.as_ref().map(|_| "custom"))
        .field("retry_classifiers", &settings.retry_classifiers.len())
        .field("identity_cache", &settings.identity_cache.as_ref().map(|_| "custom"))
        .field("app_name", &settings.app_name)
        .field("idempotency_token_provider", &settings.idempotency_token_provider)
        .field("stalled_stream_protection", &settings.stalled_stream_protection)
        .field("auth_scheme_preference", &settings.auth_scheme_preference)
        .field("event_stream_idle_timeout", &settings.event_stream_idle_timeout)
        .finish()
}

impl Builder {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the behavior version.
    pub fn behavior_version(mut self, v: BehaviorVersion) -> Self {
        self.set_behavior_version(Some(v));
        self
    }

    /// Sets or clears the behavior version.
    pub fn set_behavior_version(&mut self, v: Option<BehaviorVersion>) -> &mut Self {
        self.behavior_version = v;
        self
    }

    /// The behavior version set on this builder.
    pub fn get_behavior_version(&self) -> Option<BehaviorVersion> {
        self.behavior_version
    }

    /// Sets the region (`None` clears it).
    pub fn region(mut self, r: impl Into<Option<Region>>) -> Self {
        self.set_region(r.into());
        self
    }

    /// Sets or clears the region.
    pub fn set_region(&mut self, r: Option<Region>) -> &mut Self {
        self.region = r;
        self
    }

    /// Sends every request to this URL (`http://` or `https://`, optionally with a base path)
    /// instead of the endpoint derived from the region.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.set_endpoint_url(Some(url.into()));
        self
    }

    /// Sets or clears the endpoint URL.
    pub fn set_endpoint_url(&mut self, url: Option<String>) -> &mut Self {
        self.endpoint_url = url;
        self
    }

    /// Sets where credentials come from; a [`Credentials`] value is itself a provider.
    pub fn credentials_provider(mut self, p: impl ProvideCredentials + 'static) -> Self {
        self.set_credentials_provider(Some(SharedCredentialsProvider::new(p)));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(&mut self, p: Option<SharedCredentialsProvider>) -> &mut Self {
        self.credentials_provider = p;
        self
    }

    /// Sets the retry configuration.
    pub fn retry_config(mut self, c: RetryConfig) -> Self {
        self.set_retry_config(Some(c));
        self
    }

    /// Sets or clears the retry configuration.
    pub fn set_retry_config(&mut self, c: Option<RetryConfig>) -> &mut Self {
        self.retry_config = c;
        self
    }

    /// Sets the timeout configuration.
    pub fn timeout_config(mut self, c: TimeoutConfig) -> Self {
        self.set_timeout_config(Some(c));
        self
    }

    /// Sets or clears the timeout configuration.
    pub fn set_timeout_config(&mut self, c: Option<TimeoutConfig>) -> &mut Self {
        self.timeout_config = c;
        self
    }

    /// Turns request compression (`@requestCompression`) off or on.
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.set_disable_request_compression(Some(disable));
        self
    }

    /// Sets or clears whether request compression is off.
    pub fn set_disable_request_compression(&mut self, disable: Option<bool>) -> &mut Self {
        self.disable_request_compression = disable;
        self
    }

    /// Sets the smallest body that is compressed, in bytes (at most 10 485 760).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.set_request_min_compression_size_bytes(Some(bytes));
        self
    }

    /// Sets or clears the smallest body that is compressed.
    pub fn set_request_min_compression_size_bytes(&mut self, bytes: Option<u32>) -> &mut Self {
        self.request_min_compression_size_bytes = bytes.map(|b| b.min(MAX_MIN_COMPRESSION_SIZE));
        self
    }

    /// Sends requests to FIPS endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Sets or clears whether requests go to FIPS endpoints.
    pub fn set_use_fips(&mut self, use_fips: Option<bool>) -> &mut Self {
        self.use_fips = use_fips;
        self
    }

    /// Sends requests to dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Sets or clears whether requests go to dual-stack endpoints.
    pub fn set_use_dual_stack(&mut self, use_dual_stack: Option<bool>) -> &mut Self {
        self.use_dual_stack = use_dual_stack;
        self
    }

    /// Whether endpoints may (`Preferred`, the default), must (`Required`) or must not
    /// (`Disabled`) route by the credentials' account id.
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.account_id_endpoint_mode = Some(mode);
        self
    }

    /// Sets or clears the account-id endpoint mode.
    pub fn set_account_id_endpoint_mode(&mut self, mode: Option<AccountIdEndpointMode>) -> &mut Self {
        self.account_id_endpoint_mode = mode;
        self
    }

    /// Replaces the model's endpoint rules with this resolver (generated crates wrap the user's
    /// `ResolveEndpoint` in one).
    pub fn set_endpoint_resolver(&mut self, resolver: Option<SharedEndpointResolver>) -> &mut Self {
        self.endpoint_resolver = resolver;
        self
    }

    /// Sends every request with this HTTP client instead of the built-in one (HTTPS with
    /// rustls): a test's recording or replaying client, or a transport of one's own. The
    /// configured connect and read timeouts are handed to it; attempt and operation timeouts
    /// and retries still apply around it.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.http_client = Some(SharedHttpClient::new(client));
        self
    }

    /// Sets or clears the HTTP client.
    pub fn set_http_client(&mut self, client: Option<SharedHttpClient>) -> &mut Self {
        self.http_client = client;
        self
    }

    /// Adds an interceptor; every call runs the configuration's interceptors in the order they
    /// were added, then those of the call (`customize()`).
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.push_interceptor(SharedInterceptor::new(interceptor));
        self
    }

    /// Adds a shared interceptor.
    pub fn push_interceptor(&mut self, interceptor: SharedInterceptor) -> &mut Self {
        self.interceptors.push(interceptor);
        self
    }

    /// Replaces every interceptor.
    pub fn set_interceptors(&mut self, interceptors: impl IntoIterator<Item = SharedInterceptor>) -> &mut Self {
        self.interceptors = interceptors.into_iter().collect();
        self
    }

    /// Sleeps (for timeouts and retry backoff) with this instead of Tokio's timer.
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep_impl = Some(SharedAsyncSleep::new(sleep));
        self
    }

    /// Sets or clears the sleep implementation.
    pub fn set_sleep_impl(&mut self, sleep: Option<SharedAsyncSleep>) -> &mut Self {
        self.sleep_impl = sleep;
        self
    }

    /// Reads the time (for signing) from this clock instead of the system's.
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.time_source = Some(SharedTimeSource::new(time_source));
        self
    }

    /// Sets or clears the time source.
    pub fn set_time_source(&mut self, time_source: Option<SharedTimeSource>) -> &mut Self {
        self.time_source = time_source;
        self
    }

    /// Adds a retry classifier; classifiers refine the built-in classification in the order
    /// they were added, and one that forbids a retry has the last word.
    pub fn retry_classifier(mut self, classifier: impl ClassifyRetry + 'static) -> Self {
        self.push_retry_classifier(SharedRetryClassifier::new(classifier));
        self
    }

    /// Adds a shared retry classifier.
    pub fn push_retry_classifier(&mut self, classifier: SharedRetryClassifier) -> &mut Self {
        self.retry_classifiers.push(classifier);
        self
    }

    /// Replaces every retry classifier.
    pub fn set_retry_classifiers(&mut self, classifiers: impl IntoIterator<Item = SharedRetryClassifier>) -> &mut Self {
        self.retry_classifiers = classifiers.into_iter().collect();
        self
    }

    /// Resolves identities (tokens, logins) through this cache.
    pub fn identity_cache(mut self, cache: impl ResolveCachedIdentity + 'static) -> Self {
        self.set_identity_cache(cache);
        self
    }

    /// Sets the identity cache.
    pub fn set_identity_cache(&mut self, cache: impl ResolveCachedIdentity + 'static) -> &mut Self {
        self.identity_cache = Some(SharedIdentityCache::new(cache));
        self
    }

    /// Sets the behavior version to the latest one this runtime knows.
    pub fn behavior_version_latest(self) -> Self {
        self.behavior_version(BehaviorVersion::latest())
    }

    /// The settings tests want whatever the environment: a clock stopped at 2009-02-13T23:31:30Z
    /// (1 234 567 890 s after the epoch), fixed test credentials (access key `ANOTREAL`), the
    /// latest behavior version, and, where none is set, a test bearer token, API key and login.
    pub fn apply_test_defaults(&mut self) -> &mut Self {
        let stopped = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_234_567_890);
        self.set_time_source(Some(SharedTimeSource::new(aws_smithy_async::time::StaticTimeSource::new(stopped))));
        let credentials = Credentials::new("ANOTREAL", "notrealrnrELgWzOk3IfjzDKtFBhDby", Some("notarealsessiontoken".to_owned()), None, "test");
        self.set_credentials_provider(Some(SharedCredentialsProvider::new(credentials)));
        self.set_behavior_version(Some(BehaviorVersion::latest()));
        self.set_idempotency_token_provider(Some("00000000-0000-4000-8000-000000000000".into()));
        if self.bearer_token.is_none() {
            self.bearer_token = Some(SharedIdentityResolver::new(Token::new("test-token", None)));
        }
        if self.api_key.is_none() {
            self.api_key = Some(SharedIdentityResolver::new(Token::new("test-api-key", None)));
        }
        if self.basic_auth_login.is_none() {
            self.basic_auth_login = Some(SharedIdentityResolver::new(Login::new("test-user", "test-password", None)));
        }
        self
    }

    /// [`apply_test_defaults`](Self::apply_test_defaults), and the region `us-east-1` when
    /// none is set.
    pub fn apply_test_defaults_v2(&mut self) -> &mut Self {
        self.apply_test_defaults();
        if self.region.is_none() {
            self.set_region(Some(Region::new("us-east-1")));
        }
        self
    }

    /// Where unset `@idempotencyToken` members get their value (random UUIDs when unset).
    pub fn idempotency_token_provider(mut self, provider: impl Into<IdempotencyTokenProvider>) -> Self {
        self.idempotency_token_provider = Some(provider.into());
        self
    }

    /// Sets or clears the idempotency token provider.
    pub fn set_idempotency_token_provider(&mut self, provider: Option<IdempotencyTokenProvider>) -> &mut Self {
        self.idempotency_token_provider = provider;
        self
    }

    /// Names the application in the `User-Agent` (`app/{name}`).
    pub fn app_name(mut self, name: AppName) -> Self {
        self.app_name = Some(name);
        self
    }

    /// Sets or clears the application's name.
    pub fn set_app_name(&mut self, name: Option<AppName>) -> &mut Self {
        self.app_name = name;
        self
    }

    /// Sets stalled-stream protection.
    pub fn stalled_stream_protection(mut self, config: StalledStreamProtectionConfig) -> Self {
        self.stalled_stream_protection = Some(config);
        self
    }

    /// Sets or clears stalled-stream protection.
    pub fn set_stalled_stream_protection(&mut self, config: Option<StalledStreamProtectionConfig>) -> &mut Self {
        self.stalled_stream_protection = config;
        self
    }

    /// Tries these auth schemes first, in this order, among those an operation supports
    /// (`[HTTP_BEARER_AUTH_SCHEME_ID]` prefers a bearer token to SigV4 where both are possible).
    pub fn auth_scheme_preference(mut self, preference: impl Into<AuthSchemePreference>) -> Self {
        self.auth_scheme_preference = Some(preference.into());
        self
    }

    /// Sets or clears the auth scheme preference.
    pub fn set_auth_scheme_preference(&mut self, preference: Option<AuthSchemePreference>) -> &mut Self {
        self.auth_scheme_preference = preference;
        self
    }

    /// Ends an event stream output with an error when no bytes of it arrive for `timeout`
    /// (event streams have no stalled-stream protection: a stream may rightly be quiet).
    pub fn event_stream_idle_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.event_stream_idle_timeout = Some(timeout);
        self
    }

    /// Sets or clears the event stream idle timeout (default: none, a quiet stream waits).
    pub fn set_event_stream_idle_timeout(&mut self, timeout: Option<std::time::Duration>) -> &mut Self {
        self.event_stream_idle_timeout = timeout;
        self
    }

    /// Whether these settings change how requests are sent (the HTTP client or the timeouts).
    pub(crate) fn sets_transport(&self) -> bool {
        self.http_client.is_some() || self.timeout_config.is_some()
    }

    /// The settings of `other` that are set, over these: a call's `config_override`.
    pub fn merged_with(mut self, other: &Builder) -> Builder {
        macro_rules! over {
            ($($field:ident),*) => {$(
                if other.$field.is_some() {
                    self.$field = other.$field.clone();
                }
            )*};
        }
        over!(
            behavior_version, region, endpoint_url, credentials_provider, retry_config, timeout_config, disable_request_compression,
            request_min_compression_size_bytes, use_fips, use_dual_stack, account_id_endpoint_mode, endpoint_resolver, bearer_token,
            api_key, basic_auth_login, http_client, sleep_impl, time_source, identity_cache, app_name, idempotency_token_provider,
            stalled_stream_protection, auth_scheme_preference, event_stream_idle_timeout
        );
        for (name, value) in &other.context_params {
            self.set_context_param(name, Some(value.clone()));
        }
        self.interceptors.extend(other.interceptors.iter().cloned());
        self.retry_classifiers.extend(other.retry_classifiers.iter().cloned());
        self
    }

    /// Sends this bearer token with operations that take `@httpBearerAuth`.
    pub fn bearer_token(self, token: Token) -> Self {
        self.bearer_token_resolver(token)
    }

    /// Takes bearer tokens from this resolver (called before each call).
    pub fn bearer_token_resolver(mut self, resolver: impl ResolveIdentity + 'static) -> Self {
        self.bearer_token = Some(SharedIdentityResolver::new(resolver));
        self
    }

    /// Sets or clears where bearer tokens come from.
    pub fn set_bearer_token_resolver(&mut self, resolver: Option<SharedIdentityResolver>) -> &mut Self {
        self.bearer_token = resolver;
        self
    }

    /// Sends this API key with operations that take `@httpApiKeyAuth`.
    pub fn api_key(self, key: Token) -> Self {
        self.api_key_resolver(key)
    }

    /// Takes API keys from this resolver (called before each call).
    pub fn api_key_resolver(mut self, resolver: impl ResolveIdentity + 'static) -> Self {
        self.api_key = Some(SharedIdentityResolver::new(resolver));
        self
    }

    /// Sets or clears where API keys come from.
    pub fn set_api_key_resolver(&mut self, resolver: Option<SharedIdentityResolver>) -> &mut Self {
        self.api_key = resolver;
        self
    }

    /// Sends this login with operations that take `@httpBasicAuth`.
    pub fn basic_auth_login(self, login: Login) -> Self {
        self.basic_auth_login_resolver(login)
    }

    /// Takes HTTP basic logins from this resolver (called before each call).
    pub fn basic_auth_login_resolver(mut self, resolver: impl ResolveIdentity + 'static) -> Self {
        self.basic_auth_login = Some(SharedIdentityResolver::new(resolver));
        self
    }

    /// Sets or clears where HTTP basic logins come from.
    pub fn set_basic_auth_login_resolver(&mut self, resolver: Option<SharedIdentityResolver>) -> &mut Self {
        self.basic_auth_login = resolver;
        self
    }

    /// Sets or clears a client context parameter (by its name in the model).
    pub fn set_context_param(&mut self, name: &'static str, value: Option<ContextParam>) -> &mut Self {
        self.context_params.retain(|(n, _)| *n != name);
        if let Some(value) = value {
            self.context_params.push((name, value));
        }
        self
    }

    /// A client context parameter set on this builder.
    pub fn get_context_param(&self, name: &str) -> Option<&ContextParam> {
        self.context_params.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Region, credentials and endpoint the way the AWS SDKs read them, with the behavior
    /// version set to [`BehaviorVersion::latest`]:
    ///
    /// - region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`;
    /// - credentials: `AWS_ACCESS_KEY_ID` with `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`
    ///   when set), else the profile's `aws_access_key_id` / `aws_secret_access_key` /
    ///   `aws_session_token`;
    /// - endpoint: `AWS_ENDPOINT_URL`, then the profile's `endpoint_url` (see
    ///   [`Builder::from_env_for`] for the service-specific ones); none of them when
    ///   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
    ///   `ignore_configured_endpoint_urls` is `true`;
    /// - FIPS and dual-stack endpoints: `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT`,
    ///   then the profile's `use_fips_endpoint` / `use_dualstack_endpoint` (`true` or `false`);
    /// - account-id endpoints: `AWS_ACCOUNT_ID_ENDPOINT_MODE`, then the profile's
    ///   `account_id_endpoint_mode` (`preferred`, `disabled` or `required`);
    /// - retries: `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE`, then the profile's `max_attempts` /
    ///   `retry_mode` (`standard` or `adaptive`); unparsable values are ignored.
    ///
    /// The profile is `AWS_PROFILE` (or `default`), read from `AWS_CONFIG_FILE` (default
    /// `~/.aws/config`, sections `[default]` and `[profile NAME]`) and
    /// `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`, sections `[NAME]`); when both
    /// files set a property of the profile, the credentials file wins. Missing or unreadable
    /// files count as empty. Empty environment variables count as unset.
    pub fn from_env() -> Self {
        Self::from_env_with(&|name| std::env::var(name).ok(), None)
    }

    /// [`Builder::from_env`] for one service, with its own settings first, as the AWS SDKs
    /// read them:
    /// - endpoint: `AWS_ENDPOINT_URL_<SERVICE>` (the SDK id in upper case, spaces and dashes as
    ///   underscores: `AWS_ENDPOINT_URL_ROUTE_53`), then `AWS_ENDPOINT_URL`, then the
    ///   `endpoint_url` of the service (the SDK id in lower case, spaces and dashes as
    ///   underscores: `route_53`) in the `[services NAME]` section the profile's `services`
    ///   names, then the profile's `endpoint_url`;
    /// - for a service with a bearer token variable (`AWS_BEARER_TOKEN_BEDROCK`): that token,
    ///   preferred to SigV4 where an operation takes both.
    pub fn from_env_for(service: &ServiceEnv) -> Self {
        Self::from_env_with(&|name| std::env::var(name).ok(), Some(service))
    }

    /// `Builder::from(sdk)` for one service: an endpoint URL the `SdkConfig`'s service
    /// configuration (`aws-config` reads `AWS_ENDPOINT_URL_<SERVICE>` and the profile's
    /// `services` section) holds for the service comes before the shared one, and so does the
    /// service's bearer token variable.
    pub fn from_sdk_config_for(sdk: &aws_types::SdkConfig, service: &ServiceEnv) -> Self {
        use aws_types::service_config::ServiceConfigKey;
        let mut builder = Builder::from(sdk);
        let load = |id: &str, env: &str, profile: &str| {
            let key = ServiceConfigKey::builder().service_id(id).profile(profile).env(env).build().ok()?;
            sdk.service_config()?.load_config(key)
        };
        if let Some(url) = load(service.sdk_id, "AWS_ENDPOINT_URL", "endpoint_url") {
            builder.endpoint_url = Some(url);
        }
        if let Some(token) = service.bearer_token_service.and_then(|s| load(s, "AWS_BEARER_TOKEN", "")) {
            builder.prefer_bearer_token(token);
        }
        builder
    }

    /// A bearer token from the environment: used, and preferred to other schemes, unless the
    /// builder has its own token or preference.
    fn prefer_bearer_token(&mut self, token: String) {
        if self.bearer_token.is_none() {
            self.bearer_token = Some(SharedIdentityResolver::new(Token::new(token, None)));
        }
        if self.auth_scheme_preference.is_none() {
            self.auth_scheme_preference = Some(AuthSchemePreference::from([aws_smithy_runtime_api::client::auth::http::HTTP_BEARER_AUTH_SCHEME_ID]));
        }
    }

    /// [`Builder::from_env`] with the environment given as a lookup function.
    pub(crate) fn from_env_with(env: &dyn Fn(&str) -> Option<String>, service: Option<&ServiceEnv>) -> Self {
        let var = |name: &str| {
            env(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let home = var("HOME").or_else(|| var("USERPROFILE"));
        let file = |variable: &str, default: &str| -> Option<PathBuf> {
            match var(variable) {
                Some(path) => Some(profile::expand_home(&path, home.as_deref())),
                None => home
                    .as_ref()
                    .map(|h| PathBuf::from(h).join(".aws").join(default)),
            }
        };
        let profile_name = var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
        let config_text = file("AWS_CONFIG_FILE", "config").and_then(read_optional);
        let credentials_text =
            file("AWS_SHARED_CREDENTIALS_FILE", "credentials").and_then(read_optional);
        let profile = profile::Profile::load(
            &profile_name,
            config_text.as_deref(),
            credentials_text.as_deref(),
        );

        let mut builder = Builder::new().behavior_version(BehaviorVersion::latest());
        builder.region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .or_else(|| profile.get("region"))
            .map(Region::new);
        let flag = |variable: &str, key: &str| {
            var(variable).or_else(|| profile.get(key)).and_then(|v| v.to_ascii_lowercase().parse::<bool>().ok())
        };
        if flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls") != Some(true) {
            let id = |upper: bool| {
                service.map(|s| s.sdk_id.chars().map(|c| if c == ' ' || c == '-' { '_' } else if upper { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect::<String>())
            };
            let service_env = id(true).and_then(|id| var(&format!("AWS_ENDPOINT_URL_{id}")));
            let service_profile = || {
                let section = profile.get("services")?;
                profile::services_property(config_text.as_deref()?, &section, &id(false)?, "endpoint_url")
            };
            builder.endpoint_url =
                service_env.or_else(|| var("AWS_ENDPOINT_URL")).or_else(service_profile).or_else(|| profile.get("endpoint_url"));
        }
        builder.use_fips = flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        builder.use_dual_stack = flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
        builder.account_id_endpoint_mode = var("AWS_ACCOUNT_ID_ENDPOINT_MODE")
            .or_else(|| profile.get("account_id_endpoint_mode"))
            .and_then(|v| v.parse().ok());
        builder.auth_scheme_preference = var("AWS_AUTH_SCHEME_PREFERENCE").or_else(|| profile.get("auth_scheme_preference")).map(|list| parse_preference(&list));
        let bearer_variable = service.and_then(|s| s.bearer_token_service).map(|s| format!("AWS_BEARER_TOKEN_{}", s.to_ascii_uppercase().replace(['-', ' '], "_")));
        if let Some(token) = bearer_variable.and_then(|name| var(&name)) {
            builder.prefer_bearer_token(token);
        }

        let env_keys = match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => Some(Credentials::new(
                id,
                secret,
                var("AWS_SESSION_TOKEN"),
                None,
                "Environment",
            )),
            _ => None,
        };
        let profile_keys = || match (
            profile.get("aws_access_key_id"),
            profile.get("aws_secret_access_key"),
        ) {
            (Some(id), Some(secret)) => Some(Credentials::new(
                id,
                secret,
                profile.get("aws_session_token"),
                None,
                "ProfileFile",
            )),
            _ => None,
        };
        builder.credentials_provider = env_keys
            .or_else(profile_keys)
            .map(SharedCredentialsProvider::new);

        let max_attempts = var("AWS_MAX_ATTEMPTS")
            .or_else(|| profile.get("max_attempts"))
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|n| *n > 0);
        let mode = var("AWS_RETRY_MODE").or_else(|| profile.get("retry_mode"));
        let retry = match mode.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("adaptive") => Some(RetryConfig::adaptive()),
            Some("standard") | Some("legacy") => Some(RetryConfig::standard()),
            _ => None,
        };
        builder.disable_request_compression = var("AWS_DISABLE_REQUEST_COMPRESSION")
            .or_else(|| profile.get("disable_request_compression"))
            .and_then(|v| v.to_ascii_lowercase().parse::<bool>().ok());
        builder.request_min_compression_size_bytes = var("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES")
            .or_else(|| profile.get("request_min_compression_size_bytes"))
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|n| *n <= MAX_MIN_COMPRESSION_SIZE);
        builder.retry_config = match (retry, max_attempts) {
            (Some(r), Some(n)) => Some(r.with_max_attempts(n)),
            (None, Some(n)) => Some(RetryConfig::standard().with_max_attempts(n)),
            (r, None) => r,
        };
        builder
    }

    /// The configuration.
    pub fn build(self) -> Config {
        Config { settings: self }
    }
}

/// `AWS_AUTH_SCHEME_PREFERENCE`: scheme names separated by commas (`sigv4a, sigv4,
/// httpBearerAuth`); blanks inside a name are ignored.
fn parse_preference(list: &str) -> AuthSchemePreference {
    let ids: Vec<AuthSchemeId> = list
        .split(',')
        .map(|name| name.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|name| !name.is_empty())
        .map(|name| AuthSchemeId::from(std::borrow::Cow::Owned(name)))
        .collect();
    AuthSchemePreference::from(ids)
}

/// What a service's configuration reads from the environment beyond the shared settings
/// ([`Builder::from_env_for`]).
#[derive(Clone, Copy, Debug)]
pub struct ServiceEnv {
    /// The service's SDK id (`Route 53`): names its endpoint settings.
    pub sdk_id: &'static str,
    /// The service part of a bearer token variable (`bedrock` for `AWS_BEARER_TOKEN_BEDROCK`),
    /// for services whose SDKs take one.
    pub bearer_token_service: Option<&'static str>,
}

fn read_optional(path: PathBuf) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

impl From<&aws_types::SdkConfig> for Builder {
    fn from(sdk: &aws_types::SdkConfig) -> Self {
        Builder {
            behavior_version: sdk.behavior_version(),
            region: sdk.region().cloned(),
            endpoint_url: sdk.endpoint_url().map(str::to_owned),
            credentials_provider: sdk.credentials_provider(),
            retry_config: sdk.retry_config().cloned(),
            timeout_config: sdk.timeout_config().cloned(),
            disable_request_compression: sdk.disable_request_compression(),
            request_min_compression_size_bytes: sdk.request_min_compression_size_bytes(),
            context_params: Vec::new(),
            use_fips: sdk.use_fips(),
            use_dual_stack: sdk.use_dual_stack(),
            account_id_endpoint_mode: sdk.account_id_endpoint_mode().cloned(),
            endpoint_resolver: None,
            bearer_token: None,
            api_key: None,
            basic_auth_login: None,
            http_client: sdk.http_client(),
            interceptors: Vec::new(),
            sleep_impl: sdk.sleep_impl(),
            time_source: sdk.time_source(),
            retry_classifiers: Vec::new(),
            identity_cache: sdk.identity_cache(),
            app_name: sdk.app_name().cloned(),
            idempotency_token_provider: None,
            stalled_stream_protection: sdk.stalled_stream_protection(),
            auth_scheme_preference: sdk.auth_scheme_preference().cloned(),
            event_stream_idle_timeout: None,
        }
    }
}

impl From<&aws_types::SdkConfig> for Config {
    fn from(sdk: &aws_types::SdkConfig) -> Self {
        Builder::from(sdk).build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from_map(vars: &[(&str, &str)]) -> Builder {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Builder::from_env_with(&move |k| map.get(k).cloned(), None)
    }

    #[test]
    fn region_precedence() {
        let b = from_map(&[
            ("HOME", "/nonexistent-home"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
        ]);
        assert_eq!(b.region.as_ref().map(Region::as_ref), Some("eu-west-1"));
        let b = from_map(&[
            ("HOME", "/nonexistent-home"),
            ("AWS_REGION", " "),
            ("AWS_DEFAULT_REGION", "us-west-2"),
        ]);
        assert_eq!(b.region.as_ref().map(Region::as_ref), Some("us-west-2"));
        let b = from_map(&[("HOME", "/nonexistent-home")]);
        assert!(b.region.is_none());
        assert!(b.credentials_provider.is_none());
        assert!(b.retry_config.is_none());
    }

    #[test]
    fn bearer_tokens_and_scheme_preferences_from_the_environment() {
        let bedrock = ServiceEnv { sdk_id: "Bedrock Runtime", bearer_token_service: Some("bedrock") };
        let build = |vars: &[(&'static str, &'static str)], service: &ServiceEnv| {
            let map: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            Builder::from_env_with(&move |k| map.get(k).cloned(), Some(service))
        };
        let home = ("HOME", "/nonexistent-home");
        let b = build(&[home, ("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key")], &bedrock);
        assert!(b.bearer_token.is_some());
        let preferred: Vec<String> = b.auth_scheme_preference.clone().into_iter().flatten().map(|id| id.inner().to_owned()).collect();
        assert_eq!(preferred, ["httpBearerAuth"]);
        let b = build(&[home, ("AWS_BEARER_TOKEN_BEDROCK", "k"), ("AWS_AUTH_SCHEME_PREFERENCE", "sigv4 , httpBearer Auth")], &bedrock);
        let preferred: Vec<String> = b.auth_scheme_preference.into_iter().flatten().map(|id| id.inner().to_owned()).collect();
        assert_eq!(preferred, ["sigv4", "httpBearerAuth"], "a configured preference wins");
        let other = ServiceEnv { sdk_id: "Route 53", bearer_token_service: None };
        let b = build(&[home, ("AWS_BEARER_TOKEN_BEDROCK", "k")], &other);
        assert!(b.bearer_token.is_none() && b.auth_scheme_preference.is_none(), "only the services that take it");
    }

    #[test]
    fn service_specific_endpoint_urls() {
        let dir = std::env::temp_dir().join(format!("smithy-service-endpoints-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let config = dir.join("config");
        let text = "[profile dev]\nservices = local\nendpoint_url = http://profile-global\n\n[services local]\nroute_53 =\n  endpoint_url = http://profile-route53 # comment\ndynamodb =\n  endpoint_url = http://profile-dynamodb\n";
        std::fs::write(&config, text).expect("profile written");
        let config = config.to_string_lossy().into_owned();
        let vars = |extra: &[(&'static str, &'static str)]| {
            let mut map: HashMap<String, String> = [("HOME", "/nonexistent-home"), ("AWS_PROFILE", "dev")].iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            map.insert("AWS_CONFIG_FILE".to_owned(), config.clone());
            map.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
            map
        };
        let endpoint = |extra: &[(&'static str, &'static str)], service: Option<&'static str>| {
            let map = vars(extra);
            let service = service.map(|sdk_id| ServiceEnv { sdk_id, bearer_token_service: None });
            Builder::from_env_with(&move |k| map.get(k).cloned(), service.as_ref()).endpoint_url
        };
        let url = |s: &str| Some(s.to_owned());
        assert_eq!(endpoint(&[], Some("Route 53")), url("http://profile-route53"));
        assert_eq!(endpoint(&[], Some("SQS")), url("http://profile-global"), "a service without its own entry");
        assert_eq!(endpoint(&[], None), url("http://profile-global"));
        assert_eq!(endpoint(&[("AWS_ENDPOINT_URL", "http://env-global")], Some("Route 53")), url("http://env-global"));
        let both = [("AWS_ENDPOINT_URL", "http://env-global"), ("AWS_ENDPOINT_URL_ROUTE_53", "http://env-route53")];
        assert_eq!(endpoint(&both, Some("Route 53")), url("http://env-route53"));
        assert_eq!(endpoint(&both, Some("DynamoDB")), url("http://env-global"));
        assert_eq!(endpoint(&[("AWS_ENDPOINT_URL_ACM_PCA", "http://acm-pca")], Some("ACM-PCA")), url("http://acm-pca"));
        assert_eq!(endpoint(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), both[1]], Some("Route 53")), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn endpoint_settings_from_the_environment_and_the_profile() {
        let dir = std::env::temp_dir().join(format!("smithy-endpoint-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let config = dir.join("config");
        std::fs::write(&config, "[profile ci]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\naccount_id_endpoint_mode = disabled\n")
            .expect("profile written");
        let config = config.to_string_lossy().into_owned();
        let b = from_map(&[("HOME", "/nonexistent-home"), ("AWS_CONFIG_FILE", &config), ("AWS_PROFILE", "ci")]);
        assert_eq!((b.use_fips, b.use_dual_stack), (Some(true), Some(true)));
        assert_eq!(b.account_id_endpoint_mode, Some(AccountIdEndpointMode::Disabled));
        let b = from_map(&[
            ("HOME", "/nonexistent-home"),
            ("AWS_CONFIG_FILE", &config),
            ("AWS_PROFILE", "ci"),
            ("AWS_USE_FIPS_ENDPOINT", "false"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "no"),
            ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "required"),
        ]);
        assert_eq!(b.use_fips, Some(false), "the environment wins over the profile");
        assert_eq!(b.use_dual_stack, None, "an unparsable value is ignored");
        assert_eq!(b.account_id_endpoint_mode, Some(AccountIdEndpointMode::Required));
        let b = from_map(&[("HOME", "/nonexistent-home")]);
        assert_eq!((b.use_fips, b.use_dual_stack, b.account_id_endpoint_mode), (None, None, None));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn secret_without_id_is_ignored() {
        let b = from_map(&[
            ("HOME", "/nonexistent-home"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
        ]);
        assert!(b.credentials_provider.is_none());
    }

    #[test]
    fn retry_settings() {
        let b = from_map(&[("HOME", "/nonexistent-home"), ("AWS_MAX_ATTEMPTS", "7")]);
        assert_eq!(b.retry_config.as_ref().map(|r| r.max_attempts()), Some(7));
        let b = from_map(&[("HOME", "/nonexistent-home"), ("AWS_MAX_ATTEMPTS", "x")]);
        assert!(b.retry_config.is_none());
        let b = from_map(&[
            ("HOME", "/nonexistent-home"),
            ("AWS_RETRY_MODE", "ADAPTIVE"),
            ("AWS_MAX_ATTEMPTS", "2"),
        ]);
        let r = b.retry_config.as_ref();
        assert_eq!(r.map(|r| r.max_attempts()), Some(2));
        assert_eq!(
            r.map(|r| r.mode()),
            Some(aws_smithy_types::retry::RetryMode::Adaptive)
        );
    }
}
