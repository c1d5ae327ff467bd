//! The call lifecycle of the AWS SDKs' orchestrator, over `aws-smithy-runtime-api`'s types:
//! an [`InterceptorContext`] carries the type-erased input, the request, the response and the
//! output or error through the phases, every interceptor hook runs where the SDKs run it (per
//! attempt where they run per attempt), a hook's error ends the call the way theirs does (the
//! context's phase decides the `SdkError` variant), and the output or error the context holds
//! at the end, possibly replaced by a hook, is what the caller receives.
//!
//! Order of one call:
//! `read_before_execution`, `modify_before_serialization`, `read_before_serialization`,
//! serialization (with identity and endpoint resolution), `read_after_serialization`,
//! `modify_before_retry_loop`, then per attempt `read_before_attempt`, `modify_before_signing`,
//! `read_before_signing`, signing, `read_after_signing`, `modify_before_transmit`,
//! `read_before_transmit`, transmission, `read_after_transmit`, `modify_before_deserialization`,
//! `read_before_deserialization`, deserialization, `read_after_deserialization`,
//! `modify_before_attempt_completion`, `read_after_attempt`; and last `modify_before_completion`
//! and `read_after_execution`.

mod codec;
mod hooks;
mod retry;
mod stall;

pub use stall::{IdleTimeout, StalledStream};
pub(crate) use stall::{guard_download, guard_idle};

use aws_smithy_async::future::timeout::Timeout;
use aws_smithy_runtime_api::client::interceptors::context::{Error, Input, InterceptorContext, Output, RewindResult};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use aws_smithy_runtime_api::client::orchestrator::{Metadata, OrchestratorError};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::config_bag::{ConfigBag, Layer};

use crate::client::{HttpResponse, OperationSpec, Runtime};

pub use codec::{Codec, ErrorParser, OperationCodec};
pub use hooks::Interceptors;

/// Ends the current step on an error: the context fails with it and the function returns.
macro_rules! halt {
    ($ctx:expr, $result:expr) => {
        match $result {
            Ok(value) => value,
            Err(error) => {
                $ctx.fail(OrchestratorError::from(error));
                return;
            }
        }
    };
}

/// What a call needs besides its context and configuration bag.
struct Call<'a> {
    runtime: &'a Runtime,
    op: &'static OperationSpec,
    codec: &'a dyn OperationCodec,
    hooks: Interceptors,
    goal: Goal,
}

/// What a call is for.
#[derive(Debug)]
pub enum Goal {
    /// Sending the request and reading the response.
    Send,
    /// Signing the request in its query string and stopping after `read_before_transmit`: the
    /// output is the [`PresignedRequest`](crate::presigning::PresignedRequest).
    Presign(crate::presigning::PresigningConfig),
}

/// Runs one operation through the whole lifecycle, within the operation timeout.
pub async fn invoke(
    runtime: &Runtime,
    op: &'static OperationSpec,
    codec: Box<dyn OperationCodec>,
    input: Input,
    call_interceptors: Vec<SharedInterceptor>,
) -> Result<Output, SdkError<Error, HttpResponse>> {
    invoke_for(runtime, op, codec, input, call_interceptors, Goal::Send).await
}

/// [`invoke`] for a goal: sending, or presigning.
pub async fn invoke_for(
    runtime: &Runtime,
    op: &'static OperationSpec,
    codec: Box<dyn OperationCodec>,
    input: Input,
    call_interceptors: Vec<SharedInterceptor>,
    goal: Goal,
) -> Result<Output, SdkError<Error, HttpResponse>> {
    let hooks = Interceptors::new(runtime.interceptors(), &call_interceptors);
    let call = Call { runtime, op, codec: codec.as_ref(), hooks, goal };
    let mut cfg = operation_bag(runtime, op);
    let mut ctx = InterceptorContext::new(input);
    match runtime.timeouts().operation_timeout() {
        Some(limit) => {
            let lifecycle = execute(&call, &mut ctx, &mut cfg);
            if Timeout::new(lifecycle, runtime.sleep(limit)).await.is_err() {
                return Err(SdkError::timeout_error(Box::new(crate::client::TimedOut::new("operation", limit))));
            }
        }
        None => execute(&call, &mut ctx, &mut cfg).await,
    }
    runtime.redact_failure(&mut ctx, op);
    ctx.finalize()
}

/// The configuration bag of one call: the operation's metadata, and the interceptors' state.
fn operation_bag(runtime: &Runtime, op: &OperationSpec) -> ConfigBag {
    let mut layer = Layer::new("operation");
    layer.store_put(Metadata::new(op.name, runtime.service().sdk_id));
    ConfigBag::of_layers(vec![layer])
}

/// Everything from `read_before_execution` to `read_after_execution`; failures are left in
/// the context.
async fn execute(call: &Call<'_>, ctx: &mut InterceptorContext, cfg: &mut ConfigBag) {
    run_until_completion(call, ctx, cfg).await;
    let rc = call.runtime.components();
    if let Err(error) = call.hooks.modify_before_completion(ctx, rc, cfg) {
        ctx.fail(error.into());
    }
    if let Err(error) = call.hooks.read_after_execution(ctx, rc, cfg) {
        ctx.fail(error.into());
    }
}

async fn run_until_completion(call: &Call<'_>, ctx: &mut InterceptorContext, cfg: &mut ConfigBag) {
    let rc = call.runtime.components();
    halt!(ctx, call.hooks.read_before_execution(ctx, cfg));
    halt!(ctx, call.hooks.modify_before_serialization(ctx, rc, cfg));
    halt!(ctx, call.hooks.read_before_serialization(ctx, rc, cfg));
    ctx.enter_serialization_phase();
    let Some(input) = ctx.take_input() else {
        ctx.fail(OrchestratorError::other("the input was taken before serialization"));
        return;
    };
    let parts = halt!(ctx, call.codec.serialize(input, call.runtime).map_err(OrchestratorError::other));
    let prepared = halt!(ctx, call.runtime.prepare(call.op, parts).await.map_err(OrchestratorError::other));
    ctx.set_request(prepared.request);
    ctx.enter_before_transmit_phase();
    halt!(ctx, call.hooks.read_after_serialization(ctx, rc, cfg));
    halt!(ctx, call.hooks.modify_before_retry_loop(ctx, rc, cfg));
    attempts(call, &prepared.signing, ctx, cfg).await;
}

/// The retry loop: attempts until one succeeds, the failure is not retryable, the attempts run
/// out, or the request cannot be sent again.
async fn attempts(call: &Call<'_>, signing: &crate::client::Signing, ctx: &mut InterceptorContext, cfg: &mut ConfigBag) {
    let runtime = call.runtime;
    let max = runtime.retry_config().max_attempts().max(1);
    ctx.save_checkpoint();
    // A body that cannot be sent again (an event stream, a one-shot stream) gets one attempt:
    // the loop ends before a backoff it could not use.
    let replayable = ctx.request().is_some_and(|request| request.try_clone().is_some());
    let mut attempt: u32 = 1;
    loop {
        // The first rewind only marks the context as used; later ones restore the request as
        // it was before the first attempt (impossible for a body that cannot be replayed).
        if matches!(ctx.rewind(cfg), RewindResult::Impossible) {
            break;
        }
        let one = try_attempt(call, signing, ctx, cfg, attempt, max);
        match runtime.timeouts().operation_attempt_timeout() {
            Some(limit) => {
                if Timeout::new(one, runtime.sleep(limit)).await.is_err() {
                    let timed_out = crate::client::TimedOut::new("operation attempt", limit);
                    ctx.fail(OrchestratorError::timeout(Box::new(timed_out)));
                }
            }
            None => one.await,
        }
        finish_attempt(call, ctx, cfg);
        let kind = match retry::should_retry(call.runtime, call.op, call.codec, ctx, cfg) {
            Some(kind) if attempt < max && replayable => kind,
            _ => break,
        };
        runtime.sleep(retry::backoff(runtime.retry_config(), attempt, kind, runtime.non_throttling_backoff())).await;
        attempt = attempt.saturating_add(1);
    }
}

/// The presigned request a presigning call ends with.
fn presigned(request: aws_smithy_runtime_api::client::orchestrator::HttpRequest) -> Result<crate::presigning::PresignedRequest, OrchestratorError<Error>> {
    let request = request.try_into_http1x().map_err(OrchestratorError::other)?;
    let (parts, _body) = request.into_parts();
    Ok(crate::presigning::PresignedRequest::new(parts.method, parts.uri.to_string(), parts.headers))
}

/// `modify_before_attempt_completion` and `read_after_attempt`, which run however the attempt
/// ended.
fn finish_attempt(call: &Call<'_>, ctx: &mut InterceptorContext, cfg: &mut ConfigBag) {
    let rc = call.runtime.components();
    if let Err(error) = call.hooks.modify_before_attempt_completion(ctx, rc, cfg) {
        ctx.fail(error.into());
    }
    if let Err(error) = call.hooks.read_after_attempt(ctx, rc, cfg) {
        ctx.fail(error.into());
    }
}

/// One attempt, from `read_before_attempt` to `read_after_deserialization`.
async fn try_attempt(
    call: &Call<'_>,
    signing: &crate::client::Signing,
    ctx: &mut InterceptorContext,
    cfg: &mut ConfigBag,
    attempt: u32,
    max: u32,
) {
    let (runtime, rc) = (call.runtime, call.runtime.components());
    halt!(ctx, call.hooks.read_before_attempt(ctx, rc, cfg));
    if let Some(request) = ctx.request_mut() {
        runtime.mark_attempt(request, attempt, max);
    }
    halt!(ctx, call.hooks.modify_before_signing(ctx, rc, cfg));
    halt!(ctx, call.hooks.read_before_signing(ctx, rc, cfg));
    if let Some(request) = ctx.request_mut() {
        let signed = match &call.goal {
            Goal::Send => runtime.sign(request, signing),
            Goal::Presign(config) => runtime.presign_request(request, signing, config),
        };
        halt!(ctx, signed.map_err(OrchestratorError::other));
    }
    halt!(ctx, call.hooks.read_after_signing(ctx, rc, cfg));
    halt!(ctx, call.hooks.modify_before_transmit(ctx, rc, cfg));
    halt!(ctx, call.hooks.read_before_transmit(ctx, rc, cfg));
    let Some(request) = ctx.take_request() else {
        ctx.fail(OrchestratorError::other("the request was taken before transmission"));
        return;
    };
    if let Goal::Presign(_) = call.goal {
        let presigned = halt!(ctx, presigned(request));
        ctx.set_output_or_error(Ok(Output::erase(presigned)));
        return;
    }
    ctx.enter_transmit_phase();
    let response = halt!(ctx, runtime.transmit(request).await.map_err(OrchestratorError::connector));
    ctx.set_response(response);
    ctx.enter_before_deserialization_phase();
    halt!(ctx, call.hooks.read_after_transmit(ctx, rc, cfg));
    halt!(ctx, call.hooks.modify_before_deserialization(ctx, rc, cfg));
    halt!(ctx, call.hooks.read_before_deserialization(ctx, rc, cfg));
    ctx.enter_deserialization_phase();
    if let Some(response) = ctx.response_mut() {
        halt!(ctx, runtime.read_body(response, call.op).await.map_err(OrchestratorError::response));
    }
    let result = match ctx.response_mut() {
        Some(response) => call.codec.deserialize(response, runtime, call.op),
        None => Err(OrchestratorError::other("the response was taken before deserialization")),
    };
    ctx.set_output_or_error(result);
    ctx.enter_after_deserialization_phase();
    halt!(ctx, call.hooks.read_after_deserialization(ctx, rc, cfg));
}
