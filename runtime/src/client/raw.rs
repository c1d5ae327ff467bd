//! [`Runtime::call`](super::Runtime::call): a call from request parts already written, through
//! the same lifecycle as a generated operation's, answered with the raw response or a
//! [`Failure`]. Its codec passes the parts through and keeps the response as the output.

use std::sync::Mutex;

use aws_smithy_runtime_api::client::interceptors::context::{Error, Input, Output};
use aws_smithy_runtime_api::client::orchestrator::OrchestratorError;
use aws_smithy_runtime_api::client::result::{ConnectorError, SdkError};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;

use super::{Failure, HttpResponse, Message, OperationSpec, Runtime};
use crate::error::BoxError;
use crate::orchestrator::OperationCodec;
use crate::request::RequestParts;

/// Request parts as the call's input (they are taken once, at serialization).
#[derive(Debug)]
struct Parts(Mutex<Option<RequestParts>>);

/// The response of a successful call, as its output.
#[derive(Debug)]
struct Raw(HttpResponse);

#[derive(Debug)]
struct RawCodec;

impl OperationCodec for RawCodec {
    fn serialize(&self, input: Input, _runtime: &Runtime) -> Result<RequestParts, BoxError> {
        let parts: Parts = input.downcast().map_err(|_| "the input is not request parts")?;
        let taken = parts.0.into_inner().map_err(|_| "the request parts were poisoned")?;
        taken.ok_or_else(|| "the request parts were taken".into())
    }

    fn deserialize(&self, response: &mut HttpResponse, runtime: &Runtime, op: &OperationSpec) -> Result<Output, OrchestratorError<Error>> {
        if let Some(meta) = runtime.error_metadata(response, op) {
            return Err(OrchestratorError::operation(Error::erase(meta)));
        }
        let body = std::mem::replace(response.body_mut(), SdkBody::taken());
        let mut raw = HttpResponse::new(response.status(), body);
        *raw.headers_mut() = response.headers().clone();
        Ok(Output::erase(Raw(raw)))
    }

    fn error_metadata<'a>(&self, error: &'a Error) -> Option<&'a ErrorMetadata> {
        error.downcast_ref::<ErrorMetadata>()
    }
}

/// Runs the call and turns its outcome back into the raw response or a [`Failure`].
pub(super) async fn call(runtime: &Runtime, op: &'static OperationSpec, parts: RequestParts) -> Result<HttpResponse, Failure> {
    let input = Input::erase(Parts(Mutex::new(Some(parts))));
    match crate::orchestrator::invoke(runtime, op, Box::new(RawCodec), input, Vec::new()).await {
        Ok(output) => output.downcast::<Raw>().map(|raw| raw.0).map_err(|_| Failure::Construction("an interceptor replaced the output".into())),
        Err(error) => Err(failure(error)),
    }
}

/// The failure an `SdkError` of a raw call stands for.
fn failure(error: SdkError<Error, HttpResponse>) -> Failure {
    let describe = |e: &SdkError<Error, HttpResponse>| -> BoxError {
        Box::new(Message(std::error::Error::source(e).map_or_else(|| e.to_string(), ToString::to_string)))
    };
    match error {
        SdkError::ServiceError(service) => {
            let meta = service.err().downcast_ref::<ErrorMetadata>().cloned().unwrap_or_default();
            Failure::Service { meta, raw: service.into_raw() }
        }
        SdkError::ResponseError(ref response) => {
            let source = describe(&error);
            Failure::Response { source, raw: clone_head(response.raw()) }
        }
        SdkError::DispatchFailure(_) => match error.into_source().map(|s| s.downcast::<ConnectorError>()) {
            Ok(Ok(connector)) => Failure::Dispatch(*connector),
            Ok(Err(other)) => Failure::Dispatch(ConnectorError::other(other, None)),
            Err(e) => Failure::Construction(describe(&e)),
        },
        SdkError::TimeoutError(_) => Failure::Timeout(describe(&error)),
        other => Failure::Construction(describe(&other)),
    }
}

/// The status, headers and (in-memory) body of a response.
fn clone_head(raw: &HttpResponse) -> HttpResponse {
    let body = raw.body().bytes().map(|b| SdkBody::from(b.to_vec())).unwrap_or_else(SdkBody::empty);
    let mut copy = HttpResponse::new(raw.status(), body);
    *copy.headers_mut() = raw.headers().clone();
    copy
}
