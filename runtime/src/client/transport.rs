//! One HTTP exchange: over the built-in HTTPS client (reqwest) or the configured `HttpClient`,
//! the request goes out (streamed when its body is a stream) and the response comes back with
//! its body still arriving; [`read_body`] then reads it whole, within a size limit, unless the
//! operation streams its output.

use std::error::Error;
use std::fmt;

use aws_smithy_runtime_api::client::http::{HttpClient, HttpConnector, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::timeout::TimeoutConfig;

use super::{ConnectorError, HttpResponse};

/// Reading a response body failed.
#[derive(Debug)]
pub(crate) enum BodyError {
    TooLarge { limit: usize },
    Read(crate::error::BoxError),
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
            BodyError::Read(e) => Some(e.as_ref()),
        }
    }
}

/// Marks a request that must go over HTTP/2 (an event stream whose protocol lists `h2`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Http2Only;

/// The built-in clients: HTTP/1.1 (HTTP/2 where TLS negotiates it), and HTTP/2 only, made on
/// first use by a request that needs it.
#[derive(Debug, Clone)]
pub(super) struct Builtin {
    default: Result<reqwest::Client, String>,
    http2: std::sync::Arc<std::sync::OnceLock<Result<reqwest::Client, String>>>,
    timeouts: TimeoutConfig,
}

/// How a runtime's attempts are sent.
#[derive(Debug, Clone)]
pub(super) enum Transport {
    /// The built-in pooled HTTPS clients.
    Builtin(Builtin),
    /// The connector of the configuration's `HttpClient`.
    Custom(SharedHttpConnector),
}

impl Transport {
    /// The configured client's connector, given the connect and read timeouts, else the built-in
    /// client.
    pub(super) fn new(client: Option<SharedHttpClient>, timeouts: &TimeoutConfig, components: &RuntimeComponents) -> Transport {
        let Some(client) = client else {
            let http2 = std::sync::Arc::default();
            return Transport::Builtin(Builtin { default: builtin_client(timeouts, false), http2, timeouts: timeouts.clone() });
        };
        let mut settings = HttpConnectorSettings::builder();
        settings.set_connect_timeout(timeouts.connect_timeout()).set_read_timeout(timeouts.read_timeout());
        Transport::Custom(client.http_connector(&settings.build(), components))
    }

    /// Sends `request`; the response's body is left to arrive.
    pub(super) async fn send(&self, request: HttpRequest) -> Result<HttpResponse, ConnectorError> {
        match self {
            Transport::Builtin(builtin) => match builtin.client_for(&request) {
                Ok(http) => send_builtin(http, request).await,
                Err(e) => Err(ConnectorError::other(e.clone().into(), None)),
            },
            Transport::Custom(connector) => connector.call(request).await,
        }
    }
}

impl Builtin {
    /// The HTTP/2 client for a request marked [`Http2Only`], else the default one.
    fn client_for(&self, request: &HttpRequest) -> &Result<reqwest::Client, String> {
        if request.extension::<Http2Only>().is_none() {
            return &self.default;
        }
        self.http2.get_or_init(|| builtin_client(&self.timeouts, true))
    }
}

/// A pooled client every call of a runtime shares; `http2`: HTTP/2 only, without waiting for
/// TLS to negotiate it (so also over `http://`).
fn builtin_client(timeouts: &TimeoutConfig, http2: bool) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none());
    if http2 {
        builder = http2_only(builder)?;
    }
    if let Some(limit) = timeouts.connect_timeout() {
        builder = builder.connect_timeout(limit);
    }
    if let Some(limit) = timeouts.read_timeout() {
        builder = builder.read_timeout(limit);
    }
    builder.build().map_err(|e| format!("the HTTP client could not be created: {e}"))
}

#[cfg(feature = "http2")]
fn http2_only(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, String> {
    Ok(builder.http2_prior_knowledge())
}

#[cfg(not(feature = "http2"))]
fn http2_only(_: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, String> {
    Err("this operation runs over HTTP/2, and smithy-client-runtime was built without its `http2` feature".to_owned())
}

fn connector_error(error: reqwest::Error) -> ConnectorError {
    if error.is_timeout() {
        ConnectorError::timeout(Box::new(error))
    } else if error.is_connect() {
        ConnectorError::io(Box::new(error)).never_connected()
    } else if error.is_builder() {
        ConnectorError::user(Box::new(error))
    } else {
        ConnectorError::io(Box::new(error))
    }
}

fn to_reqwest(request: HttpRequest) -> Result<reqwest::Request, ConnectorError> {
    let request = request.try_into_http1x().map_err(|e| ConnectorError::user(Box::new(e)))?;
    let (head, body) = request.into_parts();
    let body = match body.bytes() {
        Some(bytes) => reqwest::Body::from(bytes.to_vec()),
        None => reqwest::Body::wrap(body),
    };
    reqwest::Request::try_from(http::Request::from_parts(head, body)).map_err(|e| ConnectorError::user(Box::new(e)))
}

/// An exchange over the built-in client.
async fn send_builtin(http: &reqwest::Client, request: HttpRequest) -> Result<HttpResponse, ConnectorError> {
    let response = http.execute(to_reqwest(request)?).await.map_err(connector_error)?;
    let mut head = aws_smithy_runtime_api::http::Headers::new();
    for (name, value) in response.headers() {
        if let Ok(value) = value.to_str() {
            // Both parts were valid in the `http` types, so this cannot fail; a value that
            // somehow did would only be left out.
            let _ = head.try_append(name.as_str().to_owned(), value.to_owned());
        }
    }
    let status = response.status();
    let body: http::Response<reqwest::Body> = response.into();
    let mut raw = HttpResponse::new(status.into(), SdkBody::from_body_1_x(body.into_body()));
    *raw.headers_mut() = head;
    Ok(raw)
}

/// Reads the response's body into memory, within `limit` bytes: a larger one (by its
/// `Content-Length` or as it arrives) fails with what was read so far kept in the response.
pub(crate) async fn read_body(response: &mut HttpResponse, limit: usize) -> Result<(), BodyError> {
    if response.body().bytes().is_some_and(|b| b.len() <= limit) {
        return Ok(());
    }
    let declared = response.headers().get("content-length").and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        *response.body_mut() = SdkBody::empty();
        return Err(BodyError::TooLarge { limit });
    }
    let mut body = Box::pin(std::mem::replace(response.body_mut(), SdkBody::taken()));
    let mut read = Vec::new();
    let outcome = loop {
        match std::future::poll_fn(|cx| http_body::Body::poll_frame(body.as_mut(), cx)).await {
            None => break Ok(()),
            Some(Err(e)) => break Err(BodyError::Read(e)),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    if data.len() > limit.saturating_sub(read.len()) {
                        break Err(BodyError::TooLarge { limit });
                    }
                    read.extend_from_slice(&data);
                }
            }
        }
    };
    *response.body_mut() = SdkBody::from(read);
    outcome
}
