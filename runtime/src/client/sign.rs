//! SigV4 signing of a request about to be sent.

use std::time::SystemTime;

use aws_sigv4::http_request::{
    sign as sigv4, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::body::SdkBody;

use super::ServiceSpec;
use crate::error::BoxError;

#[cfg(test)]
mod vectors;

/// Which SigV4 rules a service signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    /// What every service but S3 expects: the URI path is normalised (`.`/`..` segments and
    /// repeated slashes removed) and percent-encoded a second time; the payload hash is only
    /// part of the canonical request.
    Standard,
    /// Amazon S3: the path is encoded once and never normalised (object keys may hold `//` or
    /// `..`), and the payload hash is also sent and signed as `x-amz-content-sha256`.
    S3,
}

impl Rules {
    fn of(service: &ServiceSpec) -> Rules {
        if service.s3_signing {
            Rules::S3
        } else {
            Rules::Standard
        }
    }

    fn settings(self) -> SigningSettings {
        let mut settings = SigningSettings::default();
        if self == Rules::S3 {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        settings
    }
}

/// Where a signature is valid: the credential scope's region and service signing name.
#[derive(Debug, Clone, Copy)]
struct Scope<'a> {
    region: &'a str,
    signing_name: &'a str,
}

/// Signs `request` for `region` with the service's signing name. A body held in memory is
/// hashed; a streamed one is signed as `UNSIGNED-PAYLOAD`. S3-style services get single URI
/// encoding, no path normalisation and the `x-amz-content-sha256` header.
pub(super) fn sign(
    request: &mut http::Request<SdkBody>,
    identity: &Identity,
    region: &str,
    signing_name: &str,
    service: &ServiceSpec,
) -> Result<(), BoxError> {
    let scope = Scope { region, signing_name };
    sign_at(request, identity, scope, Rules::of(service), SystemTime::now()).map(drop)
}

/// Signs `request` as of `time` and returns the signature (the `Signature=` of the
/// `Authorization` header it adds). Split from [`sign`] so the test vectors can fix the time.
///
/// The signer traces the request it signs, headers and query included; those can hold
/// `@sensitive` members (an API key header, a customer encryption key), so its events are not
/// passed to the application's subscriber.
fn sign_at(
    request: &mut http::Request<SdkBody>,
    identity: &Identity,
    scope: Scope<'_>,
    rules: Rules,
    time: SystemTime,
) -> Result<String, BoxError> {
    let params = v4::SigningParams::builder()
        .identity(identity)
        .region(scope.region)
        .name(scope.signing_name)
        .time(time)
        .settings(rules.settings())
        .build()?
        .into();
    let uri = request.uri().to_string();
    let headers = signable_headers(request.headers())?;
    let body = match request.body().bytes() {
        Some(bytes) => SignableBody::Bytes(bytes),
        None => SignableBody::UnsignedPayload,
    };
    let signable = SignableRequest::new(request.method().as_str(), uri, headers.into_iter(), body)?;
    let signed = tracing::dispatcher::with_default(&tracing::Dispatch::none(), || sigv4(signable, &params));
    let (instructions, signature) = signed?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(signature)
}

/// Every header as text for the signer. `HeaderValue::to_str` accepts visible ASCII only, but a
/// value may be UTF-8 (`HeaderValue::from_str` lets it through, say in an `x-amz-meta-*`
/// header): it is signed as UTF-8, as the AWS SDKs do. Skipping it instead would send a header
/// the signature does not cover, which AWS rejects for `x-amz-*` headers.
fn signable_headers(headers: &http::HeaderMap) -> Result<Vec<(&str, &str)>, BoxError> {
    headers
        .iter()
        .map(|(name, value)| match std::str::from_utf8(value.as_bytes()) {
            Ok(text) => Ok((name.as_str(), text)),
            Err(_) => Err(format!("the value of header `{name}` is not UTF-8 and cannot be signed").into()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::Credentials;

    fn identity() -> Identity {
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "test").into()
    }

    fn signed_headers(request: &http::Request<SdkBody>) -> String {
        let authorization = request.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
        authorization.split("SignedHeaders=").nth(1).and_then(|rest| rest.split(',').next()).unwrap_or_default().to_owned()
    }

    #[test]
    fn utf8_header_values_are_signed() {
        let mut request = http::Request::new(SdkBody::empty());
        *request.uri_mut() = http::Uri::from_static("https://bucket.s3.us-east-1.amazonaws.com/key");
        let value = http::HeaderValue::from_str("café").expect("UTF-8 is a valid header value");
        request.headers_mut().insert("x-amz-meta-name", value);
        let scope = Scope { region: "us-east-1", signing_name: "s3" };
        sign_at(&mut request, &identity(), scope, Rules::S3, SystemTime::UNIX_EPOCH).expect("signed");
        assert_eq!(signed_headers(&request), "host;x-amz-content-sha256;x-amz-date;x-amz-meta-name");
    }

    #[test]
    fn non_utf8_header_values_are_an_error_not_unsigned() {
        let mut request = http::Request::new(SdkBody::empty());
        *request.uri_mut() = http::Uri::from_static("https://example.amazonaws.com/");
        let value = http::HeaderValue::from_bytes(b"\xff\xfe").expect("obs-text is a valid header value");
        request.headers_mut().insert("x-amz-meta-raw", value);
        let scope = Scope { region: "us-east-1", signing_name: "service" };
        let err = sign_at(&mut request, &identity(), scope, Rules::Standard, SystemTime::UNIX_EPOCH).expect_err("refused");
        assert!(err.to_string().contains("x-amz-meta-raw"), "{err}");
    }
}
