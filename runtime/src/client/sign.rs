//! SigV4 signing of a request about to be sent.

use std::time::SystemTime;

use aws_sigv4::http_request::{
    sign as sigv4, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::body::SdkBody;

use super::ServiceSpec;
use crate::error::BoxError;

#[cfg(test)]
mod vectors;

/// The SigV4 settings a request is signed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rules {
    /// The URI path is percent-encoded a second time (every service but S3-style ones).
    encode_twice: bool,
    /// `.`/`..` segments and repeated slashes are removed from the path before signing.
    normalize_path: bool,
    /// The payload hash is also sent and signed as `x-amz-content-sha256`.
    content_sha256: bool,
}

impl Rules {
    /// What every service but S3 expects.
    pub(super) const STANDARD: Rules = Rules { encode_twice: true, normalize_path: true, content_sha256: false };
    /// Amazon S3: the path is encoded once and never normalised (object keys may hold `//` or
    /// `..`), and the payload hash is sent as `x-amz-content-sha256`.
    pub(super) const S3: Rules = Rules { encode_twice: false, normalize_path: false, content_sha256: true };

    /// The service's rules, with what the endpoint's SigV4 auth scheme says on top
    /// (`disableDoubleEncoding`, `disableNormalizePath`: S3 Control's rules ask for both).
    pub(super) fn of(service: &ServiceSpec, scheme: &super::endpoint::SigningScheme) -> Rules {
        let mut rules = if service.has_rule(crate::services::ServiceRule::S3Signing) { Rules::S3 } else { Rules::STANDARD };
        rules.encode_twice &= !scheme.disable_double_encoding;
        rules.normalize_path &= !scheme.disable_normalize_path;
        rules
    }

    fn settings(self) -> SigningSettings {
        let mut settings = SigningSettings::default();
        if !self.encode_twice {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
        }
        if !self.normalize_path {
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        }
        if self.content_sha256 {
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

/// Signs `request` for `region` with the signing name, under `rules`, as of `now` (the configured
/// time source's), and returns the signature. A body held in memory is hashed; an event stream
/// is signed as `STREAMING-AWS4-HMAC-SHA256-EVENTS` (sent as `x-amz-content-sha256` too);
/// another streamed body as `UNSIGNED-PAYLOAD`.
pub(super) fn sign(
    request: &mut http::Request<SdkBody>,
    identity: &Identity,
    region: &str,
    signing_name: &str,
    rules: Rules,
    now: SystemTime,
) -> Result<String, BoxError> {
    let scope = Scope { region, signing_name };
    sign_at(request, identity, scope, rules, now)
}

/// The payload hash of a request whose body is an event stream (it carries a signing slot).
#[cfg(feature = "event-stream")]
fn event_stream_payload(request: &http::Request<SdkBody>) -> Option<SignableBody<'static>> {
    request.extensions().get::<crate::event_stream::sign::SigningSlot>()?;
    Some(SignableBody::Precomputed(crate::event_stream::STREAMING_PAYLOAD.to_owned()))
}

#[cfg(not(feature = "event-stream"))]
fn event_stream_payload(_request: &http::Request<SdkBody>) -> Option<SignableBody<'static>> {
    None
}

/// Hands the request's signature to its event stream body (when it has one), which signs each
/// message chained from it, at the time source's time.
#[cfg(feature = "event-stream")]
pub(super) fn hand_seed(
    request: &http::Request<SdkBody>,
    signature: String,
    identity: &Identity,
    scope: (&str, &str),
    time: aws_smithy_async::time::SharedTimeSource,
) {
    use crate::event_stream::sign::{Seed, SigningSlot};
    if let Some(slot) = request.extensions().get::<SigningSlot>() {
        let (region, name) = (scope.0.to_owned(), scope.1.to_owned());
        slot.fill(Seed { signature, identity: identity.clone(), region, name, time });
    }
}

#[cfg(not(feature = "event-stream"))]
pub(super) fn hand_seed(
    _request: &http::Request<SdkBody>,
    _signature: String,
    _identity: &Identity,
    _scope: (&str, &str),
    _time: aws_smithy_async::time::SharedTimeSource,
) {
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
    let events = event_stream_payload(request);
    let rules = if events.is_some() { Rules { content_sha256: true, ..rules } } else { rules };
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
    let body = match (events, request.body().bytes()) {
        (Some(events), _) => events,
        (None, Some(bytes)) => SignableBody::Bytes(bytes),
        (None, None) => SignableBody::UnsignedPayload,
    };
    let signable = SignableRequest::new(request.method().as_str(), uri, headers.into_iter(), body)?;
    let signed = tracing::dispatcher::with_default(&tracing::Dispatch::none(), || sigv4(signable, &params));
    let (instructions, signature) = signed?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(signature)
}

/// Signs `request` in its query string (`X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
/// `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Signature`, and `X-Amz-Security-Token` for
/// session credentials), valid from `time` for `expires`. Every header it holds is signed. The
/// payload is `UNSIGNED-PAYLOAD` under S3's rules (the sender chooses the body); otherwise the
/// body it holds is hashed.
pub(super) fn presign(
    request: &mut http::Request<SdkBody>,
    identity: &Identity,
    scope: (&str, &str),
    rules: Rules,
    time: SystemTime,
    expires: std::time::Duration,
) -> Result<(), BoxError> {
    let mut settings = rules.settings();
    settings.payload_checksum_kind = PayloadChecksumKind::NoHeader;
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(expires);
    let params = v4::SigningParams::builder().identity(identity).region(scope.0).name(scope.1).time(time).settings(settings).build()?.into();
    let uri = request.uri().to_string();
    let headers = signable_headers(request.headers())?;
    let body = match request.body().bytes() {
        _ if rules.content_sha256 => SignableBody::UnsignedPayload,
        Some(bytes) => SignableBody::Bytes(bytes),
        None => return Err("a request whose body is a stream can be presigned only under S3's rules (UNSIGNED-PAYLOAD)".into()),
    };
    let signable = SignableRequest::new(request.method().as_str(), uri, headers.into_iter(), body)?;
    let signed = tracing::dispatcher::with_default(&tracing::Dispatch::none(), || sigv4(signable, &params));
    let (instructions, _signature) = signed?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
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

    /// The presigned URL of the example in Amazon S3's documentation of query-string
    /// authentication (SigV4): `GET /test.txt` of `examplebucket`, valid for 86,400 s from
    /// 2013-05-24T00:00:00Z, with the documentation's key and published signature.
    #[test]
    fn presigning_gives_the_documented_s3_url() {
        let mut request = http::Request::new(SdkBody::empty());
        *request.uri_mut() = http::Uri::from_static("https://examplebucket.s3.amazonaws.com/test.txt");
        let identity: Identity = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, None, "test").into();
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_369_353_600);
        presign(&mut request, &identity, ("us-east-1", "s3"), Rules::S3, time, std::time::Duration::from_secs(86_400)).expect("presigned");
        let query: std::collections::BTreeMap<_, _> = request.uri().query().unwrap_or_default().split('&').filter_map(|kv| kv.split_once('=')).collect();
        assert_eq!(query["X-Amz-Algorithm"], "AWS4-HMAC-SHA256");
        assert_eq!(query["X-Amz-Credential"], "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request");
        assert_eq!(query["X-Amz-Date"], "20130524T000000Z");
        assert_eq!(query["X-Amz-Expires"], "86400");
        assert_eq!(query["X-Amz-SignedHeaders"], "host");
        assert_eq!(query["X-Amz-Signature"], "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
        assert!(request.headers().get("authorization").is_none() && request.headers().get("x-amz-content-sha256").is_none());
    }

    #[test]
    fn presigning_signs_every_header_and_the_session_token() {
        let mut request = http::Request::new(SdkBody::empty());
        *request.uri_mut() = http::Uri::from_static("https://bucket.s3.us-west-2.amazonaws.com/key?x-id=GetObject");
        request.headers_mut().insert("range", http::HeaderValue::from_static("bytes=0-9"));
        let identity: Identity = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()), None, "test").into();
        presign(&mut request, &identity, ("us-west-2", "s3"), Rules::S3, SystemTime::UNIX_EPOCH, std::time::Duration::from_secs(60)).expect("presigned");
        let query = request.uri().query().unwrap_or_default().to_owned();
        assert!(query.contains("X-Amz-SignedHeaders=host%3Brange"), "{query}");
        assert!(query.contains("X-Amz-Security-Token=token") && query.contains("x-id=GetObject"), "{query}");
    }

    #[test]
    fn non_utf8_header_values_are_an_error_not_unsigned() {
        let mut request = http::Request::new(SdkBody::empty());
        *request.uri_mut() = http::Uri::from_static("https://example.amazonaws.com/");
        let value = http::HeaderValue::from_bytes(b"\xff\xfe").expect("obs-text is a valid header value");
        request.headers_mut().insert("x-amz-meta-raw", value);
        let scope = Scope { region: "us-east-1", signing_name: "service" };
        let err = sign_at(&mut request, &identity(), scope, Rules::STANDARD, SystemTime::UNIX_EPOCH).expect_err("refused");
        assert!(err.to_string().contains("x-amz-meta-raw"), "{err}");
    }
}
