//! `WriteRequest` for operation inputs and `ReadResponse` for outputs and errors: one call per
//! member, named for where the member goes (label, query, header, payload, body...). The
//! document body itself is written and read by the protocol's codec (`json` or `xml`).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use super::structure::fill_default;
use super::xml::{member_desc, xml_desc};
use crate::ir::{Binding, ClientProtocol, Crate, LabelAdjust, Member, PresignAsGet, RustType, StdNames, StructKind, Structure, TimestampFormat};

fn rt() -> TokenStream {
    quote!(::smithy_client_runtime)
}

/// `aws_smithy_types::date_time::Format::X` for a timestamp format.
pub fn format_expr(format: TimestampFormat) -> TokenStream {
    let f = match format {
        TimestampFormat::EpochSeconds => quote!(EpochSeconds),
        TimestampFormat::DateTime => quote!(DateTime),
        TimestampFormat::HttpDate => quote!(HttpDate),
    };
    quote!(::aws_smithy_types::date_time::Format::#f)
}

fn is_timestamp_list(ty: &RustType) -> bool {
    matches!(ty, RustType::List { element, .. } if **element == RustType::DateTime)
}

fn is_list(ty: &RustType) -> bool {
    matches!(ty, RustType::List { .. })
}

fn ts(m: &Member) -> TokenStream {
    format_expr(m.timestamp_format.unwrap_or(TimestampFormat::DateTime))
}

/// Whether the member is written into (or read from) the document body.
fn in_body(m: &Member) -> bool {
    m.binding == Binding::Body
}

/// `impl WriteRequest` for an operation input, or for an event written into an event message
/// (which has a payload document only when it has members in one).
pub fn write_request(s: &Structure, c: &Crate, protocol: ClientProtocol) -> TokenStream {
    let event = s.kind == StructKind::Data;
    let rt = rt();
    let name = ident(&s.path.name);
    let mut lines: Vec<TokenStream> = s.members.iter().filter_map(|m| bound_write(m, protocol)).collect();
    lines.extend(s.members.iter().filter(|m| m.host_label).map(|m| {
        let (f, key) = (ident(&m.field), &m.name);
        quote!(r.host_label(#key, self.#f.as_ref());)
    }));
    if let Some(field) = &s.endpoint_override {
        let f = ident(field);
        lines.push(quote!(r.endpoint_override(self.#f.as_deref());));
    }
    let has_body = s.members.iter().any(in_body);
    if event && !has_body {
        // Headers and an explicit payload only.
    } else if protocol.is_query() {
        lines.push(quote!(r.query_body(&self);));
    } else if protocol.is_rpc_v2() && s.unit {
        // RPC v2 sends no body (and no `Content-Type`) for a Unit input.
    } else if protocol.is_cbor() {
        lines.push(quote!(r.cbor_body(&self);));
    } else if protocol.is_json() && (has_body || !protocol.has_http_bindings()) {
        lines.push(quote!(r.json_body(&self);));
    } else if protocol.is_xml() && has_body {
        let root = s.xml_root.as_ref().map(xml_desc).unwrap_or_else(|| quote!(#rt::xml::Member::new("")));
        lines.push(quote!(r.xml_body(&self, &#root);));
    }
    // A streamed payload moves out of `self`, so it is written after everything that borrows.
    lines.extend(s.members.iter().filter(|m| m.binding == Binding::Payload && m.ty == RustType::ByteStream).map(|m| {
        let f = ident(&m.field);
        let ct = m.media_type.as_deref().unwrap_or("application/octet-stream");
        quote!(r.payload_stream(self.#f, #ct);)
    }));
    lines.extend(s.members.iter().filter(|m| m.binding == Binding::EventStream).map(|m| {
        let f = ident(&m.field);
        quote!(r.event_stream(self.#f);)
    }));
    let tokens: Vec<TokenStream> = s
        .members
        .iter()
        .filter(|m| m.idempotency_token && m.ty == RustType::String && m.optional)
        .map(|m| {
            let f = ident(&m.field);
            quote!(#rt::request::fill_token(&mut self.#f, token);)
        })
        .collect();
    let fill = (!tokens.is_empty()).then(|| {
        quote! {
            #[inline]
            fn fill_idempotency_tokens(&mut self, token: &mut dyn ::std::ops::FnMut() -> ::std::string::String) {
                #(#tokens)*
            }
        }
    });
    let endpoint = super::endpoint::input_endpoint_params(s);
    let r = if lines.is_empty() { quote!(_r) } else { quote!(r) };
    let _ = c;
    quote! {
        impl #rt::request::WriteRequest for #name {
            #[inline]
            fn write_request(self, #r: &mut #rt::request::RequestWriter) {
                #(#lines)*
            }
            #fill
            #endpoint
        }
    }
}

/// `write_query_for_presigning` on an input: its members as `presign` binds them (each in the
/// query string under its member name, for an operation presigned as a GET).
pub fn write_query_for_presigning(s: &Structure, presign: &PresignAsGet, protocol: ClientProtocol) -> TokenStream {
    let rt = rt();
    let name = ident(&s.path.name);
    let lines: Vec<TokenStream> = presign.members.iter().filter_map(|m| bound_write(m, protocol)).collect();
    let r = if lines.is_empty() { quote!(_r) } else { quote!(r) };
    quote! {
        impl #name {
            /// Writes every member into the query string under its member name: the request
            /// `presigned()` signs.
            pub(crate) fn write_query_for_presigning(self, #r: &mut #rt::request::RequestWriter) {
                #(#lines)*
            }
        }
    }
}

/// The writer call for a label a per-service rule adjusts.
fn label_adjusted(key: &str, value: &TokenStream, adjust: &LabelAdjust) -> TokenStream {
    match adjust {
        LabelAdjust::TrimPrefixes(prefixes) => quote!(r.label_trimmed(#key, #value, &[#(#prefixes),*]);),
        LabelAdjust::DefaultWhenEmpty(fallback) => quote!(r.label_or(#key, #value, #fallback);),
    }
}

/// The writer call for a member bound outside the document body (streamed payloads excepted).
fn bound_write(m: &Member, protocol: ClientProtocol) -> Option<TokenStream> {
    let f = ident(&m.field);
    let value = if m.boxed { quote!(self.#f.as_deref()) } else { quote!(self.#f.as_ref()) };
    let line = match &m.binding {
        Binding::Body | Binding::ResponseCode | Binding::EventStream => return None,
        Binding::EventHeader(key) => match &m.ty {
            RustType::Enum(_) => quote!(r.event_header_text(#key, #value);),
            _ => quote!(r.event_header(#key, #value);),
        },
        Binding::Label { greedy, adjust } => {
            let key = &m.name;
            if let Some(adjust) = adjust {
                label_adjusted(key, &value, adjust)
            } else if m.ty == RustType::DateTime {
                let fmt = ts(m);
                quote!(r.label_ts(#key, #value, #fmt);)
            } else if *greedy {
                quote!(r.greedy_label(#key, #value);)
            } else {
                quote!(r.label(#key, #value);)
            }
        }
        Binding::Query(key) => match &m.ty {
            RustType::DateTime => {
                let fmt = ts(m);
                quote!(r.query_ts(#key, #value, #fmt);)
            }
            ty if is_timestamp_list(ty) => {
                let fmt = ts(m);
                quote!(r.query_ts_list(#key, #value, #fmt);)
            }
            ty if is_list(ty) => quote!(r.query_list(#key, #value);),
            _ => quote!(r.query(#key, #value);),
        },
        Binding::QueryParams => match &m.ty {
            RustType::Map { value: v, .. } if is_list(v) => quote!(r.query_params_list(#value);),
            _ => quote!(r.query_params(#value);),
        },
        Binding::Header(key) => match &m.ty {
            RustType::String if m.media_type.is_some() => quote!(r.header_base64(#key, #value);),
            RustType::DateTime => {
                let fmt = ts(m);
                quote!(r.header_ts(#key, #value, #fmt);)
            }
            ty if is_timestamp_list(ty) => {
                let fmt = ts(m);
                quote!(r.header_ts_list(#key, #value, #fmt);)
            }
            ty if is_list(ty) => quote!(r.header_list(#key, #value);),
            _ => quote!(r.header(#key, #value);),
        },
        Binding::PrefixHeaders(prefix) => quote!(r.prefix_headers(#prefix, #value);),
        Binding::Payload => match &m.ty {
            RustType::ByteStream => return None,
            RustType::Blob => {
                let ct = m.media_type.as_deref().unwrap_or("application/octet-stream");
                quote!(r.payload_blob(#value, #ct);)
            }
            RustType::String | RustType::Enum(_) => {
                let ct = m.media_type.as_deref().unwrap_or("text/plain");
                quote!(r.payload_text(#value, #ct);)
            }
            _ if protocol.is_xml() => {
                let desc = member_desc(m);
                quote!(r.payload_xml(#value, &#desc);)
            }
            _ if protocol.is_cbor() => quote!(r.payload_cbor(#value);),
            ty => {
                let unset_as_object = matches!(ty, RustType::Struct(_));
                quote!(r.payload_json(#value, #unset_as_object);)
            }
        },
    };
    Some(line)
}

/// `impl ReadResponse` for an operation output or an error structure.
pub fn read_response(s: &Structure, c: &Crate, protocol: ClientProtocol) -> TokenStream {
    let rt = rt();
    let name = ident(&s.path.name);
    let has_body = s.members.iter().any(in_body);
    let is_error = matches!(s.kind, StructKind::Error(_));
    let prelude = match () {
        _ if !has_body => TokenStream::new(),
        _ if protocol.is_json() => quote! {
            let body = r.json()?;
            let o = #rt::json::object(&body)?;
        },
        _ if protocol.is_cbor() => quote! {
            let body = r.cbor()?;
            let o = #rt::cbor::object(&body)?;
        },
        _ if is_error => quote!(let doc = &r.xml_error()?;),
        _ => match &s.result_element {
            Some(name) => quote! {
                let root = r.xml()?;
                let doc = #rt::xml::result_element(&root, #name);
            },
            None => quote!(let doc = &r.xml()?;),
        },
    };
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let value = read_member(s, m, protocol, c.std);
        quote!(#f: #value,)
    });
    let extra = match s.kind {
        StructKind::Output if c.service.extended_request_id => quote! {
            _request_id: r.request_id(),
            _extended_request_id: r.extended_request_id(),
        },
        StructKind::Output => quote!(_request_id: r.request_id(),),
        StructKind::Error(_) => quote!(meta: ::std::default::Default::default(),),
        _ => TokenStream::new(),
    };
    let uses_reader = !s.members.is_empty() || s.kind == StructKind::Output;
    let r = if uses_reader { quote!(r) } else { quote!(_r) };
    quote! {
        impl #rt::response::ReadResponse for #name {
            #[inline]
            fn read_response(#r: &mut #rt::response::ResponseReader<'_>) -> ::std::result::Result<Self, #rt::error::BoxError> {
                #prelude
                ::std::result::Result::Ok(Self { #(#fields)* #extra })
            }
        }
    }
}

fn read_member(s: &Structure, m: &Member, protocol: ClientProtocol, std: StdNames) -> TokenStream {
    let rt = rt();
    match &m.ty {
        RustType::ByteStream => return quote!(r.stream()),
        RustType::EventReceiver(_) => return quote!(r.event_stream()),
        _ => {}
    }
    let mut read = match &m.binding {
        Binding::Body if protocol.is_json() => {
            let key = &m.wire_name;
            quote!(#rt::json::field(o, #key)?)
        }
        Binding::Body if protocol.is_cbor() => {
            let key = &m.wire_name;
            quote!(#rt::cbor::field(o, #key)?)
        }
        Binding::Body => {
            let desc = member_desc(m);
            if s.unwrapped_xml {
                quote!(::std::option::Option::Some(#rt::xml::read(doc, &#desc)?))
            } else {
                quote!(#rt::xml::field(doc, &#desc)?)
            }
        }
        Binding::Header(key) => match &m.ty {
            RustType::String if m.media_type.is_some() => quote!(r.header_base64(#key)?),
            RustType::DateTime if m.lenient => {
                let fmt = ts(m);
                quote!(r.header_ts_lenient(#key, #fmt)?)
            }
            RustType::DateTime => {
                let fmt = ts(m);
                quote!(r.header_ts(#key, #fmt)?)
            }
            ty if is_timestamp_list(ty) => {
                let fmt = ts(m);
                quote!(r.header_ts_list(#key, #fmt)?)
            }
            ty if is_list(ty) => quote!(r.header_list(#key)?),
            _ => quote!(r.header(#key)?),
        },
        Binding::PrefixHeaders(prefix) => quote!(r.prefix_headers(#prefix)?),
        Binding::EventHeader(key) => match &m.ty {
            RustType::DateTime => quote!(r.event_header_ts(#key)?),
            RustType::Blob => quote!(r.event_header_blob(#key)?),
            _ => quote!(r.event_header(#key)?),
        },
        Binding::ResponseCode => quote!(r.status()),
        Binding::Payload => match &m.ty {
            RustType::Blob => quote!(r.payload_blob()),
            RustType::String | RustType::Enum(_) => quote!(r.payload_text()?),
            _ if protocol.is_xml() => {
                let desc = member_desc(m);
                quote!(r.payload_xml(&#desc)?)
            }
            _ if protocol.is_cbor() => quote!(r.payload_cbor()?),
            _ => quote!(r.payload_json()?),
        },
        // Labels and query parameters only bind inputs; an input's event stream is not read.
        Binding::Label { .. } | Binding::Query(_) | Binding::QueryParams | Binding::EventStream => quote!(::std::option::Option::None),
    };
    if m.boxed {
        read = quote!(#read.map(::std::boxed::Box::new));
    }
    if m.optional {
        read
    } else {
        fill_default(m, read, std)
    }
}
