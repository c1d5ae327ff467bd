//! Request cases go through the client's real call path: `send()` with every interceptor hook,
//! endpoint resolution, the user agent, signing and the retry loop, up to an HTTP client that
//! keeps the request it is handed instead of sending it.

use std::fmt;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::field::{mismatch, Field};
use crate::client::{HttpResponse, OperationSpec, Runtime};
use crate::request::WriteRequest;
use crate::response::ReadResponse;
use crate::send::ErrorParser;

/// An HTTP client that keeps the last request it is handed and answers `200` with no body.
#[derive(Clone, Default)]
pub struct Capture {
    sent: Arc<Mutex<Option<HttpRequest>>>,
}

impl fmt::Debug for Capture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Capture")
    }
}

impl Capture {
    /// The request the client handed over, once.
    fn take(&self) -> Option<HttpRequest> {
        self.sent.lock().ok().and_then(|mut sent| sent.take())
    }
}

impl HttpConnector for Capture {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        if let Ok(mut sent) = self.sent.lock() {
            *sent = Some(request);
        }
        let status = aws_smithy_runtime_api::http::StatusCode::try_from(200u16).expect("200 is a status");
        HttpConnectorFuture::ready(Ok(HttpResponse::new(status, SdkBody::empty())))
    }
}

impl HttpClient for Capture {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

/// A client runtime whose requests end in a [`Capture`].
#[derive(Debug)]
pub struct Sender {
    runtime: Arc<Runtime>,
    capture: Capture,
}

impl Sender {
    pub(super) fn new(runtime: Runtime, capture: Capture) -> Self {
        Sender { runtime: Arc::new(runtime), capture }
    }

    /// Sends `input` as the operation's `send()` does and returns the request that reached the
    /// HTTP client. Whatever the call returns afterwards (the empty `200` may not parse) does
    /// not matter; a call that ends before sending fails the case.
    #[track_caller]
    pub fn send<I, O, E>(&self, spec: &'static OperationSpec, input: I, de_error: ErrorParser<E>) -> http::Request<SdkBody>
    where
        I: WriteRequest + fmt::Debug + Send + Sync + 'static,
        O: ReadResponse + fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
    {
        let call = self.runtime.send::<I, O, E>(spec, Ok(input), de_error);
        let outcome = block_on(call);
        let Some(request) = self.capture.take() else {
            mismatch(Field::Method, format_args!("no request was sent: {outcome:?}"))
        };
        request
            .try_into_http1x()
            .unwrap_or_else(|e| mismatch(Field::Method, format_args!("the request cannot be read: {e}")))
    }
}

/// Runs a future to completion on a single-threaded Tokio runtime with a timer.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a Tokio runtime starts");
    runtime.block_on(future)
}
