//! The future a generated `send()` returns.
//!
//! Everything asynchronous about a call (the interceptor lifecycle, signing, sending,
//! retrying, reading the body) lives in [`crate::orchestrator::invoke`], compiled once in this
//! crate over type-erased values. A generated operation only hands over its input, its
//! operation facts and how to read its errors, and the per-operation part of a call is the
//! small synchronous [`SendFuture::poll`] (which gives the output and error their types back),
//! instantiated only where a program awaits it.

// `SdkError` carries the raw response inline, as its definition does; the error path is not hot.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use aws_smithy_runtime_api::client::interceptors::context::{Error, Input, Output};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::error::operation::BuildError;

use crate::client::{redact, HttpResponse, OperationSpec, Runtime, SdkError};
use crate::customize::Customizations;
use crate::orchestrator::Codec;
pub use crate::orchestrator::ErrorParser;
use crate::request::{RequestParts, RequestWriter, WriteRequest};
use crate::response::{ReadResponse, ResponseReader};

/// A call under way, type-erased.
pub(crate) type Call = Pin<Box<dyn Future<Output = Result<Output, SdkError<Error, HttpResponse>>> + Send>>;

/// A request on its way: resolves to the operation's output, or an [`SdkError`] carrying the
/// operation's error type `E`. Nothing is sent until it is first polled.
#[must_use = "a request is only sent when its future is awaited"]
pub struct SendFuture<O, E> {
    call: Call,
    operation: &'static str,
    types: PhantomData<fn() -> (O, E)>,
}

impl<O, E> fmt::Debug for SendFuture<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture").field("operation", &self.operation).finish_non_exhaustive()
    }
}

impl Runtime {
    /// Starts an operation with `input` (a builder's `build()` result) and returns the future
    /// of its output. A build error surfaces as a construction failure when awaited.
    pub fn send<I, O, E>(self: &Arc<Self>, spec: &'static OperationSpec, input: Result<I, BuildError>, de_error: ErrorParser<E>) -> SendFuture<O, E>
    where
        I: WriteRequest + fmt::Debug + Send + Sync + 'static,
        O: ReadResponse + fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
    {
        self.send_customized(spec, input, de_error, Customizations::default())
    }

    /// [`Runtime::send`] with a call's own interceptors and configuration override.
    pub fn send_customized<I, O, E>(
        self: &Arc<Self>,
        spec: &'static OperationSpec,
        input: Result<I, BuildError>,
        de_error: ErrorParser<E>,
        customizations: Customizations,
    ) -> SendFuture<O, E>
    where
        I: WriteRequest + fmt::Debug + Send + Sync + 'static,
        O: ReadResponse + fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
    {
        let call = self.start::<I, O, E>(spec, input, de_error, customizations, crate::orchestrator::Goal::Send);
        SendFuture { call, operation: spec.name, types: PhantomData }
    }

    /// Presigns an operation with `input` instead of sending it: the call runs as
    /// [`Runtime::send_customized`]'s would up to `read_before_transmit` (one attempt), with the
    /// request signed in its query string for `config`, and resolves to that request.
    pub fn presign<I, O, E>(
        self: &Arc<Self>,
        spec: &'static OperationSpec,
        input: Result<I, BuildError>,
        de_error: ErrorParser<E>,
        customizations: Customizations,
        config: crate::presigning::PresigningConfig,
    ) -> crate::presigning::PresignFuture<E>
    where
        I: WriteRequest + fmt::Debug + Send + Sync + 'static,
        O: ReadResponse + fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
    {
        let call = self.start::<I, O, E>(spec, input, de_error, customizations, crate::orchestrator::Goal::Presign(config));
        crate::presigning::PresignFuture { call, operation: spec.name, error: PhantomData }
    }

    /// The call's future, type-erased: the lifecycle for `goal` with the customizations (a
    /// configuration override makes a runtime of its own), or the build error.
    fn start<I, O, E>(
        self: &Arc<Self>,
        spec: &'static OperationSpec,
        input: Result<I, BuildError>,
        de_error: ErrorParser<E>,
        customizations: Customizations,
        goal: crate::orchestrator::Goal,
    ) -> Call
    where
        I: WriteRequest + fmt::Debug + Send + Sync + 'static,
        O: ReadResponse + fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
    {
        let input = match input {
            Ok(input) => Input::erase(input),
            Err(e) => return Box::pin(std::future::ready(Err(SdkError::construction_failure(e)))),
        };
        let runtime = match &customizations.config_override {
            Some(over) => Arc::new(self.with_config_override(over)),
            None => Arc::clone(self),
        };
        let codec = Box::new(Codec::<I, O, E>::new(de_error));
        Box::pin(async move { crate::orchestrator::invoke_for(&runtime, spec, codec, input, customizations.interceptors, goal).await })
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
}

impl<O: fmt::Debug + Send + Sync + 'static, E: std::error::Error + fmt::Debug + Send + Sync + 'static> Future for SendFuture<O, E> {
    type Output = Result<O, SdkError<E, HttpResponse>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.call.as_mut().poll(cx).map(typed)
    }
}

/// The output and error with their types back. An interceptor that left a value of another
/// type makes the call a construction failure rather than a panic.
pub(crate) fn typed<O: fmt::Debug + Send + Sync + 'static, E: std::error::Error + fmt::Debug + Send + Sync + 'static>(
    result: Result<Output, SdkError<Error, HttpResponse>>,
) -> Result<O, SdkError<E, HttpResponse>> {
    let error = match result {
        Ok(output) => {
            return output.downcast::<O>().map_err(|_| SdkError::construction_failure("an interceptor replaced the output with a value of another type"))
        }
        Err(error) => error,
    };
    if error.as_service_error().is_some_and(|e| e.downcast_ref::<E>().is_none()) {
        return Err(SdkError::construction_failure("an interceptor replaced the error with a value of another type"));
    }
    Err(error.map_service_error(|e| match e.downcast::<E>() {
        Ok(e) => e,
        Err(_) => unreachable!("the error's type was checked above"),
    }))
}

/// Reads a successful response into the output.
pub fn read_output<O: ReadResponse, E>(
    spec: &OperationSpec,
    protocol: crate::protocol::Protocol,
    mut raw: HttpResponse,
) -> Result<O, SdkError<E, HttpResponse>> {
    let result = if spec.streaming_output {
        let stream = output_stream(spec, protocol, &mut raw);
        O::read_response(&mut ResponseReader::streaming(&raw, protocol, stream))
    } else {
        O::read_response(&mut ResponseReader::new(&raw, protocol))
    };
    match result {
        Ok(output) => Ok(output),
        Err(e) => Err(SdkError::response_error(e, redact(raw, spec.sensitive_output, spec.sensitive_headers))),
    }
}

/// The stream of an output read whole: for an RPC event stream, what follows the
/// `initial-response` message (whose document the response keeps as its body).
#[cfg(feature = "event-stream")]
fn output_stream(spec: &OperationSpec, protocol: crate::protocol::Protocol, raw: &mut HttpResponse) -> SdkBody {
    // Only a body held in memory is read at once (another is left as it is).
    if spec.event_stream_output && protocol.is_rpc() && raw.body().bytes().is_some() {
        let _ = crate::endpoint::poll_once(crate::event_stream::initial::pre_read(raw));
        return crate::event_stream::initial::take_stream(raw);
    }
    std::mem::replace(raw.body_mut(), SdkBody::taken())
}

#[cfg(not(feature = "event-stream"))]
fn output_stream(_spec: &OperationSpec, _protocol: crate::protocol::Protocol, raw: &mut HttpResponse) -> SdkBody {
    std::mem::replace(raw.body_mut(), SdkBody::taken())
}
