//! The steps of a call the orchestrator takes from the runtime: the request made from the
//! input's parts (with the identity chosen and the endpoint resolved), the headers of each
//! attempt, signing, transmission, reading the body, and keeping sensitive data out of the
//! raw response a failed call hands back.

use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_types::error::ErrorMetadata;
use http::header::{HeaderName, HeaderValue, USER_AGENT};

use super::{construction, sign, transport, uuid_v4, user_agent_token, Auth, AuthScheme, ConnectorError, Failure, HttpResponse, OperationSpec, Runtime};
use crate::error::BoxError;
use crate::request::RequestParts;

/// How a call is authenticated, once chosen.
#[derive(Debug)]
pub(crate) enum Chosen {
    /// Sent without credentials.
    Anonymous,
    /// Signed with SigV4.
    SigV4(Credentials),
    /// Another scheme's identity, put on every attempt.
    Identity(AuthScheme, Identity),
}

/// How every attempt of a call is authenticated: the identity, and for SigV4 the scope and
/// rules the endpoint asked for.
#[derive(Debug)]
pub struct Signing {
    chosen: Chosen,
    region: Option<String>,
    signing_name: String,
    rules: sign::Rules,
}

/// The request a call sends (before the headers of each attempt and signing), and how to sign.
#[derive(Debug)]
pub struct Prepared {
    /// The request.
    pub request: HttpRequest,
    /// How to sign it.
    pub signing: Signing,
}

impl Runtime {
    /// Chooses the identity, resolves the endpoint (which may depend on the identity's account
    /// id) and builds the request from the input's parts, with the headers every attempt
    /// shares (`User-Agent`, `amz-sdk-invocation-id`).
    pub async fn prepare(&self, op: &OperationSpec, parts: RequestParts) -> Result<Prepared, BoxError> {
        let chosen = self.authenticate(op).await.map_err(failure_source)?;
        let credentials = match &chosen {
            Chosen::SigV4(credentials) => Some(credentials),
            _ => None,
        };
        let account_id = credentials.and_then(|c| c.account_id()).map(|a| a.as_str().to_owned());
        let resolved = self.endpoint_for(op, &parts, account_id.as_deref()).await.map_err(failure_source)?;
        if let (Some(_), Some(why)) = (credentials, &resolved.unsupported_signing) {
            return Err(why.clone().into());
        }
        let region = match (credentials, resolved.scheme.signing_region.as_deref(), self.config.region()) {
            (_, Some(region), _) => Some(region.to_owned()),
            (Some(_), None, None) => return Err(format!("operation {} is signed, which needs a region, and none is configured", op.name).into()),
            (_, None, region) => region.map(|r| r.as_ref().to_owned()),
        };
        let signing_name = resolved.scheme.signing_name.clone().unwrap_or_else(|| self.service.signing_name.to_owned());
        let rules = sign::Rules::of(self.service, &resolved.scheme);
        let mut request = self.build_request_at(&resolved, op, parts).map_err(failure_source)?;
        let headers = request.headers_mut();
        headers.insert(USER_AGENT, self.user_agent());
        if self.service.regional {
            headers.insert(HeaderName::from_static("x-amz-user-agent"), self.aws_user_agent());
            if let Some(trace_id) = recursion_trace_id(&|name| std::env::var(name).ok()) {
                headers.entry(HeaderName::from_static("x-amzn-trace-id")).or_insert(trace_id);
            }
        }
        if let Ok(id) = HeaderValue::from_str(&uuid_v4()) {
            headers.insert(HeaderName::from_static("amz-sdk-invocation-id"), id);
        }
        let mut request = HttpRequest::try_from(request)?;
        crate::services::on_request(self.service, &mut request).await?;
        Ok(Prepared { request, signing: Signing { chosen, region, signing_name, rules } })
    }

    /// `{crate}/{version} api/{service} [app/{app_name}]`.
    fn user_agent(&self) -> HeaderValue {
        let mut text = format!("{}/{} api/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"), user_agent_token(self.service.sdk_id));
        if let Some(app) = self.config.app_name() {
            text.push_str(&format!(" app/{app}"));
        }
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(env!("CARGO_PKG_NAME")))
    }

    /// `x-amz-user-agent`, in the AWS SDKs' user agent format (2.1):
    /// `{runtime}/{version} ua/2.1 api/{service}/{crate version} os/{os} lang/rust [app/{app_name}]`.
    fn aws_user_agent(&self) -> HeaderValue {
        let service = user_agent_token(self.service.sdk_id);
        let api = match self.service.crate_version {
            "" => service,
            version => format!("{service}/{version}"),
        };
        let mut text = format!(
            "{}/{} ua/2.1 api/{api} os/{} lang/rust",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS
        );
        if let Some(app) = self.config.app_name() {
            text.push_str(&format!(" app/{app}"));
        }
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(env!("CARGO_PKG_NAME")))
    }

    /// The `amz-sdk-request` header of attempt `attempt` of `max`.
    pub fn mark_attempt(&self, request: &mut HttpRequest, attempt: u32, max: u32) {
        request.headers_mut().insert("amz-sdk-request", format!("attempt={attempt}; max={max}"));
    }

    /// Puts the call's identity on the request: signs it with SigV4 (at the time source's
    /// now), or adds the bearer token, API key or login.
    pub fn sign(&self, request: &mut HttpRequest, signing: &Signing) -> Result<(), BoxError> {
        let identity = match &signing.chosen {
            Chosen::Anonymous => return Ok(()),
            Chosen::SigV4(credentials) => Identity::from(credentials.clone()),
            Chosen::Identity(..) => Identity::new((), None),
        };
        let taken = std::mem::replace(request, HttpRequest::empty());
        let mut http1 = taken.try_into_http1x()?;
        let outcome = match &signing.chosen {
            Chosen::Identity(scheme, other) => crate::auth::apply(scheme, other, &mut http1),
            _ => match &signing.region {
                Some(region) => sign::sign(&mut http1, &identity, region, &signing.signing_name, signing.rules, self.now()).map(|signature| {
                    let time = self.components.time_source().unwrap_or_default();
                    sign::hand_seed(&http1, signature, &identity, (region, &signing.signing_name), time);
                }),
                None => Ok(()),
            },
        };
        *request = HttpRequest::try_from(http1)?;
        outcome
    }

    /// Signs the request in its query string for `config` instead of the `Authorization`
    /// header, after removing the headers a sent call adds for itself (user agents, invocation
    /// id and attempt, trace id, content length and payload hash), which the caller would not
    /// send. Only SigV4 credentials can presign.
    pub fn presign_request(&self, request: &mut HttpRequest, signing: &Signing, config: &crate::presigning::PresigningConfig) -> Result<(), BoxError> {
        const UNSENT: [&str; 8] = [
            "user-agent",
            "x-amz-user-agent",
            "amz-sdk-invocation-id",
            "amz-sdk-request",
            "x-amzn-trace-id",
            "content-length",
            "transfer-encoding",
            "x-amz-content-sha256",
        ];
        let Chosen::SigV4(credentials) = &signing.chosen else {
            return Err("only a request signed with SigV4 can be presigned, and this one is not (no AWS credentials, or another auth scheme)".into());
        };
        let Some(region) = &signing.region else { return Err("presigning needs a signing region, and none is configured".into()) };
        for name in UNSENT {
            request.headers_mut().remove(name);
        }
        let mut http1 = std::mem::replace(request, HttpRequest::empty()).try_into_http1x()?;
        let time = config.chosen_start_time().unwrap_or_else(|| self.now());
        let identity = Identity::from(credentials.clone());
        let outcome = sign::presign(&mut http1, &identity, (region, &signing.signing_name), signing.rules, time, config.expires());
        *request = HttpRequest::try_from(http1)?;
        outcome
    }

    /// Sends the request with the configured HTTP client (or the built-in one).
    pub async fn transmit(&self, request: HttpRequest) -> Result<HttpResponse, ConnectorError> {
        self.http.send(request).await
    }

    /// Reads the response body whole, within the size limit, unless the operation streams its
    /// output and the response is a success (its body is then left to arrive as it is read).
    pub async fn read_body(&self, response: &mut HttpResponse, op: &OperationSpec) -> Result<(), BoxError> {
        if op.streaming_output && response.status().is_success() {
            if op.event_stream_output {
                return self.prepare_event_stream(response).await;
            }
            return Ok(());
        }
        if op.http.method.eq_ignore_ascii_case("HEAD") {
            // A response to HEAD has no body, whatever its `Content-Length` says (that is the
            // length of what GET would return).
            *response.body_mut() = aws_smithy_types::body::SdkBody::empty();
            return Ok(());
        }
        transport::read_body(response, self.max_response_bytes).await.map_err(Into::into)
    }

    /// The error metadata of a response that is an error (a non-2xx status, or for services
    /// that send them, an error document in a 2xx), as the protocol reads it.
    pub fn error_metadata(&self, response: &HttpResponse, op: &OperationSpec) -> Option<ErrorMetadata> {
        match self.classify_ref(response, op) {
            true => None,
            false => {
                let code_from_status = self.service.has_rule(crate::services::ServiceRule::ErrorCodeFromStatus);
                Some(self.service.protocol.error_metadata_with(response, code_from_status))
            }
        }
    }

    /// Keeps what the operation marks sensitive out of the raw response a failed call hands
    /// back: the body of a service error whose shape holds sensitive data (or of an output that
    /// did not parse, when the output holds some), and the values of sensitive headers.
    pub fn redact_failure(&self, ctx: &mut InterceptorContext, op: &OperationSpec) {
        let body = match ctx.output_or_error() {
            Some(Err(e)) if e.is_operation_error() => op.sensitive_errors,
            Some(Err(e)) if e.is_response_error() => op.sensitive_output,
            Some(Err(_)) => false,
            _ => return,
        };
        if let Some(response) = ctx.response_mut() {
            let taken = std::mem::replace(response, HttpResponse::new(response.status(), aws_smithy_types::body::SdkBody::empty()));
            *response = super::redact(taken, body, op.sensitive_headers);
        }
    }

    /// Chooses how to authenticate a call: the first of the operation's schemes whose identity
    /// the configuration can give (`@optionalAuth` and `smithy.api#noAuth` allow none). A
    /// scheme whose resolver fails ends the call, unless authentication is optional.
    pub(crate) async fn authenticate(&self, op: &OperationSpec) -> Result<Chosen, Failure> {
        if op.auth == Auth::Anonymous {
            return Ok(Chosen::Anonymous);
        }
        let optional = op.auth == Auth::Optional;
        let mut missing = Vec::new();
        for scheme in preferred_order(op.auth_schemes, self.config.auth_scheme_preference()) {
            let resolver = match scheme {
                AuthScheme::NoAuth => return Ok(Chosen::Anonymous),
                AuthScheme::SigV4 => {
                    let Some(provider) = self.config.credentials_provider() else {
                        missing.push(scheme.setting());
                        continue;
                    };
                    return match crate::config::ProvideCredentials::provide_credentials(&provider).await {
                        Ok(credentials) => Ok(Chosen::SigV4(credentials)),
                        Err(_) if optional => Ok(Chosen::Anonymous),
                        Err(e) => Err(Failure::Construction(Box::new(e))),
                    };
                }
                AuthScheme::Bearer => self.config.bearer_token_resolver(),
                AuthScheme::ApiKey { .. } => self.config.api_key_resolver(),
                AuthScheme::Basic => self.config.basic_auth_login_resolver(),
            };
            let Some(resolver) = resolver else {
                missing.push(scheme.setting());
                continue;
            };
            return match crate::auth::resolve(resolver, &self.components, self.config.identity_cache()).await {
                Ok(identity) => Ok(Chosen::Identity(*scheme, identity)),
                Err(_) if optional => Ok(Chosen::Anonymous),
                Err(e) => Err(Failure::Construction(e)),
            };
        }
        if optional {
            return Ok(Chosen::Anonymous);
        }
        if op.auth_schemes == [AuthScheme::SigV4] {
            return Err(construction(format!("operation {} must be signed, but no credentials provider is configured", op.name)));
        }
        missing.dedup();
        if missing.is_empty() {
            return Err(construction(format!("operation {} accepts only auth schemes this client does not support", op.name)));
        }
        Err(construction(format!(
            "operation {} needs credentials, and none of the settings that give them is configured: set {} on the config builder",
            op.name,
            missing.join(" or ")
        )))
    }
}

/// The error inside a construction failure (the others do not arise before sending).
fn failure_source(failure: Failure) -> BoxError {
    match failure {
        Failure::Construction(e) | Failure::Timeout(e) => e,
        other => Box::new(other),
    }
}

/// An operation's auth schemes, those the preference names first (in its order), then the rest
/// in the model's order.
fn preferred_order<'a>(schemes: &'a [AuthScheme], preference: Option<&crate::config::AuthSchemePreference>) -> Vec<&'a AuthScheme> {
    let mut ordered: Vec<&AuthScheme> = Vec::with_capacity(schemes.len());
    let ids: Vec<_> = preference.into_iter().flat_map(|p| p.clone()).collect();
    for id in &ids {
        for scheme in schemes.iter().filter(|s| s.id() == id.inner()) {
            if !ordered.contains(&scheme) {
                ordered.push(scheme);
            }
        }
    }
    for scheme in schemes {
        if !ordered.contains(&scheme) {
            ordered.push(scheme);
        }
    }
    ordered
}

/// `X-Amzn-Trace-Id` for recursion detection: inside AWS Lambda (`AWS_LAMBDA_FUNCTION_NAME`
/// set), the function's trace id (`_X_AMZN_TRACE_ID`) goes on every request that has none, so
/// a function that calls the service which invoked it can be detected. Characters outside
/// visible ASCII are percent-encoded.
fn recursion_trace_id(env: &dyn Fn(&str) -> Option<String>) -> Option<HeaderValue> {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    set("AWS_LAMBDA_FUNCTION_NAME")?;
    let trace = set("_X_AMZN_TRACE_ID")?;
    let mut encoded = String::with_capacity(trace.len());
    for c in trace.chars() {
        if c.is_ascii_graphic() {
            encoded.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    HeaderValue::from_str(&encoded).ok()
}

#[cfg(test)]
mod tests {
    use super::{preferred_order, recursion_trace_id, AuthScheme};
    use crate::config::{AuthSchemeId, AuthSchemePreference};

    #[test]
    fn preferred_schemes_come_first() {
        let schemes = [AuthScheme::SigV4, AuthScheme::Bearer, AuthScheme::NoAuth];
        let order = |ids: &[&'static str]| {
            let preference = AuthSchemePreference::from(ids.iter().map(|i| AuthSchemeId::new(i)).collect::<Vec<_>>());
            preferred_order(&schemes, Some(&preference)).into_iter().map(|s| s.id()).collect::<Vec<_>>()
        };
        assert_eq!(order(&[]), ["sigv4", "httpBearerAuth", "noAuth"]);
        assert_eq!(order(&["httpBearerAuth"]), ["httpBearerAuth", "sigv4", "noAuth"]);
        assert_eq!(order(&["sigv4a", "noAuth", "sigv4"]), ["noAuth", "sigv4", "httpBearerAuth"]);
        assert_eq!(preferred_order(&schemes, None).len(), 3);
    }

    #[test]
    fn the_trace_id_is_sent_inside_lambda_only() {
        fn env(vars: Vec<(&'static str, &'static str)>) -> impl Fn(&str) -> Option<String> {
            move |name: &str| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
        }
        let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        assert_eq!(recursion_trace_id(&env(vec![("_X_AMZN_TRACE_ID", trace)])), None, "outside Lambda");
        let inside = recursion_trace_id(&env(vec![("AWS_LAMBDA_FUNCTION_NAME", "f"), ("_X_AMZN_TRACE_ID", trace)]));
        assert_eq!(inside.as_ref().and_then(|v| v.to_str().ok()), Some(trace));
        let odd = recursion_trace_id(&env(vec![("AWS_LAMBDA_FUNCTION_NAME", "f"), ("_X_AMZN_TRACE_ID", "a b\né")]));
        assert_eq!(odd.as_ref().and_then(|v| v.to_str().ok()), Some("a%20b%0A%C3%A9"));
        assert_eq!(recursion_trace_id(&env(vec![("AWS_LAMBDA_FUNCTION_NAME", "f")])), None, "no trace id");
    }
}
