//! The runtime components calls are made with, from the configuration: what interceptors and
//! identity resolvers are handed (`RuntimeComponents`). The HTTP client, sleep, time source,
//! interceptors, retry classifiers and identity cache are the configuration's; the components
//! the SDKs' own orchestrator needs and this runtime does without (auth scheme and endpoint
//! resolvers, the retry strategy) are inert stand-ins.

use aws_smithy_async::rt::sleep::{SharedAsyncSleep, TokioSleep};
use aws_smithy_async::time::{SharedTimeSource, SystemTimeSource};
use aws_smithy_runtime_api::client::runtime_components::{RuntimeComponents, RuntimeComponentsBuilder};

use crate::config::Config;

/// The components of a runtime made with `config`.
pub(super) fn build(config: &Config) -> RuntimeComponents {
    let mut builder = crate::auth::inert_builder("smithy-client-runtime")
        .with_time_source(Some(config.time_source().unwrap_or_else(|| SharedTimeSource::new(SystemTimeSource::new()))))
        .with_sleep_impl(Some(config.sleep_impl().unwrap_or_else(|| SharedAsyncSleep::new(TokioSleep::new()))));
    if let Some(client) = config.http_client() {
        builder = builder.with_http_client(Some(client));
    }
    if let Some(cache) = config.identity_cache() {
        builder = builder.with_identity_cache(Some(cache));
    }
    for interceptor in config.interceptors() {
        builder.push_interceptor(interceptor.clone());
    }
    for classifier in config.retry_classifiers() {
        builder.push_retry_classifier(classifier.clone());
    }
    finish(builder)
}

/// The components, or (should the inert stand-ins ever not validate) the stand-ins alone.
fn finish(builder: RuntimeComponentsBuilder) -> RuntimeComponents {
    match builder.build() {
        Ok(components) => components,
        Err(e) => panic!("the runtime's own components do not validate: {e}"),
    }
}
