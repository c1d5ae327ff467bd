//! The fixed module files of a generated crate: lib.rs, client.rs, config.rs, error.rs,
//! operation.rs, primitives.rs, types.rs and the builder/error re-export modules.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::ident;
use crate::ir::{ClientProtocol, Crate, Module, RuntimeRule, StructKind, Structure};

/// `lib.rs`: crate attributes, crate docs, module declarations and the root re-exports.
pub fn emit_lib(c: &Crate) -> TokenStream {
    let protocol_tests = (!c.protocol_tests.is_empty() && c.service.client_protocol.is_some()).then(|| {
        quote! {
            #[cfg(test)]
            mod protocol_tests;
        }
    });
    let endpoint_tests = super::has_endpoint_tests(c).then(|| {
        quote! {
            #[cfg(test)]
            mod endpoint_tests;
        }
    });
    let waiters = super::waiters::has_waiters(c).then(|| {
        quote! {
            /// Waiters: poll an operation until the resource reaches the state you want (see
            /// [`client::Waiters`]).
            pub mod waiters;
        }
    });
    let presigning = has_presigning(c).then(|| {
        quote! {
            /// Presigned requests: `presigned(PresigningConfig)` on the fluent builder (or
            /// `customize()`) of an operation that can be presigned.
            pub mod presigning {
                pub use ::smithy_client_runtime::presigning::{PresignedRequest, PresigningConfig, PresigningConfigBuilder, PresigningConfigError};
            }
        }
    });
    let discovery = discovery_enabled(c).then(|| {
        quote! {
            /// Endpoint discovery: see `Client::with_endpoint_discovery_enabled`.
            pub mod endpoint_discovery {
                pub use ::smithy_client_runtime::endpoint_discovery::ReloadEndpoint;
            }
        }
    });
    let auth_token = c.service.auth_token.map(|kind| {
        let (module, doc) = match kind {
            crate::ir::AuthTokenKind::Rds => (quote!(rds), " Auth tokens for IAM database authentication: the password an RDS or Aurora database user connects with."),
            crate::ir::AuthTokenKind::Dsql => (quote!(dsql), " Auth tokens for Aurora DSQL: the password a cluster's roles connect with."),
        };
        quote! {
            #[doc = #doc]
            pub mod auth_token {
                pub use ::smithy_client_runtime::auth_token::#module::{AuthTokenGenerator, Config, ConfigBuilder};
                pub use ::smithy_client_runtime::auth_token::{AuthToken, BuildError};
            }
        }
    });
    let docs = crate_docs(c).into_iter().map(|line| {
        let text = if line.is_empty() { line } else { format!(" {line}") };
        quote!(#![doc = #text])
    });
    quote! {
        #![doc = include_str!("../README.md")]
        #![allow(deprecated)]
        #![allow(clippy::module_inception)]
        #![allow(clippy::upper_case_acronyms)]
        #![allow(clippy::large_enum_variant)]
        #![allow(clippy::wrong_self_convention)]
        #![allow(clippy::should_implement_trait)]
        #![allow(clippy::disallowed_names)]
        #![allow(clippy::type_complexity)]
        #![allow(clippy::derive_partial_eq_without_eq)]
        #![allow(clippy::result_large_err)]
        #![allow(clippy::new_without_default)]
        #![allow(clippy::doc_lazy_continuation)]
        #![allow(clippy::doc_overindented_list_items)]
        #![allow(clippy::too_long_first_doc_paragraph)]
        #![allow(clippy::empty_docs)]
        #![allow(clippy::deprecated_semver)]
        #![allow(rustdoc::bare_urls)]
        #![allow(rustdoc::invalid_html_tags)]
        #![allow(rustdoc::invalid_rust_codeblocks)]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #(#docs)*
        pub use error_meta::Error;
        #[doc(inline)]
        pub use config::Config;
        #[doc(inline)]
        pub use client::Client;
        /// The client and one method per operation.
        pub mod client;
        /// Client configuration.
        pub mod config;
        /// Common errors and error handling utilities.
        pub mod error;
        mod error_meta;
        /// Facts about this crate.
        pub mod meta {
            /// The version of this crate, as its `Cargo.toml` gives it.
            pub static PKG_VERSION: &str = ::std::env!("CARGO_PKG_VERSION");
        }
        /// All operations that this crate can perform.
        pub mod operation;
        /// Primitives such as `Blob` or `DateTime` used by other types.
        pub mod primitives;
        /// Data structures used by operation inputs/outputs.
        pub mod types;
        #waiters
        #presigning
        #discovery
        #auth_token
        #protocol_tests
        #endpoint_tests
    }
}

/// Whether the client offers endpoint discovery (it has the operations to send).
fn discovery_enabled(c: &Crate) -> bool {
    c.service.endpoint_discovery.is_some() && c.service.client_protocol.is_some() && !c.operations.is_empty()
}

/// `Client::with_endpoint_discovery_enabled`: the first discovery call, and a client whose
/// calls go to the discovered endpoint.
fn discovery_method(c: &Crate) -> Option<TokenStream> {
    let d = c.service.endpoint_discovery.as_ref().filter(|_| discovery_enabled(c))?;
    let rt = quote!(::smithy_client_runtime);
    let op = ident(&d.operation);
    let take = |(field, optional): &(String, bool), from: TokenStream| {
        let f = ident(field);
        if *optional {
            quote!(#from.#f.unwrap_or_default())
        } else {
            quote!(#from.#f)
        }
    };
    let list = take(&d.endpoints, quote!(output));
    let address = take(&d.address, quote!(endpoint));
    let minutes = take(&d.cache_minutes, quote!(endpoint));
    Some(quote! {
        impl Client {
            /// Enables endpoint discovery: the service names the endpoint its calls must go to,
            /// and how long it is valid. This makes the first discovery call and returns a
            /// client whose calls go to the discovered endpoint, with the
            /// [`ReloadEndpoint`](crate::endpoint_discovery::ReloadEndpoint) that refreshes it:
            /// spawn its `reload_task()` (or call `reload_once()` yourself).
            ///
            /// This method MUST be called to get a client that works with this service.
            pub async fn with_endpoint_discovery_enabled(
                self,
            ) -> ::std::result::Result<(Self, crate::endpoint_discovery::ReloadEndpoint), #rt::error::BoxError> {
                let conf = self.config().clone();
                let discovery_client = self;
                let discover = move || -> #rt::endpoint_discovery::DiscoveryFuture {
                    let client = discovery_client.clone();
                    ::std::boxed::Box::pin(async move {
                        let output = client.#op().send().await?;
                        let endpoint = #list.into_iter().next().ok_or("the discovery operation returned no endpoint")?;
                        let minutes = ::std::primitive::u64::try_from(#minutes).unwrap_or(0);
                        ::std::result::Result::Ok(#rt::endpoint_discovery::Discovered {
                            address: #address,
                            valid_for: ::std::time::Duration::from_secs(minutes.saturating_mul(60)),
                        })
                    })
                };
                let (resolver, reload) = #rt::endpoint_discovery::create_cache(discover, conf.sleep_impl(), conf.time_source()).await?;
                let mut builder = conf.to_builder();
                builder.set_discovered_endpoint_resolver(resolver);
                ::std::result::Result::Ok((Self::from_conf(builder.build()), reload))
            }
        }
    })
}

fn crate_docs(c: &Crate) -> Vec<String> {
    let mut lines = vec![String::new()];
    lines.push("## Using the client".to_owned());
    lines.push(String::new());
    lines.push(format!("[`Client`] has one method per operation of {}; each returns a fluent builder", c.service.display_name));
    lines.push("with one setter per input member. Inputs, outputs and the data types they use are in".to_owned());
    lines.push("[`operation`] and [`types`]; errors are typed per operation, and all of them convert into".to_owned());
    lines.push("[`Error`].".to_owned());
    if discovery_enabled(c) {
        lines.push(String::new());
        lines.push("## Endpoint discovery".to_owned());
        lines.push(String::new());
        lines.push(format!("{} names the endpoint each account's calls must go to. You MUST call", c.service.display_name));
        lines.push("[`Client::with_endpoint_discovery_enabled`] to get a client that works: it discovers the endpoint".to_owned());
        lines.push("and returns the client to use, with a [`ReloadEndpoint`](endpoint_discovery::ReloadEndpoint)".to_owned());
        lines.push("whose `reload_task()` keeps the endpoint fresh (spawn it on your runtime).".to_owned());
    }
    if !c.warnings.is_empty() {
        lines.push(String::new());
        lines.push("## Limitations of this crate".to_owned());
        lines.push(String::new());
        lines.extend(c.warnings.iter().map(|w| format!("- {}", escape_markdown(w))));
    }
    lines
}

fn escape_markdown(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// `client.rs`: the client handle, `Client`, and one `mod` per operation.
pub fn emit_client(c: &Crate) -> TokenStream {
    let doc = format!(" Client for calling {}.", c.service.display_name);
    let mods = c.operations.iter().map(|op| {
        let m = ident(&op.module);
        quote!(mod #m;)
    });
    let state = match c.service.client_protocol {
        Some(protocol) if !c.operations.is_empty() => runtime_handle(c, protocol),
        _ => quote! {
            /// State shared by a client and every request builder it hands out.
            #[derive(::std::fmt::Debug)]
            pub(crate) struct Handle {
                pub(crate) conf: crate::Config,
            }
            impl Handle {
                fn new(conf: crate::Config) -> Self {
                    Self { conf }
                }
                fn config(&self) -> &crate::Config {
                    &self.conf
                }
            }
        },
    };
    let customize = (c.service.client_protocol.is_some() && !c.operations.is_empty()).then(|| customize_module(has_presigning(c)));
    let test_runtime = super::has_endpoint_tests(c).then(|| {
        quote! {
            /// The runtime, for the endpoint tests.
            #[cfg(test)]
            pub(crate) fn runtime(&self) -> &::smithy_client_runtime::client::Runtime {
                &self.handle.runtime
            }
        }
    });
    let waiters = super::waiters::client_trait(c);
    let discovery = discovery_method(c);
    let sdk_config = c.service.aws.then(|| {
        quote! {
            /// Creates a client from shared AWS configuration (as loaded by `aws-config`).
            pub fn new(sdk_config: &::smithy_client_runtime::config::SdkConfig) -> Self {
                Self::from_conf(crate::config::Builder::from(sdk_config).build())
            }
        }
    });
    quote! {
        #state
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            handle: ::std::sync::Arc<Handle>,
        }
        impl Client {
            /// Creates a client from a service configuration.
            pub fn from_conf(conf: crate::Config) -> Self {
                Self { handle: ::std::sync::Arc::new(Handle::new(conf)) }
            }
            #sdk_config
            /// Returns the client's configuration.
            pub fn config(&self) -> &crate::Config {
                self.handle.config()
            }
            #test_runtime
        }
        #customize
        #waiters
        #discovery
        #(#mods)*
    }
}

/// `client::customize`: what `customize()` on a fluent builder returns (the machinery is the
/// runtime's; this type ties it to the crate's own configuration builder).
fn customize_module(presigning: bool) -> TokenStream {
    let rt = quote!(::smithy_client_runtime);
    let presigned = presigning.then(|| {
        quote! {
            /// Presigns the customized request instead of sending it (see the fluent builder's
            /// `presigned`).
            pub fn presigned(
                self,
                presigning_config: crate::presigning::PresigningConfig,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<crate::presigning::PresignedRequest, crate::error::SdkError<E, #rt::client::HttpResponse>>>
            where
                E: ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static,
                B: #rt::customize::CustomizablePresign<T, E>,
            {
                self.customizable_send.presign_customized(self.customizations, presigning_config)
            }
        }
    });
    quote! {
        /// Operations customized for one call: `customize()` on any fluent builder.
        pub mod customize {
            /// An operation with interceptors of its own, a request changed before signing, or a
            /// configuration override, for this call only; `send()` it as the fluent builder.
            pub struct CustomizableOperation<T, E, B> {
                customizable_send: B,
                customizations: #rt::customize::Customizations,
                _output: ::std::marker::PhantomData<T>,
                _error: ::std::marker::PhantomData<E>,
            }
            impl<T, E, B> CustomizableOperation<T, E, B> {
                pub(crate) fn new(customizable_send: B) -> Self {
                    Self {
                        customizable_send,
                        customizations: ::std::default::Default::default(),
                        _output: ::std::marker::PhantomData,
                        _error: ::std::marker::PhantomData,
                    }
                }
                /// Adds an interceptor that runs for this call only, after the configuration's.
                pub fn interceptor(mut self, interceptor: impl #rt::config::Intercept + 'static) -> Self {
                    self.customizations.push_interceptor(#rt::config::SharedInterceptor::new(interceptor));
                    self
                }
                /// Replaces the request before it is signed; an error ends the call.
                pub fn map_request<F, MapE>(mut self, f: F) -> Self
                where
                    F: ::std::ops::Fn(crate::config::http::HttpRequest) -> ::std::result::Result<crate::config::http::HttpRequest, MapE>
                        + ::std::marker::Send
                        + ::std::marker::Sync
                        + 'static,
                    MapE: ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static,
                {
                    self.customizations.push_interceptor(#rt::config::SharedInterceptor::new(#rt::customize::MapRequest::new(f)));
                    self
                }
                /// Changes the request in place before it is signed.
                pub fn mutate_request<F>(mut self, f: F) -> Self
                where
                    F: ::std::ops::Fn(&mut crate::config::http::HttpRequest) + ::std::marker::Send + ::std::marker::Sync + 'static,
                {
                    self.customizations.push_interceptor(#rt::config::SharedInterceptor::new(#rt::customize::MutateRequest::new(f)));
                    self
                }
                /// Overrides the client's configuration for this call: what `config_override`
                /// sets wins, the rest is the client's; the client itself is unchanged.
                pub fn config_override(mut self, config_override: impl ::std::convert::Into<crate::config::Builder>) -> Self {
                    self.customizations.push_config_override(config_override.into().into_runtime_builder());
                    self
                }
                /// Sends the customized request; await the returned future.
                pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<T, crate::error::SdkError<E, #rt::client::HttpResponse>>>
                where
                    T: ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static,
                    E: ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static,
                    B: #rt::customize::CustomizableSend<T, E>,
                {
                    self.customizable_send.send_customized(self.customizations)
                }
                #presigned
            }
        }
    }
}

/// Some operation offers `presigned()` (the crate has `crate::presigning`).
fn has_presigning(c: &Crate) -> bool {
    c.service.client_protocol.is_some() && c.operations.iter().any(|op| op.presignable)
}

/// `&[ServiceRule::..]`: the per-service rules the runtime applies; `None` without any.
fn service_rules(rules: &[RuntimeRule]) -> Option<TokenStream> {
    if rules.is_empty() {
        return None;
    }
    let rules = rules.iter().map(|rule| {
        let body = match rule {
            RuntimeRule::S3Signing => quote!(S3Signing),
            RuntimeRule::ErrorsIn200 => quote!(ErrorsIn200),
            RuntimeRule::ErrorCodeFromStatus => quote!(ErrorCodeFromStatus),
            RuntimeRule::RetryErrorCodes(codes) => quote!(RetryErrorCodes(&[#(#codes),*])),
            RuntimeRule::AcceptJson => quote!(AcceptJson),
            RuntimeRule::GlacierHeaders => quote!(GlacierHeaders),
            RuntimeRule::RetryDefaults { max_attempts, non_throttling_backoff_ms } => {
                quote!(RetryDefaults { max_attempts: #max_attempts, non_throttling_backoff_ms: #non_throttling_backoff_ms })
            }
        };
        quote!(::smithy_client_runtime::services::ServiceRule::#body)
    });
    Some(quote!(&[#(#rules),*]))
}

fn runtime_handle(c: &Crate, protocol: ClientProtocol) -> TokenStream {
    let runtime_config = quote!(conf.runtime_config());
    let sdk_id = &c.service.display_name;
    let target = &c.service.target_prefix;
    let (endpoint_prefix, signing) = (&c.service.endpoint_prefix, &c.service.signing_name);
    let protocol = match protocol {
        ClientProtocol::AwsJson1_0 => quote!(AwsJson1_0),
        ClientProtocol::AwsJson1_1 => quote!(AwsJson1_1),
        ClientProtocol::RestJson1 => quote!(RestJson1),
        ClientProtocol::RestXml => quote!(RestXml),
        ClientProtocol::AwsQuery => quote!(AwsQuery),
        ClientProtocol::Ec2Query => quote!(Ec2Query),
        ClientProtocol::RpcV2Cbor => quote!(RpcV2Cbor),
        ClientProtocol::RpcV2Json => quote!(RpcV2Json),
    };
    let text = |s: &String| (!s.is_empty()).then(|| quote!(#s));
    let when = |on: bool| on.then(|| quote!(true));
    let rules = c.service.endpoint_rules.as_ref().map(|_| quote!(::std::option::Option::Some(&crate::config::endpoint::RULES)));
    let service = super::common::const_chain(
        quote!(::smithy_client_runtime::client::ServiceSpec::new(#sdk_id, ::smithy_client_runtime::client::Protocol::#protocol)),
        vec![
            ("target_prefix", text(target)),
            ("version", text(&c.service.version)),
            ("crate_version", c.service.aws.then(|| quote!(::std::env!("CARGO_PKG_VERSION")))),
            ("endpoint_prefix", text(endpoint_prefix)),
            ("signing_name", text(signing)),
            ("query_compatible", when(c.service.query_compatible)),
            ("service_rules", service_rules(&c.service.runtime_rules)),
            ("rules", rules),
            ("regional", when(c.service.aws)),
        ],
    );
    quote! {
        /// What the runtime needs to know about the service.
        pub(crate) static SERVICE: ::smithy_client_runtime::client::ServiceSpec = #service;
        /// State shared by a client and every request builder it hands out.
        #[derive(::std::fmt::Debug)]
        pub(crate) struct Handle {
            conf: crate::Config,
            pub(crate) runtime: ::std::sync::Arc<::smithy_client_runtime::client::Runtime>,
        }
        impl Handle {
            fn new(conf: crate::Config) -> Self {
                let runtime = ::smithy_client_runtime::client::Runtime::new(#runtime_config, &SERVICE);
                Self { conf, runtime: ::std::sync::Arc::new(runtime) }
            }
            fn config(&self) -> &crate::Config {
                &self.conf
            }
        }
    }
}

/// `config.rs`: the configuration types at the paths the AWS SDK uses: the runtime's, or, when
/// the model has client context parameters, the service's own wrappers with a setter pair each.
pub fn emit_config(c: &Crate) -> TokenStream {
    let features = config_features(c).into_iter().map(|f| format_ident!("{f}"));
    let setters = (!c.service.context_params.is_empty()).then(|| {
        let setters = c.service.context_params.iter().map(context_setters);
        quote! {
            impl Builder {
                #(#setters)*
            }
        }
    });
    let service_env = c.service.aws.then(|| {
        let id = &c.service.display_name;
        let bearer = match &c.service.bearer_token_env {
            Some(service) => quote!(::std::option::Option::Some(#service)),
            None => quote!(::std::option::Option::None),
        };
        quote! {
            /// What this service reads from the environment beyond the shared settings: its SDK id
            /// names its endpoint settings (`AWS_ENDPOINT_URL_<ID>`, the profile's `services`
            /// section).
            const SERVICE_ENV: ::smithy_client_runtime::config::ServiceEnv =
                ::smithy_client_runtime::config::ServiceEnv { sdk_id: #id, bearer_token_service: #bearer };
        }
    });
    let types = quote! {
        #service_env
        ::smithy_client_runtime::service_config!(#(#features),*);
        #setters
    };
    let endpoint = c.service.endpoint_rules.as_ref().map(|rules| {
        let module = super::endpoint::endpoint_module(rules);
        quote! {
            pub use ::smithy_client_runtime::config::AccountIdEndpointMode;
            #module
        }
    });
    let aws = c.service.aws.then(|| {
        quote!(pub use ::smithy_client_runtime::config::{Credentials, ProvideCredentials, Region, SharedCredentialsProvider};)
    });
    let ids = c.service.identities;
    let token = (ids.bearer || ids.api_key).then(|| quote!(pub use ::smithy_client_runtime::config::Token;));
    let login = ids.basic.then(|| quote!(pub use ::smithy_client_runtime::config::Login;));
    let identity = (token.is_some() || login.is_some())
        .then(|| quote!(pub use ::smithy_client_runtime::config::{ResolveIdentity, SharedIdentityResolver};));
    quote! {
        #types
        pub use ::smithy_client_runtime::config::BehaviorVersion;
        pub use ::smithy_client_runtime::config::{HttpClient, SharedHttpClient};
        pub use ::smithy_client_runtime::config::{AsyncSleep, SharedAsyncSleep, Sleep};
        pub use ::smithy_client_runtime::config::{AppName, IntoShared, StalledStreamProtectionConfig};
        pub use ::smithy_client_runtime::config::{ConfigBag, FrozenLayer, Layer, RuntimeComponents};
        pub use ::smithy_client_runtime::config::{Intercept, SharedInterceptor};
        pub use ::smithy_client_runtime::config::{ResolveCachedIdentity, SharedIdentityCache};
        #aws
        #token
        #login
        #identity
        #endpoint
        /// The HTTP request and response types interceptors see.
        pub mod http {
            pub use ::smithy_client_runtime::config::http::{HttpRequest, HttpResponse};
        }
        /// What each interceptor hook is handed.
        pub mod interceptors {
            pub use ::smithy_client_runtime::config::interceptors::{
                AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextMut,
                BeforeDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextMut,
                BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
                BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextMut, FinalizerInterceptorContextRef,
                InterceptorContext,
            };
        }
        /// Retry configuration and classification.
        pub mod retry {
            pub use ::aws_smithy_types::retry::{ReconnectMode, RetryConfigBuilder, RetryMode};
            pub use ::smithy_client_runtime::config::RetryConfig;
            pub use ::smithy_client_runtime::config::retry::{ClassifyRetry, RetryAction, ShouldAttempt};
        }
        /// Timeout configuration.
        pub mod timeout {
            pub use ::aws_smithy_types::timeout::TimeoutConfigBuilder;
            pub use ::smithy_client_runtime::config::TimeoutConfig;
        }
    }
}

/// The `service_config!` features of the crate: the settings that apply to its service.
fn config_features(c: &Crate) -> Vec<&'static str> {
    let ids = c.service.identities;
    [
        (c.service.aws, "aws"),
        (ids.bearer, "bearer"),
        (ids.api_key, "api_key"),
        (ids.basic, "basic"),
        (c.service.endpoint_rules.is_some(), "endpoint_rules"),
        (has_idempotency_tokens(c), "idempotency_tokens"),
        (has_event_streams(c), "event_stream"),
    ]
    .into_iter()
    .filter_map(|(on, feature)| on.then_some(feature))
    .collect()
}

/// Whether an operation's input has an `@idempotencyToken` member (its config then takes an
/// idempotency token provider).
fn has_idempotency_tokens(c: &Crate) -> bool {
    c.operations.iter().any(|op| c.structures[op.input].members.iter().any(|m| m.idempotency_token))
}

fn context_setters(p: &crate::ir::ContextParam) -> TokenStream {
    let f = ident(&p.setter);
    let set = format_ident!("set_{}", p.setter.trim_start_matches("r#"));
    let name = &p.name;
    let docs = super::common::docs(&p.docs);
    let (arg, wrap) = if p.boolean {
        (quote!(impl ::std::convert::Into<bool>), quote!(::smithy_client_runtime::config::ContextParam::Bool))
    } else {
        (quote!(impl ::std::convert::Into<::std::string::String>), quote!(::smithy_client_runtime::config::ContextParam::String))
    };
    let value_type = if p.boolean { quote!(bool) } else { quote!(::std::string::String) };
    let into = quote!(value.into());
    let set_doc = format!(" Sets or clears the value that [`{}`](Self::{}) sets.", p.setter.trim_start_matches("r#"), p.setter.trim_start_matches("r#"));
    quote! {
        #docs
        pub fn #f(mut self, value: #arg) -> Self {
            self.#set(::std::option::Option::Some(#into));
            self
        }
        #[doc = #set_doc]
        pub fn #set(&mut self, value: ::std::option::Option<#value_type>) -> &mut Self {
            self.inner.set_context_param(#name, value.map(#wrap));
            self
        }
    }
}

/// `error.rs`: common error types and the sealed `Unhandled`.
pub fn emit_error_module() -> TokenStream {
    quote! {
        pub use ::aws_smithy_types::error::display::DisplayErrorContext;
        pub use ::aws_smithy_types::error::metadata::{ErrorMetadata, ProvideErrorMetadata};
        pub use ::aws_smithy_types::error::operation::BuildError;
        pub use ::smithy_client_runtime::client::ConnectorError;
        pub use ::smithy_client_runtime::error::{BoxError, UnknownVariantError};
        /// The error of every operation: a construction, dispatch, timeout or response failure,
        /// or the operation's own error `E`.
        pub type SdkError<E, R = ::smithy_client_runtime::client::HttpResponse> = ::smithy_client_runtime::client::SdkError<E, R>;
        pub(crate) mod sealed_unhandled {
            pub use ::smithy_client_runtime::error::{display, Unhandled};
        }
    }
}

/// `operation.rs`: the `RequestId` re-export and one module per operation.
pub fn emit_operation_index(c: &Crate) -> TokenStream {
    let mods = c.operations.iter().map(|op| {
        let m = ident(&op.module);
        let doc = format!(" Types for the `{}` operation.", op.type_name);
        quote!(#[doc = #doc] pub mod #m;)
    });
    let ext = c.service.extended_request_id.then(|| quote!(pub use ::smithy_client_runtime::RequestIdExt;));
    quote! {
        pub use ::smithy_client_runtime::RequestId;
        #ext
        #(#mods)*
    }
}

/// `primitives.rs`: re-exported primitive types and the sealed unknown-enum value.
pub fn emit_primitives(c: &Crate) -> TokenStream {
    let sealed = (!c.enums.iter().all(|e| e.newtype)).then(|| {
        quote! {
            pub(crate) mod sealed_enum_unknown {
                pub use ::smithy_client_runtime::UnknownVariantValue;
            }
        }
    });
    let streams = c.structures.iter().any(|s| s.streaming).then(|| {
        quote! {
            pub use ::aws_smithy_types::body::SdkBody;
            pub use ::aws_smithy_types::byte_stream::error::Error as ByteStreamError;
            pub use ::aws_smithy_types::byte_stream::{AggregatedBytes, ByteStream, FsBuilder, Length};
        }
    });
    let events = has_event_streams(c).then(|| {
        quote! {
            /// Event streams: the receiver of an output's events, the sender of an input's, and
            /// the messages they are carried in.
            pub mod event_stream {
                pub use ::smithy_client_runtime::event_stream::{EventReceiver, EventStreamSender, Header, HeaderValue, Message, RawMessage};
            }
        }
    });
    quote! {
        pub use ::aws_smithy_types::date_time::Format as DateTimeFormat;
        pub use ::aws_smithy_types::Blob;
        pub use ::aws_smithy_types::DateTime;
        pub use ::aws_smithy_types::Document;
        #streams
        #events
        #sealed
    }
}

/// `types.rs`: re-exports of every data type, and the builders and error modules.
pub fn emit_types_index(c: &Crate) -> TokenStream {
    let mut items: Vec<(String, String)> = Vec::new();
    items.extend(data_structs(c).map(|s| (s.file_stem.clone(), s.path.name.clone())));
    items.extend(c.enums.iter().map(|e| (e.file_stem.clone(), e.name.clone())));
    items.extend(c.unions.iter().map(|u| (u.file_stem.clone(), u.name.clone())));
    items.sort();
    let uses = items.iter().map(|(stem, name)| {
        let (stem, name) = (ident(stem), ident(name));
        quote!(pub use crate::types::#stem::#name;)
    });
    let mods = items.iter().map(|(stem, _)| {
        let stem = ident(stem);
        quote!(mod #stem;)
    });
    let builders = data_structs(c).next().is_some().then(|| {
        quote! {
            /// Builders for the data types.
            pub mod builders;
        }
    });
    let errors = has_error_module(c).then(|| {
        quote! {
            /// Error types the operations can return.
            pub mod error;
        }
    });
    quote! {
        #(#uses)*
        #(#mods)*
        #builders
        #errors
    }
}

/// `types/builders.rs` and `types/error/builders.rs`.
pub fn emit_builders_index<'a>(module: &Module, structs: impl Iterator<Item = &'a Structure>) -> TokenStream {
    let root = super::common::module_path(module);
    let uses = structs.map(|s| {
        let stem = ident(&s.file_stem);
        let b = format_ident!("{}Builder", s.path.name);
        quote!(pub use #root::#stem::#b;)
    });
    quote!(#(#uses)*)
}

/// `types/error.rs`.
pub fn emit_error_index(c: &Crate) -> TokenStream {
    let mut items: Vec<(&str, &str)> = error_structs(c).map(|s| (s.file_stem.as_str(), s.path.name.as_str())).collect();
    items.extend(event_stream_errors(c).map(|e| (e.file_stem.as_str(), e.name.as_str())));
    items.sort();
    let uses = items.iter().map(|(stem, name)| {
        let (stem, name) = (ident(stem), ident(name));
        quote!(pub use crate::types::error::#stem::#name;)
    });
    let mods = items.iter().map(|(stem, _)| {
        let stem = ident(stem);
        quote!(mod #stem;)
    });
    quote! {
        #(#uses)*
        /// Builders for the error types.
        pub mod builders;
        #(#mods)*
    }
}

/// Data structures in `crate::types`.
pub fn data_structs(c: &Crate) -> impl Iterator<Item = &Structure> {
    c.structures.iter().filter(|s| s.path.module == Module::Types)
}

/// Error structures in `crate::types::error`.
pub fn error_structs(c: &Crate) -> impl Iterator<Item = &Structure> {
    c.structures.iter().filter(|s| matches!(s.kind, StructKind::Error(_)))
}

/// The error enums of event streams, in `crate::types::error`.
pub fn event_stream_errors(c: &Crate) -> impl Iterator<Item = &crate::ir::EventStreamErrors> {
    c.unions.iter().filter_map(|u| u.event_stream.as_ref())
}

/// Whether the crate has a `crate::types::error` module.
pub fn has_error_module(c: &Crate) -> bool {
    error_structs(c).next().is_some() || event_stream_errors(c).next().is_some()
}

/// Whether some operation sends or receives an event stream.
pub fn has_event_streams(c: &Crate) -> bool {
    c.operations.iter().any(|op| op.event_stream_input || op.event_stream_output)
}

