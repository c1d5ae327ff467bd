//! Sending requests: each operation's static description, its call into the runtime, its error
//! parser, and `send()` on the builders. Emitted only when the service's protocol is supported.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, type_path};
use crate::ir::{Auth, Crate, Operation};

/// `static SPEC`, `orchestrate` and `de_error` in `operation/<op>.rs`.
pub fn operation_send(op: &Operation, c: &Crate) -> TokenStream {
    let name = ident(&op.type_name);
    let error = format_ident!("{}Error", op.type_name);
    let input = ident(&c.structures[op.input].path.name);
    let output = ident(&c.structures[op.output].path.name);
    let op_name = &op.name;
    let auth = match op.auth {
        Auth::Signed => quote!(Signed),
        Auth::Optional => quote!(Optional),
        Auth::Anonymous => quote!(Anonymous),
    };
    let retryable = op.errors.iter().filter(|e| e.retryable).map(|e| &e.shape_name);
    let sensitive_output = op.sensitive_output;
    let arms = op.errors.iter().map(|e| {
        let code = &e.shape_name;
        let variant = ident(&e.path.name);
        quote!(Some(#code) => m(meta, body, E::#variant, unhandled),)
    });
    let de_error = if op.errors.is_empty() {
        quote! {
            pub(crate) fn de_error(meta: ::aws_smithy_types::error::ErrorMetadata, _raw: &::smithy_client_runtime::client::HttpResponse) -> #error {
                #error::generic(meta)
            }
        }
    } else {
        quote! {
            pub(crate) fn de_error(meta: ::aws_smithy_types::error::ErrorMetadata, raw: &::smithy_client_runtime::client::HttpResponse) -> #error {
                use ::smithy_client_runtime::json::modeled_error as m;
                use ::std::option::Option::Some;
                use #error as E;
                let body = raw.body().bytes().unwrap_or_default();
                let unhandled = |source, meta| E::Unhandled(crate::error::sealed_unhandled::Unhandled::new(source, meta));
                let code = ::aws_smithy_types::error::metadata::ProvideErrorMetadata::code(&meta).map(::std::borrow::ToOwned::to_owned);
                match code.as_deref() {
                    #(#arms)*
                    _ => E::generic(meta),
                }
            }
        }
    };
    quote! {
        pub(crate) static SPEC: ::smithy_client_runtime::client::OperationSpec = ::smithy_client_runtime::client::OperationSpec {
            name: #op_name,
            auth: ::smithy_client_runtime::client::Auth::#auth,
            retryable_codes: &[#(#retryable),*],
            sensitive_output: #sensitive_output,
        };
        impl #name {
            pub(crate) async fn orchestrate(
                runtime: &::smithy_client_runtime::client::Runtime,
                input: #input,
            ) -> ::std::result::Result<#output, crate::error::SdkError<#error>> {
                ::smithy_client_runtime::json::invoke(runtime, &SPEC, &input, de_error).await
            }
        }
        #de_error
    }
}

/// `send()` on the fluent builder and `send_with()` on the input builder, in `builders.rs`.
pub fn builder_send(op: &Operation, c: &Crate) -> TokenStream {
    let module = ident(&op.module);
    let name = ident(&op.type_name);
    let error = format_ident!("{}Error", op.type_name);
    let fluent = format_ident!("{}FluentBuilder", op.type_name);
    let input_builder = format_ident!("{}Builder", c.structures[op.input].path.name);
    let output = type_path(&c.structures[op.output].path);
    let result = quote!(::std::result::Result<#output, crate::error::SdkError<crate::operation::#module::#error>>);
    quote! {
        impl #fluent {
            /// Sends the request.
            ///
            /// A failure comes back as an [`SdkError`](crate::error::SdkError): an error the
            /// model describes, or a construction, dispatch, timeout or response problem.
            /// Throttling, server errors and transient network failures are retried as the
            /// client's [`RetryConfig`](crate::config::retry::RetryConfig) says.
            pub async fn send(self) -> #result {
                let input = self.inner.build().map_err(crate::error::SdkError::construction_failure)?;
                crate::operation::#module::#name::orchestrate(&self.handle.runtime, input).await
            }
        }
        impl #input_builder {
            /// Sends a request with this input using the given client.
            pub async fn send_with(self, client: &crate::Client) -> #result {
                let mut fluent = client.#module();
                fluent.inner = self;
                fluent.send().await
            }
        }
    }
}

/// `OutputRequestId` for an output structure.
pub fn output_request_id(name: &str) -> TokenStream {
    let name = ident(name);
    quote! {
        impl ::smithy_client_runtime::json::SetRequestId for #name {
            fn set_request_id(&mut self, request_id: ::std::option::Option<::std::string::String>) {
                self._request_id = request_id;
            }
        }
    }
}
