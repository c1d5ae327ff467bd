//! Where requests go: the model's endpoint rules (or a resolver that replaces them) for the
//! parameters of each call, else the configured endpoint URL or the service's regional endpoint.

use std::sync::Mutex;

use http::Uri;

use super::{OperationSpec, ServiceSpec};
use crate::config::{Config, ContextParam};
use crate::endpoint::{ParamList, ParamValue, RuleSet};

/// A resolved endpoint: scheme, host (and port), and the base path every request path is
/// appended to (empty, or starting with `/` and without a trailing one).
#[derive(Debug, Clone)]
pub(super) struct Endpoint {
    pub(super) scheme: &'static str,
    pub(super) authority: String,
    pub(super) base_path: String,
}

/// What resolution decided for one request: where it goes, the headers the endpoint adds, and
/// how to sign it.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub(super) endpoint: Endpoint,
    pub(super) headers: Vec<(String, String)>,
    /// What the endpoint's SigV4 auth scheme asks for (empty when it names none).
    pub(super) scheme: SigningScheme,
    /// Set when the endpoint asks for a signing scheme this client does not have: signed
    /// requests fail with this message (unsigned ones go ahead).
    pub(super) unsupported_signing: Option<String>,
}

/// The properties of the endpoint's `sigv4` auth scheme that change how a request is signed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SigningScheme {
    /// `signingName`
    pub signing_name: Option<String>,
    /// `signingRegion`
    pub signing_region: Option<String>,
    /// `disableDoubleEncoding`: the path is percent-encoded once.
    pub disable_double_encoding: bool,
    /// `disableNormalizePath`: the path is signed as it is.
    pub disable_normalize_path: bool,
}

impl Resolved {
    pub(super) fn plain(endpoint: Endpoint) -> Self {
        Resolved { endpoint, headers: Vec::new(), scheme: SigningScheme::default(), unsupported_signing: None }
    }

    /// The endpoint URL (scheme, authority and base path).
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.endpoint.scheme, self.endpoint.authority, self.endpoint.base_path)
    }

    /// Headers the endpoint adds to every request.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The signing name and region the endpoint asks for, when it names them.
    pub fn signing(&self) -> (Option<&str>, Option<&str>) {
        (self.scheme.signing_name.as_deref(), self.scheme.signing_region.as_deref())
    }

    /// How the endpoint's SigV4 auth scheme says to sign.
    pub fn signing_scheme(&self) -> &SigningScheme {
        &self.scheme
    }

    /// Why signed requests to this endpoint fail: it names only signing schemes this client
    /// does not have.
    pub fn unsupported_signing(&self) -> Option<&str> {
        self.unsupported_signing.as_deref()
    }
}

/// The rules' answer, made usable: the URL split, the headers listed, and the first signing
/// scheme this client supports chosen from `authSchemes`.
pub(crate) fn from_rules(ep: &aws_smithy_types::endpoint::Endpoint) -> Result<Resolved, String> {
    use aws_smithy_types::Document;
    let endpoint = from_url(ep.url())?;
    let headers = ep.headers().flat_map(|(name, values)| values.map(move |v| (name.to_owned(), v.to_owned()))).collect();
    let mut resolved = Resolved { endpoint, headers, scheme: SigningScheme::default(), unsupported_signing: None };
    let schemes = match ep.properties().get("authSchemes") {
        Some(Document::Array(schemes)) => schemes.as_slice(),
        _ => return Ok(resolved),
    };
    let property = |scheme: &Document, key: &str| match scheme {
        Document::Object(o) => o.get(key).cloned(),
        _ => None,
    };
    let text = |scheme: &Document, key: &str| match property(scheme, key) {
        Some(Document::String(s)) => Some(s),
        _ => None,
    };
    let flag = |scheme: &Document, key: &str| matches!(property(scheme, key), Some(Document::Bool(true)));
    let names: Vec<String> = schemes.iter().filter_map(|s| text(s, "name")).collect();
    match schemes.iter().find(|s| text(s, "name").as_deref() == Some("sigv4")) {
        Some(sigv4) => {
            resolved.scheme = SigningScheme {
                signing_name: text(sigv4, "signingName"),
                signing_region: text(sigv4, "signingRegion"),
                disable_double_encoding: flag(sigv4, "disableDoubleEncoding"),
                disable_normalize_path: flag(sigv4, "disableNormalizePath"),
            };
        }
        None if !names.is_empty() => {
            resolved.unsupported_signing = Some(format!(
                "the endpoint {} must be signed with {}, which this client does not support (it signs with SigV4 only)",
                ep.url(),
                names.join(" or ")
            ));
        }
        None => {}
    }
    Ok(resolved)
}

/// Resolutions already made by the model's rules, by parameter values (a handful per client).
#[derive(Debug, Default)]
pub(super) struct Cache {
    entries: Mutex<Vec<CacheEntry>>,
}

/// Parameter values and the endpoint they resolved to.
type CacheEntry = (Vec<Option<ParamValue>>, std::sync::Arc<Resolved>);

const CACHE_SIZE: usize = 16;

impl Cache {
    pub(super) fn get(&self, key: &[Option<ParamValue>]) -> Option<std::sync::Arc<Resolved>> {
        let entries = self.entries.lock().ok()?;
        entries.iter().find(|(k, _)| k.as_slice() == key).map(|(_, v)| std::sync::Arc::clone(v))
    }

    pub(super) fn put(&self, key: Vec<Option<ParamValue>>, value: std::sync::Arc<Resolved>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CACHE_SIZE {
                entries.remove(0);
            }
            entries.push((key, value));
        }
    }
}

/// Every parameter of the rule set for one call, in the rule set's order: built-ins from the
/// configuration (and the credentials' account id), then client context parameters and
/// service-specific built-ins set on the config builder, then the operation's static context
/// parameters, then what the input says.
pub(super) fn params(
    rules: &RuleSet,
    config: &Config,
    op: &OperationSpec,
    input: &[(&'static str, ParamValue)],
    account_id: Option<&str>,
) -> Vec<Option<ParamValue>> {
    rules
        .params()
        .iter()
        .map(|spec| {
            let name = spec.name.as_str();
            if let Some((_, v)) = input.iter().rev().find(|(n, _)| *n == name) {
                return Some(v.clone());
            }
            if let Some((_, v)) = op.static_params.iter().find(|(n, _)| *n == name) {
                return Some(v.value());
            }
            if let Some(p) = config.context_param(name) {
                return Some(match p {
                    ContextParam::Bool(b) => ParamValue::Bool(*b),
                    ContextParam::String(s) => ParamValue::String(s.clone()),
                });
            }
            spec.built_in.as_deref().and_then(|b| built_in(b, config, account_id))
        })
        .collect()
}

/// The values of [`params`] with their names and the rule set's defaults, as a user's resolver
/// receives them.
pub(super) fn named(rules: &RuleSet, values: &[Option<ParamValue>]) -> ParamList {
    rules.params().iter().zip(values).map(|(spec, v)| (spec.name.clone(), v.clone().or_else(|| spec.default.clone()))).collect()
}

fn built_in(name: &str, config: &Config, account_id: Option<&str>) -> Option<ParamValue> {
    match name {
        "AWS::Region" => config.region().map(|r| ParamValue::String(r.as_ref().to_owned())),
        "AWS::UseFIPS" => config.use_fips().map(ParamValue::Bool),
        "AWS::UseDualStack" => config.use_dual_stack().map(ParamValue::Bool),
        "SDK::Endpoint" => config.endpoint_url().map(|u| ParamValue::String(u.to_owned())),
        "AWS::Auth::AccountId" => account_id.map(|a| ParamValue::String(a.to_owned())),
        "AWS::Auth::AccountIdEndpointMode" => {
            Some(ParamValue::String(config.account_id_endpoint_mode().map_or_else(|| "preferred".to_owned(), ToString::to_string)))
        }
        _ => None,
    }
}

/// The endpoint of a service without endpoint rules: the configured URL, else, for an AWS
/// service, `https://{endpoint_prefix}.{region}.{dns suffix}`.
pub(super) fn resolve(config: &Config, service: &ServiceSpec) -> Result<Endpoint, String> {
    match (config.endpoint_url(), config.region()) {
        (Some(url), _) => from_url(url),
        (None, _) if !service.regional => Err(format!(
            "no endpoint URL is configured: set `endpoint_url` on the config builder ({} has no default endpoint)",
            service.sdk_id
        )),
        (None, Some(region)) => regional(service.endpoint_prefix, region.as_ref()),
        (None, None) => Err(
            "no region is configured (set one with `region`, AWS_REGION or a profile), \
             and no endpoint URL either"
                .to_owned(),
        ),
    }
}

pub(super) fn from_url(url: &str) -> Result<Endpoint, String> {
    let invalid = |why: &str| format!("invalid endpoint URL `{url}`: {why}");
    let uri: Uri = url.trim().parse().map_err(|e| invalid(&format!("{e}")))?;
    let scheme = match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => "https",
        Some(s) if s.eq_ignore_ascii_case("http") => "http",
        Some(_) => return Err(invalid("the scheme must be http or https")),
        None => return Err(invalid("it must be absolute (http:// or https://)")),
    };
    let authority = uri
        .authority()
        .filter(|a| !a.host().is_empty())
        .ok_or_else(|| invalid("it has no host"))?;
    if authority.as_str().contains('@') {
        return Err(invalid("it must not contain user information"));
    }
    if uri.query().is_some() {
        return Err(invalid("it must not contain a query"));
    }
    Ok(Endpoint {
        scheme,
        authority: authority.as_str().to_owned(),
        base_path: uri.path().trim_end_matches('/').to_owned(),
    })
}

fn regional(prefix: &str, region: &str) -> Result<Endpoint, String> {
    if !is_host_label(region) {
        return Err(format!("invalid region `{region}`"));
    }
    let url = format!("https://{prefix}.{region}.{}", dns_suffix(region));
    from_url(&url)
}

/// The DNS suffix of the partition a region belongs to (the table `aws.partition` reads).
fn dns_suffix(region: &str) -> &'static str {
    crate::endpoint::aws::partition_of(region).map_or("amazonaws.com", |p| p.dns_suffix)
}

fn is_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Region;

    #[test]
    fn urls() {
        let uri = |u: &str| from_url(u).map(|e| format!("{}://{}{}/", e.scheme, e.authority, e.base_path));
        assert_eq!(
            uri("http://127.0.0.1:8080").as_deref(),
            Ok("http://127.0.0.1:8080/")
        );
        assert_eq!(
            uri("https://h.example/base/").as_deref(),
            Ok("https://h.example/base/")
        );
        assert_eq!(
            uri("HTTPS://h.example/a/b").as_deref(),
            Ok("https://h.example/a/b/")
        );
        assert!(uri("ftp://h.example").is_err());
        assert!(uri("h.example").is_err());
        assert!(uri("/path").is_err());
        assert!(uri("http://u:p@h.example").is_err());
        assert!(uri("http://h.example/?q=1").is_err());
        assert!(uri("not a url").is_err());
        assert!(uri("").is_err());
    }

    #[test]
    fn regions() {
        let uri = |r: &str| regional("svc", r).map(|e| format!("{}://{}{}/", e.scheme, e.authority, e.base_path));
        assert_eq!(
            uri("us-east-1").as_deref(),
            Ok("https://svc.us-east-1.amazonaws.com/")
        );
        assert_eq!(
            uri("cn-north-1").as_deref(),
            Ok("https://svc.cn-north-1.amazonaws.com.cn/")
        );
        assert_eq!(
            uri("us-iso-east-1").as_deref(),
            Ok("https://svc.us-iso-east-1.c2s.ic.gov/")
        );
        assert!(uri("us-east-1/evil").is_err());
        assert!(uri("").is_err());
        assert!(uri("a.b").is_err());
    }

    #[test]
    fn endpoint_url_wins_over_region() {
        static SERVICE: ServiceSpec = ServiceSpec::new("S", super::super::Protocol::AwsJson1_1)
            .target_prefix("S")
            .version("2020-01-01")
            .endpoint_prefix("s")
            .signing_name("s")
            .regional(true);
        let config = Config::builder()
            .region(Region::new("eu-west-1"))
            .endpoint_url("http://localhost:1/x")
            .build();
        let endpoint = resolve(&config, &SERVICE).map(|e| format!("{}://{}{}/", e.scheme, e.authority, e.base_path));
        assert_eq!(endpoint.as_deref(), Ok("http://localhost:1/x/"));
        assert!(resolve(&Config::builder().build(), &SERVICE).is_err());
        static OWN: ServiceSpec = ServiceSpec::new("Weather", super::super::Protocol::AwsJson1_1)
            .target_prefix("S")
            .version("2020-01-01")
            .endpoint_prefix("s")
            .signing_name("s");
        let regional_only = Config::builder().region(Region::new("eu-west-1")).build();
        let err = resolve(&regional_only, &OWN).expect_err("a non-AWS service has no default endpoint");
        assert!(err.contains("`endpoint_url`") && err.contains("Weather"), "{err}");
    }
}
