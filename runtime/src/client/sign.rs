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

/// Signs `request` for `region` with the service's signing name. A body held in memory is
/// hashed; a streamed one is signed as `UNSIGNED-PAYLOAD`. S3-style services get single URI
/// encoding, no path normalisation and the `x-amz-content-sha256` header.
///
/// The signer traces the request it signs, headers and query included; those can hold
/// `@sensitive` members (an API key header, a customer encryption key), so its events are not
/// passed to the application's subscriber.
pub(super) fn sign(
    request: &mut http::Request<SdkBody>,
    identity: &Identity,
    region: &str,
    signing_name: &str,
    service: &ServiceSpec,
) -> Result<(), BoxError> {
    let mut settings = SigningSettings::default();
    if service.s3_signing {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let params = v4::SigningParams::builder()
        .identity(identity)
        .region(region)
        .name(signing_name)
        .time(SystemTime::now())
        .settings(settings)
        .build()?
        .into();
    let uri = request.uri().to_string();
    let headers = request
        .headers()
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)));
    let body = match request.body().bytes() {
        Some(bytes) => SignableBody::Bytes(bytes),
        None => SignableBody::UnsignedPayload,
    };
    let signable = SignableRequest::new(request.method().as_str(), uri, headers, body)?;
    let signed = tracing::dispatcher::with_default(&tracing::Dispatch::none(), || sigv4(signable, &params));
    let (instructions, _signature) = signed?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}
