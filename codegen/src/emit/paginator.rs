//! `operation/<op>/paginator.rs`: page and item streams for `@paginated` operations.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, rust_type, sparse_wrap, type_path};
use crate::ir::{Crate, Operation, Paginator, PathStep};

/// The paginator file of a paginated operation.
///
/// The `send()` methods are `#[inline]`: the stream machinery behind them is generic over the
/// page type, and an inline function is only compiled in the programs that call it, so a crate
/// with many paginators does not build streams nobody uses.
pub fn emit_paginator(op: &Operation, p: &Paginator, c: &Crate) -> TokenStream {
    let module = ident(&op.module);
    let error = format_ident!("{}Error", op.type_name);
    let paginator = ident(&p.type_name);
    let items_name = format_ident!("{}Items", p.type_name);
    let input = type_path(&c.structures[op.input].path);
    let output = type_path(&c.structures[op.output].path);
    let builder = format_ident!("{}Builder", c.structures[op.input].path.name);
    let result = |t: TokenStream| quote!(::std::result::Result<#t, crate::error::SdkError<crate::operation::#module::#error>>);
    let page_result = result(output.clone());
    let token = ident(&p.input_token);
    let next = match &p.more_pages {
        None => token_getter(&p.output_token),
        Some(more) => {
            let (more, token) = (token_getter(more), token_getter(&p.output_token));
            quote!(if #more.copied().unwrap_or(false) { #token } else { ::std::option::Option::None })
        }
    };
    let doc = format!(" Paginator for [`{0}`](crate::operation::{1}::{0}).", op.type_name, op.module);
    let page_size = p.page_size.as_ref().map(|(field, ty)| {
        let (f, t) = (ident(field), rust_type(ty, c.std));
        quote! {
            /// Sets the page size: the largest number of results each page may hold.
            pub fn page_size(mut self, limit: #t) -> Self {
                self.builder.#f = ::std::option::Option::Some(limit);
                self
            }
        }
    });
    let items = p.items.as_ref().map(|(path, item)| {
        let std = c.std;
        let item_type = match item {
            crate::ir::RustType::Map { key, value, sparse } => {
                let (k, v) = (rust_type(key, std), sparse_wrap(rust_type(value, std), *sparse, std));
                quote!((#k, #v))
            }
            crate::ir::RustType::List { element, sparse, .. } => sparse_wrap(rust_type(element, std), *sparse, std),
            other => rust_type(other, std),
        };
        let take = items_getter(path);
        let item_result = result(item_type);
        (
            quote! {
                /// Turns this paginator into a stream of the items of every page.
                pub fn items(self) -> #items_name {
                    #items_name(self)
                }
            },
            quote! {
                /// Flattened paginator: the items of every page, one at a time.
                pub struct #items_name(#paginator);
                impl #items_name {
                    /// Starts the stream; nothing is sent until it is polled.
                    #[inline]
                    pub fn send(self) -> ::smithy_client_runtime::paginate::PaginationStream<#item_result> {
                        ::smithy_client_runtime::paginate::items(self.0.send(), |page: #output| #take)
                    }
                }
            },
        )
    });
    let (items_fn, items_struct) = items.unzip();
    quote! {
        #[doc = #doc]
        pub struct #paginator {
            handle: ::std::sync::Arc<crate::client::Handle>,
            builder: crate::operation::#module::builders::#builder,
            stop_on_duplicate_token: bool,
        }
        impl #paginator {
            /// Creates a paginator from a client handle and the input of the first request.
            pub(crate) fn new(handle: ::std::sync::Arc<crate::client::Handle>, builder: crate::operation::#module::builders::#builder) -> Self {
                Self { handle, builder, stop_on_duplicate_token: true }
            }
            #page_size
            #items_fn
            /// Stops when the service returns the token it was just sent (on by default), which
            /// would otherwise loop forever.
            pub fn stop_on_duplicate_token(mut self, stop_on_duplicate_token: bool) -> Self {
                self.stop_on_duplicate_token = stop_on_duplicate_token;
                self
            }
            /// Starts the stream of pages; nothing is sent until it is polled.
            #[inline]
            pub fn send(self) -> ::smithy_client_runtime::paginate::PaginationStream<#page_result> {
                let handle = self.handle;
                ::smithy_client_runtime::paginate::pages(
                    self.builder.build(),
                    self.stop_on_duplicate_token,
                    ::smithy_client_runtime::paginate::TokenPath {
                        next: |page: &#output| #next,
                        set: |input: &mut #input, token| input.#token = ::std::option::Option::Some(token),
                    },
                    move |input| handle.runtime.send(&crate::operation::#module::SPEC, ::std::result::Result::Ok(input), crate::operation::#module::de_error),
                )
            }
        }
        #items_struct
    }
}

/// `Option<&Token>` of the next token, through the output's fields.
fn token_getter(path: &[PathStep]) -> TokenStream {
    let mut expr = quote!(::std::option::Option::Some(page));
    for step in path {
        let f = ident(&step.field);
        expr = if step.optional { quote!(#expr.and_then(|v| v.#f.as_ref())) } else { quote!(#expr.map(|v| &v.#f)) };
    }
    expr
}

/// The items of a page, by value.
fn items_getter(path: &[PathStep]) -> TokenStream {
    let mut expr = quote!(::std::option::Option::Some(page));
    for step in path {
        let f = ident(&step.field);
        expr = if step.optional { quote!(#expr.and_then(|v| v.#f)) } else { quote!(#expr.map(|v| v.#f)) };
    }
    quote!(#expr.unwrap_or_default())
}
