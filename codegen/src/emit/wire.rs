//! The wire impls of each generated type, for the crate's protocol: the body codec (`json`,
//! `cbor`, `xml`, or `query` forms with `xml` responses), `WriteRequest` for inputs, `ReadResponse` (and `ModeledError`) for outputs and errors,
//! `WireEnum` for enums. Nothing is emitted for a protocol the generator cannot send.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use super::json::Codec;
use crate::ir::{ClientProtocol, Crate, Enum, StructKind, Structure, Union};

/// Every wire impl of a structure.
pub fn struct_impls(s: &Structure, c: &Crate) -> TokenStream {
    let Some(protocol) = c.service.client_protocol else { return TokenStream::new() };
    let codec = struct_codec(s, c, protocol);
    let http = match s.kind {
        StructKind::Input => super::http::write_request(s, c, protocol),
        StructKind::Output => super::http::read_response(s, c, protocol),
        StructKind::Error(_) => {
            let read = s.wire.de.then(|| {
                let read = super::http::read_response(s, c, protocol);
                let modeled = modeled_error(s);
                quote!(#read #modeled)
            });
            // An input stream's error, sent as an exception message.
            let write = s.event_message.ser.then(|| super::http::write_request(s, c, protocol));
            quote!(#read #write)
        }
        StructKind::Data => {
            let write = s.event_message.ser.then(|| super::http::write_request(s, c, protocol));
            let read = s.event_message.de.then(|| super::http::read_response(s, c, protocol));
            quote!(#write #read)
        }
    };
    quote!(#codec #http)
}

/// The body (de)serialisers of a structure.
fn struct_codec(s: &Structure, c: &Crate, protocol: ClientProtocol) -> TokenStream {
    if protocol.is_query() {
        let de = super::xml::struct_xml(s, c.std, false);
        let ser = super::query::struct_query(s);
        quote!(#ser #de)
    } else if protocol.is_xml() {
        super::xml::struct_xml(s, c.std, true)
    } else if protocol.is_cbor() {
        super::json::struct_json(s, c.std, Codec::Cbor)
    } else {
        super::json::struct_json(s, c.std, Codec::Json)
    }
}

/// `ModeledError`: the metadata is attached after the body is read; the message comes from it
/// when the body had none.
fn modeled_error(s: &Structure) -> TokenStream {
    let StructKind::Error(info) = &s.kind else { return TokenStream::new() };
    let Some(m) = s.members.get(info.message_member) else { return TokenStream::new() };
    let name = ident(&s.path.name);
    let f = ident(&m.field);
    let take_message = m.optional.then(|| {
        quote! {
            if self.#f.is_none() {
                self.#f = meta.message().map(::std::borrow::ToOwned::to_owned);
            }
        }
    });
    quote! {
        impl ::smithy_client_runtime::response::ModeledError for #name {
            #[inline]
            fn set_meta(&mut self, meta: ::aws_smithy_types::error::ErrorMetadata) {
                #take_message
                self.meta = meta;
            }
        }
    }
}

/// `WireEnum` for a string enum that crosses the wire.
pub fn enum_impls(e: &Enum, c: &Crate) -> TokenStream {
    if c.service.client_protocol.is_none() || (!e.wire.ser && !e.wire.de) {
        return TokenStream::new();
    }
    let name = ident(&e.name);
    quote! {
        impl ::smithy_client_runtime::value::WireEnum for #name {
            #[inline]
            fn wire_str(&self) -> &str {
                self.as_str()
            }
            #[inline]
            fn from_wire(s: &str) -> Self {
                Self::from(s)
            }
        }
    }
}

/// The body codec of a union; for an event stream, how its events are read from and written
/// into messages.
pub fn union_impls(u: &Union, c: &Crate) -> TokenStream {
    if u.event_stream.is_some() {
        return match c.service.client_protocol {
            Some(_) => super::event_stream::union_events(u),
            None => TokenStream::new(),
        };
    }
    match c.service.client_protocol {
        Some(p) if p.is_query() => {
            let de = super::xml::union_xml(u, false);
            let ser = super::query::union_query(u);
            quote!(#ser #de)
        }
        Some(p) if p.is_xml() => super::xml::union_xml(u, true),
        Some(p) if p.is_cbor() => super::json::union_json(u, Codec::Cbor),
        Some(_) => super::json::union_json(u, Codec::Json),
        None => TokenStream::new(),
    }
}
