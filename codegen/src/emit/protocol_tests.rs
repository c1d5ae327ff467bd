//! `src/protocol_tests.rs`: the model's `smithy.test` client cases as Rust tests, run inside the
//! crate so they can reach the request builder and response parsers directly.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, rust_type, type_path};
use super::document::document_literal;
use crate::ir::{Crate, ExpectedValue, HttpMessage, Operation, ParamValue, ProtocolTest, ProtocolTestKind, RustType, Structure};

/// The test module, or `None` when the crate has no cases.
pub fn emit_protocol_tests(c: &Crate) -> Option<TokenStream> {
    if c.protocol_tests.is_empty() || c.service.client_protocol.is_none() {
        return None;
    }
    let tests = c.protocol_tests.iter().map(|t| emit_test(t, c));
    Some(quote! {
        #![allow(clippy::all)]
        use ::smithy_client_runtime::protocol_test as pt;
        #(#tests)*
    })
}

fn emit_test(t: &ProtocolTest, c: &Crate) -> TokenStream {
    let name = format_ident!("{}", t.test_name);
    let doc = format!(" Protocol test `{}`.", t.id);
    let ignore = t.skip.as_ref().map(|why| quote!(#[ignore = #why]));
    let body = match &t.kind {
        ProtocolTestKind::Unsupported { why } => {
            let message = format!("this case cannot run against the generated client: {why}");
            quote!(panic!(#message);)
        }
        kind => case_body(kind, &c.operations[t.operation], c),
    };
    quote! {
        #[doc = #doc]
        #[test]
        #ignore
        fn #name() {
            #body
        }
    }
}

fn case_body(kind: &ProtocolTestKind, op: &Operation, c: &Crate) -> TokenStream {
    let module = ident(&op.module);
    let spec = quote!(crate::operation::#module::SPEC);
    let error_enum = format_ident!("{}Error", op.type_name);
    let error_type = quote!(crate::operation::#module::#error_enum);
    match kind {
        ProtocolTestKind::Request { input, http, xml_unordered } => request_body(input, http, xml_unordered, op, c),
        ProtocolTestKind::Response { output, request_id, http } => {
            let out = &c.structures[op.output];
            let out_type = type_path(&out.path);
            let response = response_expr(http);
            let expected = expected_expr(output);
            let compare = compare_struct(&output.value, out);
            let request_id = option_str(request_id);
            let ext = c.service.extended_request_id.then(|| quote!(actual._extended_request_id = ::std::option::Option::None;));
            quote! {
                let raw = pt::success(#response, &crate::client::SERVICE);
                let mut actual: #out_type = ::smithy_client_runtime::send::read_output::<#out_type, #error_type>(&#spec, crate::client::SERVICE.protocol, raw)
                    .unwrap_or_else(|e| pt::mismatch(pt::Field::Output, format_args!("the output does not parse: {e:?}")));
                pt::check_request_id(crate::operation::RequestId::request_id(&actual), #request_id);
                actual._request_id = ::std::option::Option::None;
                #ext
                let expected = #expected;
                #compare
            }
        }
        ProtocolTestKind::ErrorResponse { variant, code, error_type: query_type, error, request_id, http } => {
            let clear_message = synthetic_message(c, variant).map(|field| {
                let f = ident(&field);
                quote!(actual.#f = ::std::option::Option::None;)
            });
            let variant = ident(variant);
            let expected = expected_expr(error);
            let response = response_expr(http);
            let compare = compare(&error.value, quote!(actual), quote!(expected));
            let request_id = option_str(request_id);
            let check_type = query_type.as_ref().map(|t| quote!(pt::check_error_type(actual.meta.extra("type"), #t);));
            quote! {
                let failure = pt::service_failure(#response, &crate::client::SERVICE);
                let err = ::smithy_client_runtime::client::into_sdk_error(failure, crate::operation::#module::de_error).into_service_error();
                let #error_type::#variant(mut actual) = err else {
                    pt::wrong_variant(&err)
                };
                pt::check_error_code(::aws_smithy_types::error::metadata::ProvideErrorMetadata::code(&actual), #code);
                #check_type
                pt::check_request_id(crate::operation::RequestId::request_id(&actual), #request_id);
                actual.meta = ::std::default::Default::default();
                #clear_message
                let expected = #expected;
                #compare
            }
        }
        ProtocolTestKind::EventStream(case) => super::protocol_tests_events::event_stream_body(case, op, c),
        ProtocolTestKind::Unsupported { .. } => TokenStream::new(),
    }
}

/// The expected value, or (when the `output` comparison is sabotaged) the same value with one
/// stated value changed.
pub(super) fn expected_expr(expected: &ExpectedValue) -> TokenStream {
    let value = value_expr(&expected.value);
    match &expected.altered {
        Some(altered) => {
            let altered = value_expr(altered);
            quote!(if pt::sabotaging(pt::Field::Output) { #altered } else { #value })
        }
        None => value,
    }
}

/// The field of the message member the generator added to an error that has none in the model:
/// the case's params cannot state it.
fn synthetic_message(c: &Crate, variant: &str) -> Option<String> {
    let s = c.structures.iter().find(|s| s.path.name == variant && matches!(s.kind, crate::ir::StructKind::Error(_)))?;
    let crate::ir::StructKind::Error(info) = &s.kind else { return None };
    let m = s.members.get(info.message_member).filter(|m| info.synthetic_message && m.optional)?;
    Some(m.field.clone())
}

fn request_body(input: &ParamValue, http: &HttpMessage, xml_unordered: &[String], op: &Operation, c: &Crate) -> TokenStream {
    let input = value_expr(input);
    let module = ident(&op.module);
    let output = type_path(&c.structures[op.output].path);
    let host = http.host.clone().unwrap_or_else(|| "example.com".to_owned());
    let endpoint = format!("https://{host}");
    let region = http.region.clone().unwrap_or_else(|| "us-east-1".to_owned());
    let (method, uri) = (&http.method, &http.uri);
    let runtime = match (&http.scoped, &c.service.endpoint_rules) {
        (Some(scoped), Some(_)) => {
            let has = |name: &str| c.service.context_params.iter().any(|p| p.name == name);
            let (path_style, dual_stack, accelerate) = (scoped.force_path_style, scoped.dual_stack, scoped.accelerate);
            let path_style = has("ForcePathStyle").then(|| quote!(pt::context_flag(&mut builder, "ForcePathStyle", #path_style);));
            let accelerate = has("Accelerate").then(|| quote!(pt::context_flag(&mut builder, "Accelerate", #accelerate);));
            quote! {
                let mut builder = ::smithy_client_runtime::config::Config::builder().use_dual_stack(#dual_stack);
                #path_style
                #accelerate
                let runtime = pt::runtime_with(builder, &crate::client::SERVICE, #region);
            }
        }
        _ => quote!(let runtime = pt::runtime(#endpoint, &crate::client::SERVICE, #region);),
    };
    let resolved_host = option_str(&http.resolved_host);
    let (query, forbid_query, require_query) = (&http.query_params, &http.forbid_query_params, &http.require_query_params);
    let headers = pairs(&http.headers);
    let (forbid, require) = (&http.forbid_headers, &http.require_headers);
    let body = option_str(&http.body);
    let media = option_str(&http.body_media_type);
    quote! {
        let input = #input;
        #runtime
        let request = runtime.send::<_, #output, _>(&crate::operation::#module::SPEC, input, crate::operation::#module::de_error);
        pt::check_request(&request, &pt::ExpectedRequest {
            method: #method,
            uri: #uri,
            resolved_host: #resolved_host,
            query_params: &[#(#query),*],
            forbid_query_params: &[#(#forbid_query),*],
            require_query_params: &[#(#require_query),*],
            headers: &[#(#headers),*],
            forbid_headers: &[#(#forbid),*],
            require_headers: &[#(#require),*],
            body: #body,
            body_media_type: #media,
            xml_unordered: &[#(#xml_unordered),*],
        });
    }
}

/// Compares an output: as a whole, or field by field when a streamed member rules out `==`.
fn compare_struct(value: &ParamValue, s: &Structure) -> TokenStream {
    if !s.streaming {
        return compare(value, quote!(actual), quote!(expected));
    }
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        if m.ty == RustType::ByteStream {
            quote!(pt::check_value(&actual.#f.bytes(), &expected.#f.bytes());)
        } else {
            quote!(pt::check_debug(&actual.#f, &expected.#f);)
        }
    });
    quote!(#(#fields)*)
}

pub(super) fn response_expr(http: &HttpMessage) -> TokenStream {
    let code = http.code;
    let headers = pairs(&http.headers);
    let body = http.body.clone().unwrap_or_default();
    let cbor = http.body_media_type.as_deref().is_some_and(|m| m.contains("cbor"));
    if cbor && !body.is_empty() {
        return quote!(pt::response_base64(#code, &[#(#headers),*], #body));
    }
    quote!(pt::response(#code, &[#(#headers),*], #body))
}

pub(super) fn pairs(headers: &[(String, String)]) -> Vec<TokenStream> {
    headers.iter().map(|(k, v)| quote!((#k, #v))).collect()
}

pub(super) fn option_str(v: &Option<String>) -> TokenStream {
    match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

/// `==`, or a Debug comparison when NaN makes `==` useless.
fn compare(value: &ParamValue, actual: TokenStream, expected: TokenStream) -> TokenStream {
    if has_nan(value) {
        quote!(pt::check_debug(&#actual, &#expected);)
    } else {
        quote!(pt::check_value(&#actual, &#expected);)
    }
}

fn has_nan(v: &ParamValue) -> bool {
    match v {
        ParamValue::Float(f, _) => f.is_nan(),
        ParamValue::Struct { fields, .. } => fields.iter().any(|(_, _, v)| has_nan(v)),
        ParamValue::Union { value, .. } => value.as_deref().is_some_and(has_nan),
        ParamValue::List { items, .. } => items.iter().any(has_nan),
        ParamValue::Map { entries, .. } => entries.iter().any(|(_, v)| has_nan(v)),
        _ => false,
    }
}

/// A Rust expression that builds the value.
pub(super) fn value_expr(v: &ParamValue) -> TokenStream {
    match v {
        ParamValue::Null => quote!(::std::option::Option::None),
        ParamValue::Bool(b) => quote!(#b),
        ParamValue::Int(i, _) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#lit)
        }
        ParamValue::Float(f, ty) => float_expr(*f, ty),
        ParamValue::String(s) => quote!(#s.to_owned()),
        ParamValue::Blob(s) => quote!(::aws_smithy_types::Blob::new(#s.as_bytes())),
        ParamValue::Stream(s) => quote!(::aws_smithy_types::byte_stream::ByteStream::from(#s.as_bytes().to_vec())),
        ParamValue::Timestamp(secs, nanos) => quote!(::aws_smithy_types::DateTime::from_secs_and_nanos(#secs, #nanos)),
        ParamValue::BigNumber(text, ty) => {
            let t = rust_type(ty, crate::ir::StdNames::FULL_PATHS);
            quote!(<#t as ::std::str::FromStr>::from_str(#text).expect("a big number"))
        }
        ParamValue::Document(doc) => document_literal(doc),
        ParamValue::Enum(path, value) => {
            let t = type_path(path);
            quote!(#t::from(#value))
        }
        ParamValue::Struct { path, fallible, fields } => {
            let t = type_path(path);
            let setters = fields.iter().map(|(accessor, boxed, value)| {
                let set = format_ident!("set_{}", accessor);
                let mut e = value_expr(value);
                if *boxed {
                    e = quote!(::std::boxed::Box::new(#e));
                }
                quote!(.#set(::std::option::Option::Some(#e)))
            });
            let finish = fallible.then(|| quote!(.expect("the expected value builds")));
            quote!(#t::builder() #(#setters)* .build() #finish)
        }
        ParamValue::Union { path, variant, boxed, value } => {
            let t = type_path(path);
            let variant = ident(variant);
            match value {
                None => quote!(#t::#variant),
                Some(v) => {
                    let mut e = value_expr(v);
                    if *boxed {
                        e = quote!(::std::boxed::Box::new(#e));
                    }
                    quote!(#t::#variant(#e))
                }
            }
        }
        ParamValue::List { items, sparse } => {
            let items = items.iter().map(|i| element_expr(i, *sparse));
            quote!(::std::vec![#(#items),*])
        }
        ParamValue::Events(events) => {
            let events = events.iter().map(|item| match item {
                crate::ir::SentItem::Event(event) => {
                    let e = value_expr(event);
                    quote!(::std::result::Result::Ok(#e))
                }
                crate::ir::SentItem::Error(error) => {
                    let e = value_expr(error);
                    quote!(::std::result::Result::Err(#e))
                }
            });
            quote!(pt::events(::std::vec![#(#events),*]))
        }
        ParamValue::Map { entries, sparse } => {
            let entries = entries.iter().map(|(k, v)| {
                let (k, v) = (value_expr(k), element_expr(v, *sparse));
                quote!((#k, #v))
            });
            quote!(::std::collections::HashMap::from([#(#entries),*]))
        }
    }
}

fn element_expr(v: &ParamValue, sparse: bool) -> TokenStream {
    match (v, sparse) {
        (ParamValue::Null, _) => quote!(::std::option::Option::None),
        (v, true) => {
            let e = value_expr(v);
            quote!(::std::option::Option::Some(#e))
        }
        (v, false) => value_expr(v),
    }
}

fn float_expr(f: f64, ty: &RustType) -> TokenStream {
    let t = if *ty == RustType::F32 { quote!(f32) } else { quote!(f64) };
    if f.is_nan() {
        quote!(#t::NAN)
    } else if f.is_infinite() && f > 0.0 {
        quote!(#t::INFINITY)
    } else if f.is_infinite() {
        quote!(#t::NEG_INFINITY)
    } else {
        let lit = proc_macro2::Literal::f64_unsuffixed(f);
        quote!(#lit)
    }
}
