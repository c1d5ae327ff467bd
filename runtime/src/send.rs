//! The future a generated `send()` returns.
//!
//! Everything asynchronous about a call (signing, sending, retrying, reading the body) lives in
//! [`Runtime::call`], compiled once in this crate. A generated operation only writes its input's
//! request parts, starts the call through [`Runtime::send`] and names how to read the answer, so
//! a generated crate holds no per-operation `async` code: the per-operation part of a call is the
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

use crate::client::{into_sdk_error_for, redact, Failure, HttpResponse, OperationSpec, Runtime, SdkError};
use crate::request::{RequestParts, RequestWriter, WriteRequest};
use crate::response::{ReadResponse, ResponseReader};

/// Reads an operation's modelled error from the error metadata and the raw response.
pub type ErrorParser<E> = fn(ErrorMetadata, &HttpResponse) -> E;

type Call = Pin<Box<dyn Future<Output = Result<HttpResponse, Failure>> + Send>>;

/// A request on its way: resolves to the operation's output, or an [`SdkError`] carrying the
/// operation's error type `E`. Nothing is sent until it is first polled.
#[must_use = "a request is only sent when its future is awaited"]
pub struct SendFuture<O, E> {
    call: Call,
    spec: &'static OperationSpec,
    protocol: crate::protocol::Protocol,
    de_error: ErrorParser<E>,
    output: PhantomData<fn() -> O>,
}

impl<O, E> fmt::Debug for SendFuture<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture").field("operation", &self.spec.name).finish_non_exhaustive()
    }
}

impl Runtime {
    /// Starts an operation: fills unset idempotency tokens, writes the request parts of `input`
    /// (a builder's `build()` result) and returns the future of its response. A build error
    /// surfaces as a construction failure when awaited.
    pub fn send<I: WriteRequest, O, E>(
        self: &Arc<Self>,
        spec: &'static OperationSpec,
        input: Result<I, BuildError>,
        de_error: ErrorParser<E>,
    ) -> SendFuture<O, E> {
        let parts = input.and_then(|input| self.request_parts(input));
        SendFuture { call: self.start(spec, parts), spec, protocol: self.service().protocol, de_error, output: PhantomData }
    }

    /// The request parts of an input, with its idempotency tokens filled.
    pub fn request_parts<I: WriteRequest>(&self, mut input: I) -> Result<RequestParts, BuildError> {
        input.fill_idempotency_tokens(&mut || self.idempotency_token());
        let mut context = crate::endpoint::ContextParams::default();
        input.endpoint_params(&mut context);
        let mut writer = RequestWriter::new(self.service().protocol);
        input.write_request(&mut writer);
        let mut parts = writer.finish()?;
        parts.endpoint_params = context.into_values();
        Ok(parts)
    }

    fn start(self: &Arc<Self>, spec: &'static OperationSpec, parts: Result<RequestParts, BuildError>) -> Call {
        let runtime = Arc::clone(self);
        Box::pin(async move {
            match parts {
                Ok(parts) => runtime.call(spec, parts).await,
                Err(e) => Err(Failure::Construction(Box::new(e))),
            }
        })
    }
}

impl<O: ReadResponse, E> Future for SendFuture<O, E> {
    type Output = Result<O, SdkError<E, HttpResponse>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        this.call.as_mut().poll(cx).map(|answer| match answer {
            Ok(raw) => read_output(this.spec, this.protocol, raw),
            Err(failure) => Err(into_sdk_error_for(failure, this.de_error, this.spec)),
        })
    }
}

/// Reads a successful response into the output.
pub fn read_output<O: ReadResponse, E>(
    spec: &OperationSpec,
    protocol: crate::protocol::Protocol,
    mut raw: HttpResponse,
) -> Result<O, SdkError<E, HttpResponse>> {
    let result = if spec.streaming_output {
        let stream = std::mem::replace(raw.body_mut(), SdkBody::taken());
        O::read_response(&mut ResponseReader::streaming(&raw, protocol, stream))
    } else {
        O::read_response(&mut ResponseReader::new(&raw, protocol))
    };
    match result {
        Ok(output) => Ok(output),
        Err(e) => Err(SdkError::response_error(e, redact(raw, spec.sensitive_output, spec.sensitive_headers))),
    }
}
