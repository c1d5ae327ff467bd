//! Where requests go: the configured endpoint URL, or the service's regional endpoint.

use http::Uri;

use super::ServiceSpec;
use crate::config::Config;

/// A resolved endpoint: scheme, host (and port), and the base path every request path is
/// appended to (empty, or starting with `/` and without a trailing one).
#[derive(Debug, Clone)]
pub(super) struct Endpoint {
    pub(super) scheme: &'static str,
    pub(super) authority: String,
    pub(super) base_path: String,
}

/// The endpoint for every request of a runtime, or why there is none.
pub(super) fn resolve(config: &Config, service: &ServiceSpec) -> Result<Endpoint, String> {
    match (config.endpoint_url(), config.region()) {
        (Some(url), _) => from_url(url),
        (None, Some(region)) => regional(service.endpoint_prefix, region.as_ref()),
        (None, None) => Err(
            "no region is configured (set one with `region`, AWS_REGION or a profile), \
             and no endpoint URL either"
                .to_owned(),
        ),
    }
}

fn from_url(url: &str) -> Result<Endpoint, String> {
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

/// The DNS suffix of the partition a region belongs to.
fn dns_suffix(region: &str) -> &'static str {
    const PARTITIONS: &[(&str, &str)] = &[
        ("cn-", "amazonaws.com.cn"),
        ("us-isob-", "sc2s.sgov.gov"),
        ("us-isof-", "csp.hci.ic.gov"),
        ("us-iso-", "c2s.ic.gov"),
        ("eu-isoe-", "cloud.adc-e.uk"),
        ("eusc-", "amazonaws.eu"),
    ];
    PARTITIONS
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or("amazonaws.com", |(_, suffix)| suffix)
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
        static SERVICE: ServiceSpec = ServiceSpec {
            sdk_id: "S",
            target_prefix: "S",
    version: "2020-01-01",
            endpoint_prefix: "s",
            signing_name: "s",
            protocol: super::super::Protocol::AwsJson1_1,
            query_compatible: false,
            s3_signing: false,
            errors_in_200: false,
        };
        let config = Config::builder()
            .region(Region::new("eu-west-1"))
            .endpoint_url("http://localhost:1/x")
            .build();
        let endpoint = resolve(&config, &SERVICE).map(|e| format!("{}://{}{}/", e.scheme, e.authority, e.base_path));
        assert_eq!(endpoint.as_deref(), Ok("http://localhost:1/x/"));
        assert!(resolve(&Config::builder().build(), &SERVICE).is_err());
    }
}
