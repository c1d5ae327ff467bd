//! Authentication schemes beside SigV4: HTTP bearer tokens, API keys and HTTP basic
//! (`@httpBearerAuth`, `@httpApiKeyAuth`, `@httpBasicAuth`), with identities from the
//! configuration's resolvers (`Token` and `Login` of aws-smithy-runtime-api, or a user's own
//! `ResolveIdentity`).
//!
//! Identity resolvers are called with the runtime's [`RuntimeComponents`] and a `ConfigBag`, as
//! the AWS SDK calls them, through the configured identity cache when there is one. The
//! components the SDK's own orchestrator needs and this runtime does without (auth scheme and
//! endpoint resolvers, auth schemes, a retry strategy) are inert stand-ins.

use aws_smithy_runtime_api::client::auth::{
    AuthScheme as AuthSchemeTrait, AuthSchemeEndpointConfig, AuthSchemeId, AuthSchemeOptionResolverParams, AuthSchemeOptionsFuture,
    ResolveAuthSchemeOptions, Sign,
};
use aws_smithy_runtime_api::client::endpoint::{EndpointFuture, EndpointResolverParams, ResolveEndpoint};
use aws_smithy_runtime_api::client::identity::http::{Login, Token};
use aws_smithy_runtime_api::client::identity::{
    Identity, IdentityFuture, ResolveCachedIdentity, ResolveIdentity, SharedIdentityCache, SharedIdentityResolver,
};
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::retries::{RetryStrategy, ShouldAttempt};
use aws_smithy_runtime_api::client::runtime_components::{GetIdentityResolver, RuntimeComponents, RuntimeComponentsBuilder};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION};

use crate::error::BoxError;

/// How an operation may be authenticated; an operation lists the ones it accepts, in the
/// order the model prefers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `aws.auth#sigv4`: signed with the configured AWS credentials.
    SigV4,
    /// `smithy.api#httpBearerAuth`: `Authorization: Bearer <token>`.
    Bearer,
    /// `smithy.api#httpApiKeyAuth`: the key in a header (after an optional scheme) or a query
    /// parameter.
    ApiKey {
        /// The header or query parameter name.
        name: &'static str,
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The scheme written before the key in the header (`Authorization: ApiKey <key>`).
        scheme: Option<&'static str>,
    },
    /// `smithy.api#httpBasicAuth`: `Authorization: Basic base64(user:password)`.
    Basic,
    /// `smithy.api#noAuth`: sent without credentials.
    NoAuth,
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
}

impl AuthScheme {
    /// The scheme's id, as an auth scheme preference names it (`sigv4`, `httpBearerAuth`).
    pub fn id(&self) -> &'static str {
        match self {
            AuthScheme::SigV4 => "sigv4",
            AuthScheme::Bearer => "httpBearerAuth",
            AuthScheme::ApiKey { .. } => "httpApiKeyAuth",
            AuthScheme::Basic => "httpBasicAuth",
            AuthScheme::NoAuth => "noAuth",
        }
    }

    /// The config builder setting that supplies this scheme's identity.
    pub fn setting(&self) -> &'static str {
        match self {
            AuthScheme::SigV4 => "`credentials_provider` (AWS credentials)",
            AuthScheme::Bearer => "`bearer_token` (or `bearer_token_resolver`)",
            AuthScheme::ApiKey { .. } => "`api_key` (or `api_key_resolver`)",
            AuthScheme::Basic => "`basic_auth_login` (or `basic_auth_login_resolver`)",
            AuthScheme::NoAuth => "nothing",
        }
    }
}

/// Asks an identity resolver for its identity, through `cache` when one is configured.
pub(crate) async fn resolve(
    resolver: &SharedIdentityResolver,
    components: &RuntimeComponents,
    cache: Option<SharedIdentityCache>,
) -> Result<Identity, BoxError> {
    let config = ConfigBag::base();
    match cache {
        Some(cache) => cache.resolve_cached_identity(resolver.clone(), components, &config).await,
        None => resolver.resolve_identity(components, &config).await,
    }
}

/// Puts the identity on the request the way the scheme says; called on every attempt.
pub(crate) fn apply(scheme: &AuthScheme, identity: &Identity, request: &mut http::Request<SdkBody>) -> Result<(), BoxError> {
    let secret_header = |text: String| -> Result<HeaderValue, BoxError> {
        let mut value = HeaderValue::from_str(&text).map_err(|_| "the credential holds characters a header cannot carry")?;
        value.set_sensitive(true);
        Ok(value)
    };
    match scheme {
        AuthScheme::Bearer => {
            let token = identity.data::<Token>().ok_or("the bearer token resolver did not give a `Token`")?;
            request.headers_mut().insert(AUTHORIZATION, secret_header(format!("Bearer {}", token.token()))?);
        }
        AuthScheme::ApiKey { name, location, scheme } => {
            let key = identity.data::<Token>().ok_or("the API key resolver did not give a `Token`")?;
            match location {
                ApiKeyLocation::Header => {
                    let text = match scheme {
                        Some(s) => format!("{s} {}", key.token()),
                        None => key.token().to_owned(),
                    };
                    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a header name"))?;
                    request.headers_mut().insert(header, secret_header(text)?);
                }
                ApiKeyLocation::Query => add_query(request, name, key.token())?,
            }
        }
        AuthScheme::Basic => {
            let login = identity.data::<Login>().ok_or("the basic-auth resolver did not give a `Login`")?;
            let pair = format!("{}:{}", login.user(), login.password());
            request.headers_mut().insert(AUTHORIZATION, secret_header(format!("Basic {}", aws_smithy_types::base64::encode(pair)))?);
        }
        AuthScheme::SigV4 | AuthScheme::NoAuth => {}
    }
    Ok(())
}

/// Appends `name=value` (percent-encoded) to the request's query.
fn add_query(request: &mut http::Request<SdkBody>, name: &str, value: &str) -> Result<(), BoxError> {
    let encode = |s: &str| aws_smithy_http::query::fmt_string(s);
    let uri = request.uri().clone();
    let path = uri.path().to_owned();
    let query = match uri.query() {
        Some(q) if !q.is_empty() => format!("{q}&{}={}", encode(name), encode(value)),
        _ => format!("{}={}", encode(name), encode(value)),
    };
    let mut parts = uri.into_parts();
    parts.path_and_query = Some(format!("{path}?{query}").parse().map_err(|_| "the API key does not fit in a URI")?);
    *request.uri_mut() = http::Uri::from_parts(parts).map_err(|_| "the API key does not fit in a URI")?;
    Ok(())
}

/// A components builder holding an inert stand-in for every component the SDK's orchestrator
/// requires and this runtime does without.
pub(crate) fn inert_builder(name: &'static str) -> RuntimeComponentsBuilder {
    RuntimeComponentsBuilder::new(name)
        .with_auth_scheme_option_resolver(Some(Inert))
        .with_endpoint_resolver(Some(Inert))
        .with_auth_scheme(Inert)
        .with_identity_cache(Some(Inert))
        .with_identity_resolver(AuthSchemeId::new("smithy.api#noAuth"), Inert)
        .with_retry_strategy(Some(Inert))
}

/// Every required runtime component, doing nothing.
#[derive(Debug, Clone, Copy)]
struct Inert;

impl ResolveAuthSchemeOptions for Inert {
    fn resolve_auth_scheme_options_v2<'a>(
        &'a self,
        _params: &'a AuthSchemeOptionResolverParams,
        _cfg: &'a ConfigBag,
        _runtime_components: &'a RuntimeComponents,
    ) -> AuthSchemeOptionsFuture<'a> {
        AuthSchemeOptionsFuture::ready(Ok(Vec::new()))
    }
}

impl ResolveEndpoint for Inert {
    fn resolve_endpoint<'a>(&'a self, _params: &'a EndpointResolverParams) -> EndpointFuture<'a> {
        EndpointFuture::ready(Err("this runtime resolves endpoints itself; the components carry no resolver".into()))
    }
}

impl AuthSchemeTrait for Inert {
    fn scheme_id(&self) -> AuthSchemeId {
        AuthSchemeId::new("smithy.api#noAuth")
    }

    fn identity_resolver(&self, _identity_resolvers: &dyn GetIdentityResolver) -> Option<SharedIdentityResolver> {
        None
    }

    fn signer(&self) -> &dyn Sign {
        self
    }
}

impl Sign for Inert {
    fn sign_http_request(
        &self,
        _request: &mut HttpRequest,
        _identity: &Identity,
        _auth_scheme_endpoint_config: AuthSchemeEndpointConfig<'_>,
        _runtime_components: &RuntimeComponents,
        _config_bag: &ConfigBag,
    ) -> Result<(), BoxError> {
        Ok(())
    }
}

impl ResolveCachedIdentity for Inert {
    fn resolve_cached_identity<'a>(
        &'a self,
        resolver: SharedIdentityResolver,
        runtime_components: &'a RuntimeComponents,
        config_bag: &'a ConfigBag,
    ) -> IdentityFuture<'a> {
        IdentityFuture::new(async move { resolver.resolve_identity(runtime_components, config_bag).await })
    }
}

impl ResolveIdentity for Inert {
    fn resolve_identity<'a>(&'a self, _runtime_components: &'a RuntimeComponents, _config_bag: &'a ConfigBag) -> IdentityFuture<'a> {
        IdentityFuture::ready(Err("no identity".into()))
    }
}

impl RetryStrategy for Inert {
    fn should_attempt_initial_request(&self, _runtime_components: &RuntimeComponents, _cfg: &ConfigBag) -> Result<ShouldAttempt, BoxError> {
        Ok(ShouldAttempt::Yes)
    }

    fn should_attempt_retry(
        &self,
        _context: &InterceptorContext,
        _runtime_components: &RuntimeComponents,
        _cfg: &ConfigBag,
    ) -> Result<ShouldAttempt, BoxError> {
        Ok(ShouldAttempt::No)
    }
}
