//! The future a generated `send()` returns.
//!
//! Everything asynchronous about a call (signing, sending, retrying, reading the body) lives in
//! [`Runtime::call`], compiled once in this crate. A generated operation only serialises its
//! input, starts the call through [`Runtime::send`] and names how to read the answer, so a
//! generated crate holds no per-operation `async` code: the per-operation part of a call is the
//! small synchronous [`SendFuture::poll`], instantiated only where a program awaits it.

// `SdkError` carries the raw response inline, as its definition does; the error path is not hot.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::error::ErrorMetadata;

use crate::client::{into_sdk_error, Failure, HttpResponse, OperationSpec, Runtime, SdkError};
use crate::json::{from_body, to_body, JsonDe, JsonSer, SetRequestId};

/// Reads an operation's modelled error from the error metadata and the raw response.
pub type ErrorParser<E> = fn(ErrorMetadata, &HttpResponse) -> E;

type Call = Pin<Box<dyn Future<Output = Result<HttpResponse, Failure>> + Send>>;

/// A request on its way: resolves to the operation's output, or an [`SdkError`] carrying the
/// operation's error type `E`. Nothing is sent until it is first polled.
#[must_use = "a request is only sent when its future is awaited"]
pub struct SendFuture<O, E> {
    call: Call,
    spec: &'static OperationSpec,
    de_error: ErrorParser<E>,
    output: PhantomData<fn() -> O>,
}

impl<O, E> fmt::Debug for SendFuture<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture").field("operation", &self.spec.name).finish_non_exhaustive()
    }
}

impl Runtime {
    /// Starts an operation: serialises `input` (a builder's `build()` result) and returns the
    /// future of its response. A build error surfaces as a construction failure when awaited.
    pub fn send<I: JsonSer, O, E>(
        self: &Arc<Self>,
        spec: &'static OperationSpec,
        input: Result<I, BuildError>,
        de_error: ErrorParser<E>,
    ) -> SendFuture<O, E> {
        let body = input.and_then(|input| to_body(&input));
        SendFuture { call: self.start(spec, body), spec, de_error, output: PhantomData }
    }

    fn start(self: &Arc<Self>, spec: &'static OperationSpec, body: Result<Vec<u8>, BuildError>) -> Call {
        let runtime = Arc::clone(self);
        Box::pin(async move {
            match body {
                Ok(body) => runtime.call(spec, body).await,
                Err(e) => Err(Failure::Construction(Box::new(e))),
            }
        })
    }
}

impl<O: JsonDe + SetRequestId, E> Future for SendFuture<O, E> {
    type Output = Result<O, SdkError<E, HttpResponse>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        this.call.as_mut().poll(cx).map(|answer| match answer {
            Ok(raw) => read_output(this.spec, raw),
            Err(failure) => Err(into_sdk_error(failure, this.de_error)),
        })
    }
}

/// Parses a successful response into the output, keeping the request id.
fn read_output<O: JsonDe + SetRequestId, E>(
    spec: &OperationSpec,
    raw: HttpResponse,
) -> Result<O, SdkError<E, HttpResponse>> {
    match from_body::<O>(raw.body().bytes().unwrap_or_default()) {
        Ok(mut output) => {
            output.set_request_id(crate::client::request_id(&raw).map(str::to_owned));
            Ok(output)
        }
        Err(e) if spec.sensitive_output => Err(SdkError::response_error(e, without_body(raw))),
        Err(e) => Err(SdkError::response_error(e, raw)),
    }
}

/// The response with its body replaced by the redaction text.
fn without_body(raw: HttpResponse) -> HttpResponse {
    let mut redacted = HttpResponse::new(raw.status(), SdkBody::from("*** Sensitive Data Redacted ***"));
    for (name, value) in raw.headers() {
        let _ = redacted.headers_mut().try_append(name.to_owned(), value.to_owned());
    }
    redacted
}
