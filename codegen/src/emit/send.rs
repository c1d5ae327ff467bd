//! Sending requests: each operation's static description, its call into the runtime, its error
//! parser, and `send()` on the builders. Emitted only when the service's protocol is supported.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::common::{const_chain, ident, type_path};
use crate::ir::{Auth, Crate, Operation, PresignAsGet};

/// `static SPEC` and `de_error` in `operation/<op>.rs`.
pub fn operation_send(op: &Operation, c: &Crate) -> TokenStream {
    let rt = quote!(::smithy_client_runtime::client);
    let op_name = &op.name;
    let http = match &op.http {
        Some(h) => {
            let (method, uri) = (&h.method, &h.uri);
            quote!(#rt::HttpTrait { method: #method, uri: #uri })
        }
        None => quote!(#rt::HttpTrait::RPC),
    };
    let auth = match op.auth {
        Auth::Signed => None,
        Auth::Optional => Some(quote!(#rt::Auth::Optional)),
        Auth::Anonymous => Some(quote!(#rt::Auth::Anonymous)),
    };
    let when = |on: bool| on.then(|| quote!(true));
    let list = |items: Vec<TokenStream>| (!items.is_empty()).then(|| quote!(&[#(#items),*]));
    let retryable: Vec<TokenStream> = op.errors.iter().filter(|e| e.retryable).map(|e| e.shape_name.to_token_stream()).collect();
    let sensitive_headers: Vec<TokenStream> = op.sensitive_headers.iter().map(|h| h.to_token_stream()).collect();
    let static_params: Vec<TokenStream> = op
        .static_params
        .iter()
        .map(|(name, value)| {
            let value = super::endpoint::static_param(value);
            quote!((#name, #value))
        })
        .collect();
    let sigv4_only = matches!(op.auth_schemes.as_slice(), [crate::ir::AuthScheme::SigV4]);
    let auth_schemes = (!sigv4_only).then(|| {
        let schemes = op.auth_schemes.iter().map(auth_scheme);
        quote!(&[#(#schemes),*])
    });
    let spec_with = |http: TokenStream| const_chain(
        quote!(#rt::OperationSpec::new(#op_name, #http)),
        vec![
            ("host_prefix", op.host_prefix.as_ref().map(|p| quote!(::std::option::Option::Some(#p)))),
            ("auth", auth.clone()),
            ("retryable_codes", list(retryable.clone())),
            ("sensitive_output", when(op.sensitive_output)),
            ("sensitive_errors", when(op.sensitive_errors)),
            ("sensitive_headers", list(sensitive_headers.clone())),
            ("streaming_output", when(op.streaming_output)),
            ("event_stream_input", when(op.event_stream_input)),
            ("event_stream_output", when(op.event_stream_output)),
            ("http2", when(op.http2)),
            ("requires_length", when(op.requires_length)),
            ("checksum_required", when(op.checksum_required)),
            ("request_compression", when(op.request_compression)),
            ("static_params", list(static_params.clone())),
            ("auth_schemes", auth_schemes.clone()),
        ],
    );
    let spec = spec_with(http);
    let presign_as_get = op.presign_as_get.as_ref().map(|presign| {
        let (method, uri) = (&presign.http.method, &presign.http.uri);
        presigned_input(op, presign, c, spec_with(quote!(#rt::HttpTrait { method: #method, uri: #uri })))
    });
    let de_error = de_error(op, c);
    quote! {
        pub(crate) static SPEC: #rt::OperationSpec = #spec;
        #presign_as_get
        #de_error
    }
}

/// For an operation presigned as a GET: `PRESIGN_SPEC` (the operation as a GET) and
/// `PresignedInput`, the input written into the query string.
fn presigned_input(op: &Operation, presign: &PresignAsGet, c: &Crate, spec: TokenStream) -> TokenStream {
    let rt = quote!(::smithy_client_runtime);
    let input = &c.structures[op.input];
    let input_ty = type_path(&input.path);
    // Every member is bound to the query, which every protocol writes alike.
    let protocol = c.service.client_protocol.unwrap_or(crate::ir::ClientProtocol::RestJson1);
    let write_query = super::http::write_query_for_presigning(input, presign, protocol);
    let doc = format!(" `{}` as `presigned()` signs it: a GET with every input member in the query string.", op.name);
    quote! {
        #[doc = #doc]
        pub(crate) static PRESIGN_SPEC: #rt::client::OperationSpec = #spec;
        /// The input as `presigned()` writes it.
        #[derive(::std::fmt::Debug)]
        pub(crate) struct PresignedInput(pub(crate) #input_ty);
        impl #rt::request::WriteRequest for PresignedInput {
            #[inline]
            fn write_request(self, r: &mut #rt::request::RequestWriter) {
                self.0.write_query_for_presigning(r)
            }
            fn fill_idempotency_tokens(&mut self, token: &mut dyn ::std::ops::FnMut() -> ::std::string::String) {
                self.0.fill_idempotency_tokens(token)
            }
            fn endpoint_params(&self, params: &mut #rt::endpoint::ContextParams) {
                self.0.endpoint_params(params)
            }
        }
        #write_query
    }
}

/// A runtime `AuthScheme`.
fn auth_scheme(scheme: &crate::ir::AuthScheme) -> TokenStream {
    use crate::ir::AuthScheme as S;
    let rt = quote!(::smithy_client_runtime::client);
    match scheme {
        S::SigV4 => quote!(#rt::AuthScheme::SigV4),
        S::Bearer => quote!(#rt::AuthScheme::Bearer),
        S::Basic => quote!(#rt::AuthScheme::Basic),
        S::NoAuth => quote!(#rt::AuthScheme::NoAuth),
        S::ApiKey { name, in_query, scheme } => {
            let location = if *in_query { quote!(Query) } else { quote!(Header) };
            let scheme = match scheme {
                Some(s) => quote!(::std::option::Option::Some(#s)),
                None => quote!(::std::option::Option::None),
            };
            quote!(#rt::AuthScheme::ApiKey { name: #name, location: #rt::ApiKeyLocation::#location, scheme: #scheme })
        }
    }
}

/// `de_error`: the service-wide error parser's answer, narrowed to the operation's errors; a
/// modelled error the operation does not declare becomes `Unhandled` with its metadata.
fn de_error(op: &Operation, c: &Crate) -> TokenStream {
    let error = format_ident!("{}Error", op.type_name);
    let arms = op.errors.iter().map(|e| {
        let variant = ident(&e.path.name);
        quote!(S::#variant(e) => E::#variant(e),)
    });
    let undeclared = (c.errors.len() > op.errors.len()).then(|| {
        quote!(other => E::generic(::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(&other).clone()),)
    });
    quote! {
        #[inline]
        pub(crate) fn de_error(meta: ::aws_smithy_types::error::ErrorMetadata, raw: &::smithy_client_runtime::client::HttpResponse) -> #error {
            use crate::Error as S;
            use #error as E;
            match S::de_modeled(meta, raw) {
                #(#arms)*
                S::Unhandled(u) => E::Unhandled(u),
                #undeclared
            }
        }
    }
}

/// `send()` on the fluent builder and `send_with()` on the input builder, in `builders.rs`. Both
/// are `#[inline]` so that the generic serialise-and-start step is compiled only for the
/// operations a program sends.
pub fn builder_send(op: &Operation, c: &Crate) -> TokenStream {
    let module = ident(&op.module);
    let error = format_ident!("{}Error", op.type_name);
    let fluent = format_ident!("{}FluentBuilder", op.type_name);
    let input_builder = format_ident!("{}Builder", c.structures[op.input].path.name);
    let output = type_path(&c.structures[op.output].path);
    let future = quote!(::smithy_client_runtime::send::SendFuture<#output, crate::operation::#module::#error>);
    // What `send()` and `send_with()` declare: the official crates' `async fn` signature. The
    // value is still the runtime's `SendFuture` (no per-operation state machine); `Send` and
    // `Sync` show through the opaque type.
    let awaited = quote! {
        impl ::std::future::Future<
            Output = ::std::result::Result<
                #output,
                crate::error::SdkError<crate::operation::#module::#error, ::smithy_client_runtime::client::HttpResponse>,
            >,
        >
    };
    let presigned = op.presignable.then(|| {
        quote! {
            /// Presigns the request instead of sending it: the request signed with SigV4 in its
            /// query string, valid for the configuration's time, for anyone to send (with the
            /// headers it lists). Nothing is sent or retried.
            #[inline]
            pub fn presigned(
                self,
                presigning_config: crate::presigning::PresigningConfig,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<
                    crate::presigning::PresignedRequest,
                    crate::error::SdkError<crate::operation::#module::#error, ::smithy_client_runtime::client::HttpResponse>,
                >,
            > {
                self.customize().presigned(presigning_config)
            }
        }
    });
    let (presign_spec, presign_input) = if op.presign_as_get.is_some() {
        (quote!(PRESIGN_SPEC), quote!(self.inner.build().map(crate::operation::#module::PresignedInput)))
    } else {
        (quote!(SPEC), quote!(self.inner.build()))
    };
    let presign_customized = op.presignable.then(|| {
        quote! {
            impl ::smithy_client_runtime::customize::CustomizablePresign<#output, crate::operation::#module::#error> for #fluent {
                #[inline]
                fn presign_customized(
                    self,
                    customizations: ::smithy_client_runtime::customize::Customizations,
                    config: crate::presigning::PresigningConfig,
                ) -> ::smithy_client_runtime::presigning::PresignFuture<crate::operation::#module::#error> {
                    self.handle.runtime.presign::<_, #output, _>(
                        &crate::operation::#module::#presign_spec,
                        #presign_input,
                        crate::operation::#module::de_error,
                        customizations,
                        config,
                    )
                }
            }
        }
    });
    quote! {
        impl #fluent {
            #presigned
            /// Sends the request; await the returned future for the result.
            ///
            /// A failure comes back as an [`SdkError`](crate::error::SdkError): an error the
            /// model describes, or a construction, dispatch, timeout or response problem.
            /// Throttling, server errors and transient network failures are retried as the
            /// client's [`RetryConfig`](crate::config::retry::RetryConfig) says.
            #[inline]
            pub fn send(self) -> #awaited {
                self.handle.runtime.send(&crate::operation::#module::SPEC, self.inner.build(), crate::operation::#module::de_error)
            }
            /// This call with interceptors of its own, a changed request, or a configuration
            /// override: see [`CustomizableOperation`](crate::client::customize::CustomizableOperation).
            #[inline]
            pub fn customize(self) -> crate::client::customize::CustomizableOperation<#output, crate::operation::#module::#error, Self> {
                crate::client::customize::CustomizableOperation::new(self)
            }
        }
        impl ::smithy_client_runtime::customize::CustomizableSend<#output, crate::operation::#module::#error> for #fluent {
            #[inline]
            fn send_customized(self, customizations: ::smithy_client_runtime::customize::Customizations) -> #future {
                self.handle.runtime.send_customized(
                    &crate::operation::#module::SPEC,
                    self.inner.build(),
                    crate::operation::#module::de_error,
                    customizations,
                )
            }
        }
        #presign_customized
        impl #input_builder {
            /// Sends a request with this input using the given client; await the returned future.
            #[inline]
            pub fn send_with(self, client: &crate::Client) -> #awaited {
                let mut fluent = client.#module();
                fluent.inner = self;
                fluent.send()
            }
        }
    }
}

