//! awsQuery / ec2Query form serialisers: one line per member, everything else in the runtime's
//! `query` module. Each member passes its form description (key, flattening, list member and
//! map entry names, timestamp format), built like an XML one.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use super::xml::xml_desc;
use crate::ir::{Member, Structure, Union, UnionVariant, XmlInner, XmlMember};

fn rt() -> TokenStream {
    quote!(::smithy_client_runtime::query)
}

/// The form description of a member or variant; a plain key `name` when the lowering gave none.
fn desc(query: Option<&XmlMember>, name: &str) -> TokenStream {
    match query {
        Some(x) => xml_desc(x),
        None => xml_desc(&XmlMember {
            name: name.to_owned(),
            namespace: None,
            flattened: false,
            attribute: false,
            inner: XmlInner::Value,
        }),
    }
}

/// `QuerySer` for a structure that is sent: each member under `key.<member key>`.
pub fn struct_query(s: &Structure) -> TokenStream {
    if !s.wire.ser {
        return TokenStream::new();
    }
    let name = ident(&s.path.name);
    let rt = rt();
    let lines = s.members.iter().map(ser_member);
    let (out, key) = if s.members.is_empty() { (quote!(_out), quote!(_key)) } else { (quote!(out), quote!(key)) };
    quote! {
        impl #rt::QuerySer for #name {
            #[inline]
            fn write_query(&self, #out: &mut #rt::QueryOut, #key: &str, _m: &::smithy_client_runtime::xml::Member<'_>) {
                #(#lines)*
            }
        }
    }
}

fn ser_member(m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let desc = desc(m.query.as_ref(), &m.wire_name);
    if m.boxed {
        return quote! {
            if let ::std::option::Option::Some(v) = &self.#f {
                out.field(key, &**v, &#desc);
            }
        };
    }
    quote!(out.field(key, &self.#f, &#desc);)
}

/// `QuerySer` for a union that is sent: the set member under `key.<member key>`.
pub fn union_query(u: &Union) -> TokenStream {
    if !u.wire.ser {
        return TokenStream::new();
    }
    let name = ident(&u.name);
    let rt = rt();
    let arms = u.variants.iter().map(ser_variant);
    let fail = format!("the `Unknown` variant of `{}` cannot be sent", u.name);
    quote! {
        impl #rt::QuerySer for #name {
            #[inline]
            fn write_query(&self, out: &mut #rt::QueryOut, key: &str, _m: &::smithy_client_runtime::xml::Member<'_>) {
                match self {
                    #(#arms)*
                    Self::Unknown => out.fail(#fail),
                }
            }
        }
    }
}

fn ser_variant(v: &UnionVariant) -> TokenStream {
    let n = ident(&v.name);
    let rt = rt();
    let desc = desc(v.query.as_ref(), &v.wire_name);
    match (&v.ty, v.boxed) {
        (None, _) => quote!(Self::#n => out.field(key, &#rt::EmptyValue, &#desc),),
        (Some(_), true) => quote!(Self::#n(value) => out.field(key, &**value, &#desc),),
        (Some(_), false) => quote!(Self::#n(value) => out.field(key, value, &#desc),),
    }
}
