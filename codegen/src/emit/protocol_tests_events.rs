//! The body of an event stream protocol case: the exchange with a stub that answers with the
//! case's initial response and messages, checks of the initial request and of every message
//! the input sent, then the output, its events and the expected failure.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, type_path};
use super::protocol_tests::{option_str, pairs, value_expr};
use crate::ir::{Binding, Crate, EventStreamCase, ExpectedFailure, HttpMessage, Operation, SentEvent};

/// The test body of one case.
pub fn event_stream_body(case: &EventStreamCase, op: &Operation, c: &Crate) -> TokenStream {
    let module = ident(&op.module);
    let output = type_path(&c.structures[op.output].path);
    let response = response_expr(&case.response, &case.received);
    let input = value_expr(&case.input);
    let request = case.request.as_ref().map(request_check);
    let sent = case.input_stream.is_some().then(|| sent_checks(&case.sent));
    let outcome = outcome(case, op, c);
    quote! {
        let exchange = pt::exchange(&crate::client::SERVICE, #response);
        let input = #input;
        let result = exchange.call::<_, #output, _>(&crate::operation::#module::SPEC, input, crate::operation::#module::de_error);
        let sent = exchange.sent();
        #request
        #sent
        #outcome
    }
}

/// The stub's answer: the initial response with the messages' bytes as its body.
fn response_expr(http: &HttpMessage, received: &[(String, Option<crate::ir::ParamValue>)]) -> TokenStream {
    let code = http.code;
    let headers = pairs(&http.headers);
    let body = http.body.clone().unwrap_or_default();
    let frames = received.iter().map(|(bytes, _)| bytes);
    quote!(pt::event_response(#code, &[#(#headers),*], #body, &[#(#frames),*]))
}

fn request_check(http: &HttpMessage) -> TokenStream {
    let (method, uri) = (&http.method, &http.uri);
    let headers = pairs(&http.headers);
    let (forbid, require) = (&http.forbid_headers, &http.require_headers);
    quote! {
        pt::check_request(&sent.request, &pt::ExpectedRequest {
            method: #method,
            uri: #uri,
            resolved_host: ::std::option::Option::None,
            query_params: &[],
            forbid_query_params: &[],
            require_query_params: &[],
            headers: &[#(#headers),*],
            forbid_headers: &[#(#forbid),*],
            require_headers: &[#(#require),*],
            body: ::std::option::Option::None,
            body_media_type: ::std::option::Option::None,
            xml_unordered: &[],
        });
    }
}

fn sent_checks(sent: &[SentEvent]) -> TokenStream {
    let count = sent.len();
    let checks = sent.iter().enumerate().map(|(i, e)| {
        let headers = e.headers.iter().map(|(name, kind, value)| quote!((#name, #kind, #value)));
        let (forbid, require) = (&e.forbid_headers, &e.require_headers);
        let (body, media) = (option_str(&e.body), option_str(&e.body_media_type));
        quote!(pt::check_sent_event(&sent.messages[#i], &[#(#headers),*], &[#(#forbid),*], &[#(#require),*], #body, #media);)
    });
    quote! {
        pt::check_sent_count(&sent.messages, #count);
        #(#checks)*
    }
}

/// The output and its events, or the failure the case expects.
fn outcome(case: &EventStreamCase, op: &Operation, c: &Crate) -> TokenStream {
    let stream = case.output_stream.as_ref().map(|f| ident(f));
    match &case.failure {
        None => {
            let output_check = case.output.as_ref().map(|expected| output_check(expected, op, c));
            let events = case.received.iter().filter_map(|(_, v)| v.as_ref()).map(|expected| {
                let expected = value_expr(expected);
                quote! {
                    let event = exchange.next_event(&mut output.#stream);
                    pt::check_value(&event, &#expected);
                }
            });
            quote! {
                #[allow(unused_mut)]
                let mut output = result.unwrap_or_else(|e| pt::mismatch(pt::Field::Output, format_args!("the call failed: {e:?}")));
                #output_check
                #(#events)*
            }
        }
        Some(ExpectedFailure::Operation(variant)) => {
            let module = ident(&op.module);
            let error = format_ident!("{}Error", op.type_name);
            let variant = ident(variant);
            quote! {
                let err = pt::call_error(result);
                match err.as_service_error() {
                    ::std::option::Option::Some(crate::operation::#module::#error::#variant(_)) => {}
                    _ => pt::wrong_variant(&err),
                }
            }
        }
        Some(ExpectedFailure::Stream { error, variant }) => {
            let error = type_path(error);
            let variant = ident(variant);
            quote! {
                let mut output = result.unwrap_or_else(|e| pt::mismatch(pt::Field::ErrorVariant, format_args!("the call failed: {e:?}")));
                let err = exchange.stream_error(&mut output.#stream);
                match err.as_service_error() {
                    ::std::option::Option::Some(#error::#variant(_)) => {}
                    _ => pt::wrong_variant(&err),
                }
            }
        }
        Some(ExpectedFailure::Any) => match stream {
            Some(stream) => quote! {
                if let ::std::result::Result::Ok(mut output) = result {
                    exchange.stream_error(&mut output.#stream);
                }
            },
            None => quote!(pt::call_error(result);),
        },
    }
}

/// The output's members other than its event stream, each as the case states it.
fn output_check(expected: &crate::ir::ParamValue, op: &Operation, c: &Crate) -> TokenStream {
    let output = &c.structures[op.output];
    let value = value_expr(expected);
    let fields = output.members.iter().filter(|m| m.binding != Binding::EventStream).map(|m| {
        let f = ident(&m.field);
        quote!(pt::check_debug(&output.#f, &expected.#f);)
    });
    quote! {
        let expected = #value;
        #(#fields)*
    }
}
