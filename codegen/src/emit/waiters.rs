//! Waiters: `waiters.rs` (one module per waiter), `waiters/<name>.rs` (the fluent builder,
//! `wait()` and the acceptors' paths compiled to Rust), the `client::Waiters` trait and
//! `crate::Error`'s conversion from a waiter error. The polling itself is the runtime's
//! `waiters::wait`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{doc_lines, ident, type_path};
use super::waiter_code::acceptor_fn;
use crate::ir::{AcceptorState, Crate, Operation, Waiter, WaiterMatcher};

/// Every waiter of the crate with its operation, in module order.
pub fn waiters(c: &Crate) -> Vec<(&Operation, &Waiter)> {
    let mut all: Vec<_> = c.operations.iter().flat_map(|op| op.waiters.iter().map(move |w| (op, w))).collect();
    all.sort_by(|a, b| a.1.module.cmp(&b.1.module));
    all
}

/// Whether the crate gets a `waiters` module.
pub fn has_waiters(c: &Crate) -> bool {
    c.service.client_protocol.is_some() && c.operations.iter().any(|op| !op.waiters.is_empty())
}

/// `src/waiters.rs`.
pub fn emit_waiters_index(c: &Crate) -> TokenStream {
    let modules = waiters(c).into_iter().map(|(op, w)| {
        let module = ident(&w.module);
        let doc = format!(" The `{}` waiter: polls `{}`.", w.name, op.name);
        quote! {
            #[doc = #doc]
            pub mod #module;
        }
    });
    quote! {
        #(#modules)*
    }
}

/// `src/waiters/<name>.rs`.
pub fn emit_waiter(op: &Operation, w: &Waiter, c: &Crate) -> TokenStream {
    // `wait()` imports the runtime's waiter module as `w`.
    let rt = quote!(w);
    let op_module = ident(&op.module);
    let input = &c.structures[op.input];
    let output = type_path(&c.structures[op.output].path);
    let error = format_ident!("{}Error", op.type_name);
    let in_builder = format_ident!("{}Builder", input.path.name);
    let fluent = format_ident!("{}FluentBuilder", w.type_name);
    let final_poll = format_ident!("{}FinalPoll", w.type_name);
    let wait_error = format_ident!("WaitUntil{}Error", w.type_name);
    let mut doc = vec![format!("Fluent builder for the `{}` waiter, which polls `{}`.", w.name, op.name)];
    if !w.docs.is_empty() {
        doc.push(String::new());
        doc.extend(w.docs.iter().cloned());
    }
    doc.push(String::new());
    doc.push("Set the operation's input with the same methods as its fluent builder, then call `wait()`.".to_owned());
    let doc = doc_lines(&doc);
    let deprecated = w.deprecated.then(|| quote!(#[deprecated]));
    let setters = input.members.iter().map(|m| super::operation::fluent_trio(m, c.std));
    let as_input_doc = format!(" Access the {} input as a reference.", op.name);
    let wait_doc = format!(
        " Polls `{}` until the waiter succeeds or fails, or `max_wait` passes; between calls it waits \
         from {} to {} seconds, growing exponentially.",
        op.name, w.min_delay, w.max_delay
    );
    let (min_delay, max_delay) = (w.min_delay, w.max_delay);
    let mut path_fns = Vec::new();
    let acceptors: Vec<_> = w
        .acceptors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let state = match a.state {
                AcceptorState::Success => quote!(Success),
                AcceptorState::Failure => quote!(Failure),
                AcceptorState::Retry => quote!(Retry),
            };
            let matcher = match &a.matcher {
                WaiterMatcher::Success(ok) => quote!(#rt::Matcher::Success(#ok)),
                WaiterMatcher::ErrorType(code) => quote!(#rt::Matcher::ErrorType(#code)),
                WaiterMatcher::Output(m) | WaiterMatcher::InputOutput(m) => {
                    let input_output = matches!(a.matcher, WaiterMatcher::InputOutput(_));
                    path_fns.push(acceptor_fn(i + 1, m, input_output, &input.path, &c.structures[op.output].path));
                    let name = format_ident!("acceptor_{}", i + 1);
                    quote!(#rt::Matcher::Path(#name))
                }
            };
            quote!(#rt::Acceptor { state: #rt::AcceptorState::#state, matcher: #matcher })
        })
        .collect();
    let input_ty = type_path(&input.path);
    let input_doc = format!(" The result of the last `{}` call of a wait that succeeded.", op.name);
    let error_doc = format!(" Why a `{}` wait did not succeed.", w.name);
    quote! {
        #doc
        #deprecated
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #fluent {
            handle: ::std::sync::Arc<crate::client::Handle>,
            inner: crate::operation::#op_module::builders::#in_builder,
        }
        impl #fluent {
            /// Creates a new waiter fluent builder bound to a client.
            pub(crate) fn new(handle: ::std::sync::Arc<crate::client::Handle>) -> Self {
                Self { handle, inner: ::std::default::Default::default() }
            }
            #[doc = #as_input_doc]
            pub fn as_input(&self) -> &crate::operation::#op_module::builders::#in_builder {
                &self.inner
            }
            #[doc = #wait_doc]
            #[inline]
            pub fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<#final_poll, #wait_error>> {
                use ::smithy_client_runtime::waiters as w;
                static SPEC: #rt::WaiterSpec<#input_ty, #output> = #rt::WaiterSpec {
                    min_delay: ::std::time::Duration::from_secs(#min_delay),
                    max_delay: ::std::time::Duration::from_secs(#max_delay),
                    acceptors: &[#(#acceptors),*],
                };
                #rt::wait(
                    ::std::sync::Arc::clone(&self.handle.runtime),
                    &SPEC,
                    max_wait,
                    self.inner.build(),
                    |runtime, input| {
                        runtime.send(
                            &crate::operation::#op_module::SPEC,
                            ::std::result::Result::Ok(::std::clone::Clone::clone(input)),
                            crate::operation::#op_module::de_error,
                        )
                    },
                )
            }
            #(#setters)*
        }
        #[doc = #input_doc]
        pub type #final_poll = ::smithy_client_runtime::waiters::FinalPoll<
            #output,
            crate::error::SdkError<crate::operation::#op_module::#error, ::smithy_client_runtime::client::HttpResponse>,
        >;
        #[doc = #error_doc]
        pub type #wait_error = ::smithy_client_runtime::waiters::WaiterError<#output, crate::operation::#op_module::#error>;
        #(#path_fns)*
    }
}

/// The `Waiters` trait in `client.rs`, implemented by `Client`.
pub fn client_trait(c: &Crate) -> Option<TokenStream> {
    if !has_waiters(c) {
        return None;
    }
    let all = waiters(c);
    let methods: Vec<_> = all
        .iter()
        .map(|(op, w)| {
            let method = format_ident!("wait_until_{}", w.module.trim_start_matches("r#"));
            let module = ident(&w.module);
            let fluent = format_ident!("{}FluentBuilder", w.type_name);
            let doc = format!(" Waits for `{}`: polls `{}` until its acceptors say the wait succeeded or failed.", w.name, op.name);
            let deprecated = w.deprecated.then(|| quote!(#[deprecated]));
            (
                quote! {
                    #[doc = #doc]
                    #deprecated
                    fn #method(&self) -> crate::waiters::#module::#fluent;
                },
                quote! {
                    fn #method(&self) -> crate::waiters::#module::#fluent {
                        crate::waiters::#module::#fluent::new(::std::clone::Clone::clone(&self.handle))
                    }
                },
            )
        })
        .collect();
    let (decls, impls): (Vec<_>, Vec<_>) = methods.into_iter().unzip();
    Some(quote! {
        /// The `wait_until_*` methods: each returns a fluent builder that takes the polled
        /// operation's input and polls it with `wait(max_wait)`. Import the trait to use them.
        pub trait Waiters {
            #(#decls)*
        }
        impl Waiters for Client {
            #(#impls)*
        }
    })
}

/// `impl From<WaiterError<O, E>> for crate::Error`, for crates with waiters.
pub fn crate_error_from(c: &Crate) -> Option<TokenStream> {
    has_waiters(c).then(|| {
        quote! {
            impl<O, E> ::std::convert::From<::smithy_client_runtime::waiters::WaiterError<O, E>> for Error
            where
                O: ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static,
                E: ::std::error::Error + ::aws_smithy_types::error::metadata::ProvideErrorMetadata + ::std::marker::Send + ::std::marker::Sync + 'static,
            {
                fn from(err: ::smithy_client_runtime::waiters::WaiterError<O, E>) -> Self {
                    let meta = ::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(&err).clone();
                    Error::Unhandled(crate::error::sealed_unhandled::Unhandled::new(::std::boxed::Box::new(err), meta))
                }
            }
        }
    })
}

