//! What `customize()` adds to one call: interceptors of its own (after the configuration's), and
//! a configuration override whose set fields win over the client's for that call only. A
//! generated crate's `client::customize::CustomizableOperation` holds these; `map_request` and
//! `mutate_request` are interceptors that change the request before it is signed.

use std::fmt;
use std::marker::PhantomData;

use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use crate::error::BoxError;
use crate::send::SendFuture;

/// The customizations of one call.
#[derive(Debug, Default, Clone)]
pub struct Customizations {
    pub(crate) interceptors: Vec<SharedInterceptor>,
    pub(crate) config_override: Option<crate::config::Builder>,
}

impl Customizations {
    /// Adds an interceptor that runs (after the configuration's) for this call only.
    pub fn push_interceptor(&mut self, interceptor: SharedInterceptor) {
        self.interceptors.push(interceptor);
    }

    /// Overrides the client's configuration for this call: the settings `config` sets win,
    /// the rest are the client's (several overrides add up, later ones winning).
    pub fn push_config_override(&mut self, config: crate::config::Builder) {
        self.config_override = Some(match self.config_override.take() {
            Some(earlier) => earlier.merged_with(&config),
            None => config,
        });
    }
}

/// A fluent builder that can be sent with customizations (implemented by every generated
/// operation's fluent builder).
pub trait CustomizableSend<O, E>: Sized {
    /// Sends the operation with `customizations`.
    fn send_customized(self, customizations: Customizations) -> SendFuture<O, E>;
}

/// A fluent builder whose operation can be presigned with a call's customizations
/// (`customize().presigned(..)`).
pub trait CustomizablePresign<O, E>: Sized {
    /// Presigns the operation with `customizations`.
    fn presign_customized(self, customizations: Customizations, config: crate::presigning::PresigningConfig) -> crate::presigning::PresignFuture<E>;
}

/// Changes the request before it is signed, and may fail the call (`map_request`).
pub struct MapRequest<F, MapErr> {
    map: F,
    error: PhantomData<fn() -> MapErr>,
}

impl<F, MapErr> MapRequest<F, MapErr> {
    /// The interceptor that applies `map`.
    pub fn new(map: F) -> Self {
        MapRequest { map, error: PhantomData }
    }
}

impl<F, MapErr> fmt::Debug for MapRequest<F, MapErr> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MapRequest")
    }
}

impl<F, MapErr> Intercept for MapRequest<F, MapErr>
where
    F: Fn(HttpRequest) -> Result<HttpRequest, MapErr> + Send + Sync + 'static,
    MapErr: std::error::Error + Send + Sync + 'static,
{
    fn name(&self) -> &'static str {
        "MapRequest"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = std::mem::replace(context.request_mut(), HttpRequest::empty());
        *context.request_mut() = (self.map)(request)?;
        Ok(())
    }
}

/// Changes the request in place before it is signed (`mutate_request`).
pub struct MutateRequest<F> {
    mutate: F,
}

impl<F> MutateRequest<F> {
    /// The interceptor that applies `mutate`.
    pub fn new(mutate: F) -> Self {
        MutateRequest { mutate }
    }
}

impl<F> fmt::Debug for MutateRequest<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MutateRequest")
    }
}

impl<F> Intercept for MutateRequest<F>
where
    F: Fn(&mut HttpRequest) + Send + Sync + 'static,
{
    fn name(&self) -> &'static str {
        "MutateRequest"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        (self.mutate)(context.request_mut());
        Ok(())
    }
}
