//! The typed ends of a call: how an operation's input becomes request parts and how a response
//! becomes its output or error. The lifecycle between them works on type-erased values (what
//! interceptors see), so it is compiled once; only this small adapter is instantiated per
//! operation, in the program that calls it.

use std::fmt;
use std::marker::PhantomData;

use aws_smithy_runtime_api::client::interceptors::context::{Error, Input, Output};
use aws_smithy_runtime_api::client::orchestrator::OrchestratorError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::error::ErrorMetadata;

use crate::client::{HttpResponse, OperationSpec, Runtime};
use crate::error::BoxError;
use crate::request::{RequestParts, WriteRequest};
use crate::response::{ReadResponse, ResponseReader};

/// Reads an operation's modelled error from the error metadata and the raw response.
pub type ErrorParser<E> = fn(ErrorMetadata, &HttpResponse) -> E;

/// The per-operation ends of a call, behind a trait object so the lifecycle is not generic.
pub trait OperationCodec: Send + Sync + fmt::Debug {
    /// Writes the (type-erased) input's request parts: unset idempotency tokens filled, the
    /// endpoint parameters it carries gathered.
    fn serialize(&self, input: Input, runtime: &Runtime) -> Result<RequestParts, BoxError>;

    /// Reads a response: a success into the output, an error status (or an error document in a
    /// 2xx, for services that send those) into the operation's error.
    fn deserialize(&self, response: &mut HttpResponse, runtime: &Runtime, op: &OperationSpec) -> Result<Output, OrchestratorError<Error>>;

    /// The code and message of an operation error, for retry decisions.
    fn error_metadata<'a>(&self, error: &'a Error) -> Option<&'a ErrorMetadata>;
}

/// The operation's types, without owning any value of them.
type Types<I, O, E> = PhantomData<fn() -> (I, O, E)>;

/// The codec of an operation with input `I`, output `O` and error `E`.
pub struct Codec<I, O, E> {
    de_error: ErrorParser<E>,
    types: Types<I, O, E>,
}

impl<I, O, E> Codec<I, O, E> {
    /// The codec that reads errors with `de_error`.
    pub fn new(de_error: ErrorParser<E>) -> Self {
        Codec { de_error, types: PhantomData }
    }
}

impl<I, O, E> fmt::Debug for Codec<I, O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Codec")
    }
}

impl<I, O, E> OperationCodec for Codec<I, O, E>
where
    I: WriteRequest + fmt::Debug + Send + Sync + 'static,
    O: ReadResponse + fmt::Debug + Send + Sync + 'static,
    E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
{
    #[inline]
    fn serialize(&self, input: Input, runtime: &Runtime) -> Result<RequestParts, BoxError> {
        let input: I = input.downcast().map_err(|_| "the input an interceptor left is not this operation's input type")?;
        Ok(runtime.request_parts(input)?)
    }

    #[inline]
    fn deserialize(&self, response: &mut HttpResponse, runtime: &Runtime, op: &OperationSpec) -> Result<Output, OrchestratorError<Error>> {
        if let Some(meta) = runtime.error_metadata(response, op) {
            let error = (self.de_error)(meta, response);
            return Err(OrchestratorError::operation(Error::erase(error)));
        }
        let protocol = runtime.service().protocol;
        let output = if op.streaming_output {
            let stream = runtime.take_output_stream(response, op);
            O::read_response(&mut ResponseReader::streaming(response, protocol, stream))
        } else {
            O::read_response(&mut ResponseReader::new(response, protocol))
        };
        output.map(Output::erase).map_err(OrchestratorError::response)
    }

    #[inline]
    fn error_metadata<'a>(&self, error: &'a Error) -> Option<&'a ErrorMetadata> {
        error.downcast_ref::<E>().map(ProvideErrorMetadata::meta)
    }
}
