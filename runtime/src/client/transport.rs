//! One HTTP exchange: over the built-in HTTPS client (reqwest) or the configured `HttpClient`,
//! the request goes out (streamed when its body is a stream), and the response comes back read
//! whole within a size limit, or, for streamed outputs, with its body still arriving.

use std::error::Error;
use std::fmt;

use aws_smithy_runtime_api::client::http::{HttpClient, HttpConnector, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::timeout::TimeoutConfig;

use super::{ConnectorError, Failure, HttpResponse};

/// Reading a response body failed.
#[derive(Debug)]
pub(super) enum BodyError {
    TooLarge { limit: usize },
    Read(reqwest::Error),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::TooLarge { limit } => write!(f, "response body is larger than the limit of {limit} bytes"),
            BodyError::Read(e) => write!(f, "reading the response body failed: {e}"),
        }
    }
}

impl Error for BodyError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            BodyError::TooLarge { .. } => None,
            BodyError::Read(e) => Some(e),
        }
    }
}

/// How a runtime's attempts are sent.
#[derive(Debug)]
pub(super) enum Transport {
    /// The built-in pooled HTTPS client (or why it could not be made).
    Builtin(Result<reqwest::Client, String>),
    /// The connector of the configuration's `HttpClient`.
    Custom(SharedHttpConnector),
}

impl Transport {
    /// The configured client's connector, given the connect and read timeouts, else the built-in
    /// client.
    pub(super) fn new(client: Option<SharedHttpClient>, timeouts: &TimeoutConfig) -> Transport {
        let Some(client) = client else { return Transport::Builtin(http_client(timeouts)) };
        let mut settings = HttpConnectorSettings::builder();
        settings.set_connect_timeout(timeouts.connect_timeout()).set_read_timeout(timeouts.read_timeout());
        let settings = settings.build();
        match crate::auth::inert_components() {
            Ok(components) => Transport::Custom(client.http_connector(&settings, components)),
            Err(e) => Transport::Builtin(Err(e.to_string())),
        }
    }
}

/// The pooled client every call of a runtime shares.
fn http_client(timeouts: &TimeoutConfig) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none());
    if let Some(limit) = timeouts.connect_timeout() {
        builder = builder.connect_timeout(limit);
    }
    if let Some(limit) = timeouts.read_timeout() {
        builder = builder.read_timeout(limit);
    }
    builder.build().map_err(|e| format!("the HTTP client could not be created: {e}"))
}

fn dispatch_failure(error: reqwest::Error) -> Failure {
    if error.is_builder() {
        Failure::Construction(Box::new(error))
    } else if error.is_timeout() {
        Failure::Dispatch(ConnectorError::timeout(Box::new(error)))
    } else if error.is_connect() {
        Failure::Dispatch(ConnectorError::io(Box::new(error)).never_connected())
    } else {
        Failure::Dispatch(ConnectorError::io(Box::new(error)))
    }
}

fn to_reqwest(request: http::Request<SdkBody>) -> Result<reqwest::Request, Failure> {
    let (head, body) = request.into_parts();
    let body = match body.bytes() {
        Some(bytes) => reqwest::Body::from(bytes.to_vec()),
        None => reqwest::Body::wrap(body),
    };
    reqwest::Request::try_from(http::Request::from_parts(head, body)).map_err(|e| Failure::Construction(Box::new(e)))
}

/// One attempt: send, then read the whole body (within `limit`), or for a successful streamed
/// output hand the body over unread.
pub(super) async fn attempt(
    transport: &Transport,
    request: http::Request<SdkBody>,
    streaming_output: bool,
    limit: usize,
) -> Result<HttpResponse, Failure> {
    match transport {
        Transport::Builtin(Ok(http)) => attempt_builtin(http, request, streaming_output, limit).await,
        Transport::Builtin(Err(e)) => Err(Failure::Construction(e.clone().into())),
        Transport::Custom(connector) => attempt_custom(connector, request, streaming_output, limit).await,
    }
}

/// An attempt through the configured client's connector.
async fn attempt_custom(
    connector: &SharedHttpConnector,
    request: http::Request<SdkBody>,
    streaming_output: bool,
    limit: usize,
) -> Result<HttpResponse, Failure> {
    let request = aws_smithy_runtime_api::http::Request::try_from(request).map_err(|e| Failure::Construction(Box::new(e)))?;
    let response = connector.call(request).await.map_err(Failure::Dispatch)?;
    if streaming_output && response.status().is_success() {
        return Ok(response);
    }
    read_whole(response, limit).await
}

/// The response with its body read into memory, within `limit`.
async fn read_whole(response: HttpResponse, limit: usize) -> Result<HttpResponse, Failure> {
    let (status, headers) = (response.status(), response.headers().clone());
    let rebuilt = |bytes: Vec<u8>| {
        let mut raw = HttpResponse::new(status, SdkBody::from(bytes));
        *raw.headers_mut() = headers.clone();
        raw
    };
    let too_large = |bytes: Vec<u8>| Failure::Response { source: Box::new(BodyError::TooLarge { limit }), raw: rebuilt(bytes) };
    let mut body = Box::pin(response.into_body());
    let mut read = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| http_body::Body::poll_frame(body.as_mut(), cx)).await {
        let frame = frame.map_err(|e| Failure::Response { source: e, raw: rebuilt(read.clone()) })?;
        if let Ok(data) = frame.into_data() {
            if data.len() > limit.saturating_sub(read.len()) {
                return Err(too_large(read));
            }
            read.extend_from_slice(&data);
        }
    }
    Ok(rebuilt(read))
}

/// An attempt through the built-in HTTPS client.
async fn attempt_builtin(
    http: &reqwest::Client,
    request: http::Request<SdkBody>,
    streaming_output: bool,
    limit: usize,
) -> Result<HttpResponse, Failure> {
    let mut response = http.execute(to_reqwest(request)?).await.map_err(dispatch_failure)?;
    let status = response.status();
    let mut head = aws_smithy_runtime_api::http::Headers::new();
    for (name, value) in response.headers() {
        if let Ok(value) = value.to_str() {
            // Both parts were valid in the `http` types, so this cannot fail; a value that
            // somehow did would only be left out.
            let _ = head.try_append(name.as_str().to_owned(), value.to_owned());
        }
    }
    let raw = |body: SdkBody| {
        let mut raw = HttpResponse::new(status.into(), body);
        *raw.headers_mut() = head.clone();
        raw
    };
    if streaming_output && status.is_success() {
        let body: http::Response<reqwest::Body> = response.into();
        return Ok(raw(SdkBody::from_body_1_x(body.into_body())));
    }
    let too_large = |body: Vec<u8>| Failure::Response {
        source: Box::new(BodyError::TooLarge { limit }),
        raw: raw(SdkBody::from(body)),
    };
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(too_large(Vec::new()));
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if chunk.len() > limit.saturating_sub(body.len()) {
                    return Err(too_large(body));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(raw(SdkBody::from(body))),
            Err(e) => {
                return Err(Failure::Response { source: Box::new(BodyError::Read(e)), raw: raw(SdkBody::from(body)) })
            }
        }
    }
}
