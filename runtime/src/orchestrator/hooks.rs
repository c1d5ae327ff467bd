//! Running one hook of every interceptor: the configuration's first, then the call's own
//! (`customize()`), each given the phase's view of the context. Every enabled interceptor runs
//! even when an earlier one fails; the last error is the hook's (earlier ones are logged), as
//! the AWS SDKs do.

use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextMut, BeforeDeserializationInterceptorContextRef,
    BeforeSerializationInterceptorContextMut, BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextMut, FinalizerInterceptorContextRef, InterceptorContext,
};
use aws_smithy_runtime_api::client::interceptors::{Intercept, InterceptorError, SharedInterceptor};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use crate::error::BoxError;

/// The interceptors of one call, in the order they run.
#[derive(Debug, Default, Clone)]
pub struct Interceptors {
    list: Vec<SharedInterceptor>,
}

impl Interceptors {
    /// The configuration's interceptors followed by the call's own.
    pub fn new(config: &[SharedInterceptor], call: &[SharedInterceptor]) -> Self {
        Interceptors { list: config.iter().chain(call).cloned().collect() }
    }

    /// The interceptors enabled in this call's configuration.
    fn enabled(&self, cfg: &ConfigBag) -> Vec<SharedInterceptor> {
        self.list.iter().filter(|i| i.enabled(cfg)).cloned().collect()
    }

    /// Runs `hook` on every enabled interceptor; the last error, if any, with the name of the
    /// interceptor that raised it.
    fn run(
        &self,
        cfg: &mut ConfigBag,
        mut hook: impl FnMut(&SharedInterceptor, &mut ConfigBag) -> Result<(), BoxError>,
    ) -> Result<(), (&'static str, BoxError)> {
        let mut last: Option<(&'static str, BoxError)> = None;
        for interceptor in self.enabled(cfg) {
            if let Err(error) = hook(&interceptor, cfg) {
                if let Some((earlier, e)) = last.replace((interceptor.name(), error)) {
                    tracing::debug!("interceptor `{earlier}` failed ({e}), and a later one failed too");
                }
            }
        }
        last.map_or(Ok(()), Err)
    }

    /// `read_before_execution`, which sees no runtime components.
    pub fn read_before_execution(&self, ctx: &InterceptorContext, cfg: &mut ConfigBag) -> Result<(), InterceptorError> {
        let view = BeforeSerializationInterceptorContextRef::from(ctx);
        self.run(cfg, |i, cfg| i.read_before_execution(&view, cfg)).map_err(|(name, e)| InterceptorError::read_before_execution(name, e))
    }
}

/// A hook whose view of the context is read-only.
macro_rules! read_hook {
    ($name:ident, $view:ident) => {
        #[doc = concat!("Runs `", stringify!($name), "` on every enabled interceptor.")]
        pub fn $name(&self, ctx: &InterceptorContext, rc: &RuntimeComponents, cfg: &mut ConfigBag) -> Result<(), InterceptorError> {
            let view = $view::from(ctx);
            self.run(cfg, |i, cfg| i.$name(&view, rc, cfg)).map_err(|(name, e)| InterceptorError::$name(name, e))
        }
    };
}

/// A hook that may change the context.
macro_rules! modify_hook {
    ($name:ident, $view:ident) => {
        #[doc = concat!("Runs `", stringify!($name), "` on every enabled interceptor.")]
        pub fn $name(&self, ctx: &mut InterceptorContext, rc: &RuntimeComponents, cfg: &mut ConfigBag) -> Result<(), InterceptorError> {
            let mut view = $view::from(ctx);
            self.run(cfg, |i, cfg| i.$name(&mut view, rc, cfg)).map_err(|(name, e)| InterceptorError::$name(name, e))
        }
    };
}

impl Interceptors {
    modify_hook!(modify_before_serialization, BeforeSerializationInterceptorContextMut);
    read_hook!(read_before_serialization, BeforeSerializationInterceptorContextRef);
    read_hook!(read_after_serialization, BeforeTransmitInterceptorContextRef);
    modify_hook!(modify_before_retry_loop, BeforeTransmitInterceptorContextMut);
    read_hook!(read_before_attempt, BeforeTransmitInterceptorContextRef);
    modify_hook!(modify_before_signing, BeforeTransmitInterceptorContextMut);
    read_hook!(read_before_signing, BeforeTransmitInterceptorContextRef);
    read_hook!(read_after_signing, BeforeTransmitInterceptorContextRef);
    modify_hook!(modify_before_transmit, BeforeTransmitInterceptorContextMut);
    read_hook!(read_before_transmit, BeforeTransmitInterceptorContextRef);
    read_hook!(read_after_transmit, BeforeDeserializationInterceptorContextRef);
    modify_hook!(modify_before_deserialization, BeforeDeserializationInterceptorContextMut);
    read_hook!(read_before_deserialization, BeforeDeserializationInterceptorContextRef);
    read_hook!(read_after_deserialization, AfterDeserializationInterceptorContextRef);
    modify_hook!(modify_before_attempt_completion, FinalizerInterceptorContextMut);
    read_hook!(read_after_attempt, FinalizerInterceptorContextRef);
    modify_hook!(modify_before_completion, FinalizerInterceptorContextMut);
    read_hook!(read_after_execution, FinalizerInterceptorContextRef);
}
