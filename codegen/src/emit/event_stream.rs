//! An event stream union's events: `ReadEvent` (which member an `:event-type` names, read as
//! that event's structure) and `WriteEvent` (the member's structure written into a message).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use crate::ir::{Union, UnionVariant};

/// `ReadEvent` for an event stream union that outputs receive, `WriteEvent` for one that
/// inputs send.
pub fn union_events(u: &Union) -> TokenStream {
    let rt = quote!(::smithy_client_runtime);
    let name = ident(&u.name);
    let events: Vec<&UnionVariant> = u.variants.iter().filter(|v| v.ty.is_some()).collect();
    let reads = events.iter().map(|v| {
        let (key, variant) = (&v.member_name, ident(&v.name));
        let mut value = quote!(#rt::response::ReadResponse::read_response(r)?);
        if v.boxed {
            value = quote!(::std::boxed::Box::new(#value));
        }
        quote!(#key => Self::#variant(#value),)
    });
    let writes = events.iter().map(|v| {
        let (key, variant) = (&v.member_name, ident(&v.name));
        let value = if v.boxed { quote!(*value) } else { quote!(value) };
        quote!(Self::#variant(value) => #rt::event_stream::write_event(#key, #value, protocol),)
    });
    let r = if events.is_empty() { quote!(_r) } else { quote!(r) };
    let p = if events.is_empty() { quote!(_protocol) } else { quote!(protocol) };
    let read = quote! {
        impl #rt::event_stream::ReadEvent for #name {
            fn read_event(event_type: &str, #r: &mut #rt::response::ResponseReader<'_>) -> ::std::result::Result<Self, #rt::error::BoxError> {
                ::std::result::Result::Ok(match event_type {
                    #(#reads)*
                    _ => Self::Unknown,
                })
            }
        }
    };
    let write = quote! {
        impl #rt::event_stream::WriteEvent for #name {
            fn write_event(self, #p: #rt::protocol::Protocol) -> ::std::result::Result<#rt::event_stream::Message, #rt::error::BoxError> {
                match self {
                    #(#writes)*
                    Self::Unknown => ::std::result::Result::Err(#rt::event_stream::unknown_event()),
                }
            }
        }
    };
    let read = u.wire.de.then_some(read);
    let write = u.wire.ser.then_some(write);
    quote!(#read #write)
}
