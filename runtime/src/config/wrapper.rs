//! A service's own `Config` and `Builder`: the types wrap the runtime's and forward the settings
//! that apply to the service, so its docs list nothing it does not use, and the crate can add
//! setters of its own (`smithy.rules#clientContextParams` such as S3's `force_path_style`).

/// Defines `Config` and `Builder` in the invoking module, wrapping
/// [`config::Config`](crate::config::Config) and [`config::Builder`](crate::config::Builder).
/// Every service gets the endpoint URL, retries, timeouts, behavior version and compression
/// settings; each feature named adds more:
///
/// - `aws`: region, AWS credentials, `from_env` and `From<&SdkConfig>` (the invoking module
///   must have `const SERVICE_ENV: ServiceEnv`, what the service reads from the environment);
/// - `bearer`, `api_key`, `basic`: the identity settings of `@httpBearerAuth`, `@httpApiKeyAuth`
///   and `@httpBasicAuth`;
/// - `event_stream`: the event stream idle timeout (for crates with event stream outputs);
/// - `endpoint_rules`: FIPS, dual-stack, account-id endpoint mode and `endpoint_resolver` (the
///   invoking module must have an `endpoint` module with `ResolveEndpoint` and `Adapter`).
///
/// The invoking crate adds its own setters in an `impl Builder` block; they store their values
/// with `self.inner.set_context_param(..)`.
#[doc(hidden)]
#[macro_export]
macro_rules! service_config {
    ($($feature:ident),* $(,)?) => {
        $crate::service_config!(@base);
        $($crate::service_config!(@$feature);)*
    };
    (@base) => {
        /// Client configuration: immutable, made by a [`Builder`].
        ///
        /// Its `Debug` output names which settings are present but never prints credentials.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Config {
            inner: $crate::config::Config,
        }

        impl Config {
            /// A builder with nothing set.
            pub fn builder() -> Builder {
                Builder::new()
            }
            /// A builder holding this configuration, to change some settings and build again.
            pub fn to_builder(&self) -> Builder {
                Builder { inner: self.inner.to_builder() }
            }
            /// The endpoint every request is sent to, when one is set.
            pub fn endpoint_url(&self) -> ::std::option::Option<&str> {
                self.inner.endpoint_url()
            }
            /// How failed attempts are retried (`None`: the standard strategy).
            pub fn retry_config(&self) -> ::std::option::Option<&$crate::config::RetryConfig> {
                self.inner.retry_config()
            }
            /// Connect, read, attempt and operation timeouts.
            pub fn timeout_config(&self) -> ::std::option::Option<&$crate::config::TimeoutConfig> {
                self.inner.timeout_config()
            }
            /// The behavior version the configuration was made for.
            pub fn behavior_version(&self) -> ::std::option::Option<$crate::config::BehaviorVersion> {
                self.inner.behavior_version()
            }
            /// Whether operations with `@requestCompression` send their bodies uncompressed.
            pub fn disable_request_compression(&self) -> bool {
                self.inner.disable_request_compression()
            }
            /// The smallest body that is compressed, in bytes.
            pub fn request_min_compression_size_bytes(&self) -> u32 {
                self.inner.request_min_compression_size_bytes()
            }
            /// The HTTP client requests are sent with, when one replaces the built-in one.
            pub fn http_client(&self) -> ::std::option::Option<$crate::config::SharedHttpClient> {
                self.inner.http_client()
            }
            /// The interceptors every call runs, in the order they were added.
            pub fn interceptors(&self) -> impl ::std::iter::Iterator<Item = $crate::config::SharedInterceptor> + '_ {
                self.inner.interceptors().iter().cloned()
            }
            /// What timeouts and retry backoff sleep with, when it is not Tokio's timer.
            pub fn sleep_impl(&self) -> ::std::option::Option<$crate::config::SharedAsyncSleep> {
                self.inner.sleep_impl()
            }
            /// The clock requests are signed with, when it is not the system clock.
            pub fn time_source(&self) -> ::std::option::Option<$crate::config::SharedTimeSource> {
                self.inner.time_source()
            }
            /// The retry classifiers that refine the built-in classification, in order.
            pub fn retry_classifiers(&self) -> impl ::std::iter::Iterator<Item = $crate::config::SharedRetryClassifier> + '_ {
                self.inner.retry_classifiers().iter().cloned()
            }
            /// The cache identities are resolved through, when one is set.
            pub fn identity_cache(&self) -> ::std::option::Option<$crate::config::SharedIdentityCache> {
                self.inner.identity_cache()
            }
            /// The application's name, sent in the `User-Agent` as `app/{name}`.
            pub fn app_name(&self) -> ::std::option::Option<&$crate::config::AppName> {
                self.inner.app_name()
            }
            /// Stalled-stream protection, as configured.
            pub fn stalled_stream_protection(&self) -> ::std::option::Option<&$crate::config::StalledStreamProtectionConfig> {
                self.inner.stalled_stream_protection()
            }
            /// The auth schemes tried first, in this order.
            pub fn auth_scheme_preference(&self) -> ::std::option::Option<&$crate::config::AuthSchemePreference> {
                self.inner.auth_scheme_preference()
            }
            /// The settings every service shares, as the runtime reads them.
            pub(crate) fn runtime_config(&self) -> $crate::config::Config {
                self.inner.clone()
            }
        }

        /// Builds a [`Config`].
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default)]
        pub struct Builder {
            inner: $crate::config::Builder,
        }

        impl Builder {
            /// A builder with nothing set.
            pub fn new() -> Self {
                Self::default()
            }
            /// Sets the behavior version.
            pub fn behavior_version(mut self, v: $crate::config::BehaviorVersion) -> Self {
                self.inner = self.inner.behavior_version(v);
                self
            }
            /// Sets or clears the behavior version.
            pub fn set_behavior_version(&mut self, v: ::std::option::Option<$crate::config::BehaviorVersion>) -> &mut Self {
                self.inner.set_behavior_version(v);
                self
            }
            /// Sends every request to this URL (`http://` or `https://`, optionally with a base
            /// path); a service without endpoint rules or a default endpoint needs it.
            pub fn endpoint_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.inner = self.inner.endpoint_url(url);
                self
            }
            /// Sets or clears the endpoint URL.
            pub fn set_endpoint_url(&mut self, url: ::std::option::Option<::std::string::String>) -> &mut Self {
                self.inner.set_endpoint_url(url);
                self
            }
            /// Sets the retry configuration.
            pub fn retry_config(mut self, c: $crate::config::RetryConfig) -> Self {
                self.inner = self.inner.retry_config(c);
                self
            }
            /// Sets or clears the retry configuration.
            pub fn set_retry_config(&mut self, c: ::std::option::Option<$crate::config::RetryConfig>) -> &mut Self {
                self.inner.set_retry_config(c);
                self
            }
            /// Sets the timeout configuration.
            pub fn timeout_config(mut self, c: $crate::config::TimeoutConfig) -> Self {
                self.inner = self.inner.timeout_config(c);
                self
            }
            /// Sets or clears the timeout configuration.
            pub fn set_timeout_config(&mut self, c: ::std::option::Option<$crate::config::TimeoutConfig>) -> &mut Self {
                self.inner.set_timeout_config(c);
                self
            }
            /// Turns request compression (`@requestCompression`) off or on.
            pub fn disable_request_compression(mut self, disable: bool) -> Self {
                self.inner = self.inner.disable_request_compression(disable);
                self
            }
            /// Sets or clears whether request compression is off.
            pub fn set_disable_request_compression(&mut self, disable: ::std::option::Option<bool>) -> &mut Self {
                self.inner.set_disable_request_compression(disable);
                self
            }
            /// Sets the smallest body that is compressed, in bytes (at most 10 485 760).
            pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
                self.inner = self.inner.request_min_compression_size_bytes(bytes);
                self
            }
            /// Sets or clears the smallest body that is compressed.
            pub fn set_request_min_compression_size_bytes(&mut self, bytes: ::std::option::Option<u32>) -> &mut Self {
                self.inner.set_request_min_compression_size_bytes(bytes);
                self
            }
            /// Sends every request with this HTTP client instead of the built-in HTTPS client
            /// (a test's recording or replaying client, or a transport of one's own).
            pub fn http_client(mut self, client: impl $crate::config::HttpClient + 'static) -> Self {
                self.inner = self.inner.http_client(client);
                self
            }
            /// Sets or clears the HTTP client.
            pub fn set_http_client(&mut self, client: ::std::option::Option<$crate::config::SharedHttpClient>) -> &mut Self {
                self.inner.set_http_client(client);
                self
            }
            /// Adds an interceptor: every call runs the configuration's interceptors in the
            /// order they were added, then those added with `customize()`.
            pub fn interceptor(mut self, interceptor: impl $crate::config::Intercept + 'static) -> Self {
                self.inner = self.inner.interceptor(interceptor);
                self
            }
            /// Adds a shared interceptor.
            pub fn push_interceptor(&mut self, interceptor: $crate::config::SharedInterceptor) -> &mut Self {
                self.inner.push_interceptor(interceptor);
                self
            }
            /// Replaces every interceptor.
            pub fn set_interceptors(&mut self, interceptors: impl ::std::iter::IntoIterator<Item = $crate::config::SharedInterceptor>) -> &mut Self {
                self.inner.set_interceptors(interceptors);
                self
            }
            /// Sleeps (timeouts, retry backoff) with this instead of Tokio's timer.
            pub fn sleep_impl(mut self, sleep: impl $crate::config::AsyncSleep + 'static) -> Self {
                self.inner = self.inner.sleep_impl(sleep);
                self
            }
            /// Sets or clears the sleep implementation.
            pub fn set_sleep_impl(&mut self, sleep: ::std::option::Option<$crate::config::SharedAsyncSleep>) -> &mut Self {
                self.inner.set_sleep_impl(sleep);
                self
            }
            /// Signs requests at the time this clock tells instead of the system clock's.
            pub fn time_source(mut self, time_source: impl $crate::config::TimeSource + 'static) -> Self {
                self.inner = self.inner.time_source(time_source);
                self
            }
            /// Sets or clears the time source.
            pub fn set_time_source(&mut self, time_source: ::std::option::Option<$crate::config::SharedTimeSource>) -> &mut Self {
                self.inner.set_time_source(time_source);
                self
            }
            /// Adds a retry classifier: classifiers refine the built-in classification in the
            /// order they were added.
            pub fn retry_classifier(mut self, classifier: impl $crate::config::ClassifyRetry + 'static) -> Self {
                self.inner = self.inner.retry_classifier(classifier);
                self
            }
            /// Adds a shared retry classifier.
            pub fn push_retry_classifier(&mut self, classifier: $crate::config::SharedRetryClassifier) -> &mut Self {
                self.inner.push_retry_classifier(classifier);
                self
            }
            /// Replaces every retry classifier.
            pub fn set_retry_classifiers(&mut self, classifiers: impl ::std::iter::IntoIterator<Item = $crate::config::SharedRetryClassifier>) -> &mut Self {
                self.inner.set_retry_classifiers(classifiers);
                self
            }
            /// Resolves identities through this cache.
            pub fn identity_cache(mut self, cache: impl $crate::config::ResolveCachedIdentity + 'static) -> Self {
                self.inner = self.inner.identity_cache(cache);
                self
            }
            /// Sets the identity cache.
            pub fn set_identity_cache(&mut self, cache: impl $crate::config::ResolveCachedIdentity + 'static) -> &mut Self {
                self.inner.set_identity_cache(cache);
                self
            }
            /// Names the application in the `User-Agent` (`app/{name}`).
            pub fn app_name(mut self, name: $crate::config::AppName) -> Self {
                self.inner = self.inner.app_name(name);
                self
            }
            /// Sets or clears the application's name.
            pub fn set_app_name(&mut self, name: ::std::option::Option<$crate::config::AppName>) -> &mut Self {
                self.inner.set_app_name(name);
                self
            }
            /// Tries these auth schemes first, in this order, among those an operation supports.
            pub fn auth_scheme_preference(mut self, preference: impl ::std::convert::Into<$crate::config::AuthSchemePreference>) -> Self {
                self.inner = self.inner.auth_scheme_preference(preference);
                self
            }
            /// Sets or clears the auth scheme preference.
            pub fn set_auth_scheme_preference(&mut self, preference: ::std::option::Option<$crate::config::AuthSchemePreference>) -> &mut Self {
                self.inner.set_auth_scheme_preference(preference);
                self
            }
            /// Sets stalled-stream protection.
            pub fn stalled_stream_protection(mut self, config: $crate::config::StalledStreamProtectionConfig) -> Self {
                self.inner = self.inner.stalled_stream_protection(config);
                self
            }
            /// Sets or clears stalled-stream protection.
            pub fn set_stalled_stream_protection(&mut self, config: ::std::option::Option<$crate::config::StalledStreamProtectionConfig>) -> &mut Self {
                self.inner.set_stalled_stream_protection(config);
                self
            }
            /// Sets the latest behavior version (as the `behavior-version-latest` feature does).
            pub fn behavior_version_latest(mut self) -> Self {
                self.inner = self.inner.behavior_version_latest();
                self
            }
            /// Test settings: a clock stopped at 1 234 567 890 s after the epoch, test
            /// credentials and the latest behavior version.
            #[cfg(feature = "test-util")]
            pub fn apply_test_defaults(&mut self) -> &mut Self {
                self.inner.apply_test_defaults();
                self
            }
            /// [`apply_test_defaults`](Self::apply_test_defaults), by value.
            #[cfg(feature = "test-util")]
            pub fn with_test_defaults(mut self) -> Self {
                self.inner.apply_test_defaults();
                self
            }
            /// The test settings, and the region `us-east-1` when none is set.
            #[cfg(feature = "test-util")]
            pub fn apply_test_defaults_v2(&mut self) -> &mut Self {
                self.inner.apply_test_defaults_v2();
                self
            }
            /// [`apply_test_defaults_v2`](Self::apply_test_defaults_v2), by value.
            #[cfg(feature = "test-util")]
            pub fn with_test_defaults_v2(mut self) -> Self {
                self.inner.apply_test_defaults_v2();
                self
            }
            /// The settings as the runtime reads them (a call's configuration override).
            #[doc(hidden)]
            pub fn into_runtime_builder(self) -> $crate::config::Builder {
                self.inner
            }
            /// Sends every call to the endpoint endpoint discovery found (`with_endpoint_discovery_enabled`).
            #[allow(dead_code)]
            pub(crate) fn set_discovered_endpoint_resolver(&mut self, resolver: $crate::endpoint::SharedEndpointResolver) {
                self.inner.set_endpoint_resolver(::std::option::Option::Some(resolver));
            }
            /// The configuration.
            pub fn build(self) -> Config {
                #[allow(unused_mut)]
                let mut inner = self.inner;
                #[cfg(feature = "behavior-version-latest")]
                if inner.get_behavior_version().is_none() {
                    inner = inner.behavior_version_latest();
                }
                Config { inner: inner.build() }
            }
        }

        impl ::std::convert::From<Config> for Builder {
            fn from(config: Config) -> Self {
                config.to_builder()
            }
        }
    };
    (@aws) => {
        impl Config {
            /// The region requests go to (and are signed for).
            pub fn region(&self) -> ::std::option::Option<&$crate::config::Region> {
                self.inner.region()
            }
            /// Where credentials for signed requests come from.
            pub fn credentials_provider(&self) -> ::std::option::Option<$crate::config::SharedCredentialsProvider> {
                self.inner.credentials_provider()
            }
            /// Same as `Builder::from_env().build()`.
            pub fn from_env() -> Config {
                Builder::from_env().build()
            }
            /// The configuration an [`SdkConfig`]($crate::config::SdkConfig) holds for this
            /// service.
            pub fn new(sdk: &$crate::config::SdkConfig) -> Self {
                Builder::from(sdk).build()
            }
        }

        impl Builder {
            /// Sets the region (`None` clears it).
            pub fn region(mut self, r: impl ::std::convert::Into<::std::option::Option<$crate::config::Region>>) -> Self {
                self.inner = self.inner.region(r);
                self
            }
            /// Sets or clears the region.
            pub fn set_region(&mut self, r: ::std::option::Option<$crate::config::Region>) -> &mut Self {
                self.inner.set_region(r);
                self
            }
            /// Sets where credentials come from; a `Credentials` value is itself a provider.
            pub fn credentials_provider(mut self, p: impl $crate::config::ProvideCredentials + 'static) -> Self {
                self.inner = self.inner.credentials_provider(p);
                self
            }
            /// Sets or clears the credentials provider.
            pub fn set_credentials_provider(&mut self, p: ::std::option::Option<$crate::config::SharedCredentialsProvider>) -> &mut Self {
                self.inner.set_credentials_provider(p);
                self
            }
            /// Region, credentials, endpoint and retries the way the AWS SDKs read them from the
            /// environment and the shared profile files, with this service's own endpoint
            /// settings first (see the runtime's `Builder::from_env_for`).
            pub fn from_env() -> Self {
                Self { inner: $crate::config::Builder::from_env_for(&SERVICE_ENV) }
            }
        }
        impl ::std::convert::From<&$crate::config::SdkConfig> for Builder {
            fn from(sdk: &$crate::config::SdkConfig) -> Self {
                Self { inner: $crate::config::Builder::from_sdk_config_for(sdk, &SERVICE_ENV) }
            }
        }

        impl ::std::convert::From<&$crate::config::SdkConfig> for Config {
            fn from(sdk: &$crate::config::SdkConfig) -> Self {
                Builder::from(sdk).build()
            }
        }
    };
    (@bearer) => {
        impl Builder {
            /// Sends this bearer token with operations that take `@httpBearerAuth`.
            pub fn bearer_token(mut self, token: $crate::config::Token) -> Self {
                self.inner = self.inner.bearer_token(token);
                self
            }
            /// Takes bearer tokens from this resolver.
            pub fn bearer_token_resolver(mut self, resolver: impl $crate::config::ResolveIdentity + 'static) -> Self {
                self.inner = self.inner.bearer_token_resolver(resolver);
                self
            }
            /// Sets or clears where bearer tokens come from.
            pub fn set_bearer_token_resolver(&mut self, resolver: ::std::option::Option<$crate::config::SharedIdentityResolver>) -> &mut Self {
                self.inner.set_bearer_token_resolver(resolver);
                self
            }
        }
    };
    (@api_key) => {
        impl Builder {
            /// Sends this API key with operations that take `@httpApiKeyAuth`.
            pub fn api_key(mut self, key: $crate::config::Token) -> Self {
                self.inner = self.inner.api_key(key);
                self
            }
            /// Takes API keys from this resolver.
            pub fn api_key_resolver(mut self, resolver: impl $crate::config::ResolveIdentity + 'static) -> Self {
                self.inner = self.inner.api_key_resolver(resolver);
                self
            }
            /// Sets or clears where API keys come from.
            pub fn set_api_key_resolver(&mut self, resolver: ::std::option::Option<$crate::config::SharedIdentityResolver>) -> &mut Self {
                self.inner.set_api_key_resolver(resolver);
                self
            }
        }
    };
    (@basic) => {
        impl Builder {
            /// Sends this login with operations that take `@httpBasicAuth`.
            pub fn basic_auth_login(mut self, login: $crate::config::Login) -> Self {
                self.inner = self.inner.basic_auth_login(login);
                self
            }
            /// Takes HTTP basic logins from this resolver.
            pub fn basic_auth_login_resolver(mut self, resolver: impl $crate::config::ResolveIdentity + 'static) -> Self {
                self.inner = self.inner.basic_auth_login_resolver(resolver);
                self
            }
            /// Sets or clears where HTTP basic logins come from.
            pub fn set_basic_auth_login_resolver(&mut self, resolver: ::std::option::Option<$crate::config::SharedIdentityResolver>) -> &mut Self {
                self.inner.set_basic_auth_login_resolver(resolver);
                self
            }
        }
    };
    (@event_stream) => {
        impl Config {
            /// How long an event stream output may go without bytes before it ends with an error.
            pub fn event_stream_idle_timeout(&self) -> ::std::option::Option<::std::time::Duration> {
                self.inner.event_stream_idle_timeout()
            }
        }
        impl Builder {
            /// Ends an event stream output with an error when no bytes of it arrive for
            /// `timeout` (event streams have no stalled-stream protection).
            pub fn event_stream_idle_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.inner = self.inner.event_stream_idle_timeout(timeout);
                self
            }
            /// Sets or clears the event stream idle timeout (default: none).
            pub fn set_event_stream_idle_timeout(&mut self, timeout: ::std::option::Option<::std::time::Duration>) -> &mut Self {
                self.inner.set_event_stream_idle_timeout(timeout);
                self
            }
        }
    };
    (@idempotency_tokens) => {
        impl Builder {
            /// Where unset `@idempotencyToken` members get their value: a fixed token
            /// (`"token"`), the runtime's `IdempotencyTokenProvider::with_seed(seed)` for a
            /// repeatable sequence, or random UUIDs (the default).
            pub fn idempotency_token_provider(mut self, provider: impl ::std::convert::Into<$crate::config::IdempotencyTokenProvider>) -> Self {
                self.inner = self.inner.idempotency_token_provider(provider);
                self
            }
            /// Sets or clears the idempotency token provider.
            pub fn set_idempotency_token_provider(&mut self, provider: ::std::option::Option<$crate::config::IdempotencyTokenProvider>) -> &mut Self {
                self.inner.set_idempotency_token_provider(provider);
                self
            }
        }
    };
    (@endpoint_rules) => {

        impl Config {
            /// Whether requests go to FIPS endpoints (`None`: not set, which means no).
            pub fn use_fips(&self) -> ::std::option::Option<bool> {
                self.inner.use_fips()
            }
            /// Whether requests go to dual-stack (IPv4 and IPv6) endpoints.
            pub fn use_dual_stack(&self) -> ::std::option::Option<bool> {
                self.inner.use_dual_stack()
            }
            /// Whether endpoints that carry the account id are used.
            pub fn account_id_endpoint_mode(&self) -> ::std::option::Option<&$crate::config::AccountIdEndpointMode> {
                self.inner.account_id_endpoint_mode()
            }
        }

        impl Builder {
            /// Sends requests to FIPS endpoints (also `AWS_USE_FIPS_ENDPOINT` and the profile's
            /// `use_fips_endpoint` with `from_env`).
            pub fn use_fips(mut self, use_fips: impl ::std::convert::Into<bool>) -> Self {
                self.inner = self.inner.use_fips(use_fips.into());
                self
            }
            /// Sets or clears whether requests go to FIPS endpoints.
            pub fn set_use_fips(&mut self, use_fips: ::std::option::Option<bool>) -> &mut Self {
                self.inner.set_use_fips(use_fips);
                self
            }
            /// Sends requests to dual-stack endpoints (also `AWS_USE_DUALSTACK_ENDPOINT` and the
            /// profile's `use_dualstack_endpoint` with `from_env`).
            pub fn use_dual_stack(mut self, use_dual_stack: impl ::std::convert::Into<bool>) -> Self {
                self.inner = self.inner.use_dual_stack(use_dual_stack.into());
                self
            }
            /// Sets or clears whether requests go to dual-stack endpoints.
            pub fn set_use_dual_stack(&mut self, use_dual_stack: ::std::option::Option<bool>) -> &mut Self {
                self.inner.set_use_dual_stack(use_dual_stack);
                self
            }
            /// Whether endpoints that carry the credentials' account id are used (default:
            /// preferred).
            pub fn account_id_endpoint_mode(mut self, mode: $crate::config::AccountIdEndpointMode) -> Self {
                self.inner = self.inner.account_id_endpoint_mode(mode);
                self
            }
            /// Sets or clears the account id endpoint mode.
            pub fn set_account_id_endpoint_mode(&mut self, mode: ::std::option::Option<$crate::config::AccountIdEndpointMode>) -> &mut Self {
                self.inner.set_account_id_endpoint_mode(mode);
                self
            }
            /// Resolves endpoints with this resolver instead of the model's rules; it receives
            /// the same [`Params`](endpoint::Params) the rules do.
            pub fn endpoint_resolver(mut self, resolver: impl endpoint::ResolveEndpoint + 'static) -> Self {
                self.inner.set_endpoint_resolver(::std::option::Option::Some($crate::endpoint::SharedEndpointResolver::new(endpoint::Adapter(resolver))));
                self
            }
        }
    };
}
