//! restXml (de)serialisers: one line per member, everything else in the runtime's `xml` module.
//! Each member passes its `xml::Member` description (element or attribute name, namespace,
//! flattening, list member and map entry names, timestamp format).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use super::http::format_expr;
use super::structure::fill_default;
use crate::ir::{Binding, Member, StdNames, StructKind, Structure, Union, UnionVariant, XmlInner, XmlMember};

fn rt() -> TokenStream {
    quote!(::smithy_client_runtime::xml)
}

/// The runtime description of an element, as a constant expression.
pub fn xml_desc(x: &XmlMember) -> TokenStream {
    let rt = rt();
    let name = &x.name;
    let mut e = quote!(#rt::Member::new(#name));
    if let Some(ns) = &x.namespace {
        let uri = &ns.uri;
        let prefix = match &ns.prefix {
            Some(p) => quote!(::std::option::Option::Some(#p)),
            None => quote!(::std::option::Option::None),
        };
        e = quote!(#e.ns(#uri, #prefix));
    }
    if x.flattened {
        e = quote!(#e.flat());
    }
    if x.attribute {
        e = quote!(#e.attr());
    }
    match &x.inner {
        XmlInner::Value => e,
        XmlInner::Timestamp(format) => {
            let f = format_expr(*format);
            quote!(#e.ts(#f))
        }
        XmlInner::List(item) => {
            let item = xml_desc(item);
            quote!(#e.list(&#item))
        }
        XmlInner::Map(k, v) => {
            let (k, v) = (xml_desc(k), xml_desc(v));
            quote!(#e.map(&#k, &#v))
        }
    }
}

/// The XML description of a member or union variant; a plain element named `name` when the
/// lowering gave none.
fn desc_or_element(xml: Option<&XmlMember>, name: &str) -> TokenStream {
    match xml {
        Some(x) => xml_desc(x),
        None => {
            let rt = rt();
            quote!(#rt::Member::new(#name))
        }
    }
}

/// A structure member's XML description.
pub fn member_desc(m: &Member) -> TokenStream {
    desc_or_element(m.xml.as_ref(), &m.wire_name)
}

fn is_attribute(m: &Member) -> bool {
    m.xml.as_ref().is_some_and(|x| x.attribute)
}

/// `XmlSer` / `XmlDe` for a structure, as its wire needs (`XmlSer` only when requests are XML,
/// `sends_xml`). Inputs write only their body members; outputs and errors are read through
/// `ReadResponse` instead.
pub fn struct_xml(s: &Structure, std: StdNames, sends_xml: bool) -> TokenStream {
    let name = ident(&s.path.name);
    let rt = rt();
    let body: Vec<&Member> = s.members.iter().filter(|m| m.binding == Binding::Body).collect();
    let ser = (sends_xml && s.wire.ser).then(|| {
        let attrs = body.iter().filter(|m| is_attribute(m)).map(|m| {
            let (f, desc) = (ident(&m.field), member_desc(m));
            quote!(out.attr(&self.#f, &#desc);)
        });
        let children = body.iter().filter(|m| !is_attribute(m)).map(|m| ser_member(m));
        quote! {
            impl #rt::XmlSer for #name {
                #[inline]
                fn write_xml(&self, out: &mut #rt::XmlOut, m: &#rt::Member<'_>) {
                    out.open(m);
                    #(#attrs)*
                    out.children();
                    #(#children)*
                    out.close(m);
                }
            }
        }
    });
    let de = (s.wire.de && (s.kind == StructKind::Data || s.wire.de_as_member)).then(|| {
        let meta = matches!(s.kind, StructKind::Error(_)).then(|| quote!(meta: ::std::default::Default::default(),));
        let fields = s.members.iter().map(|m| {
            let f = ident(&m.field);
            let desc = member_desc(m);
            let mut read = quote!(#rt::field(node, &#desc)?);
            if m.boxed {
                read = quote!(#read.map(::std::boxed::Box::new));
            }
            let value = if m.optional { read } else { fill_default(m, read, std) };
            quote!(#f: #value,)
        });
        let node = if s.members.is_empty() { quote!(_node) } else { quote!(node) };
        quote! {
            impl #rt::XmlDe for #name {
                #[inline]
                fn read_xml(#node: &#rt::XmlNode, _m: &#rt::Member<'_>) -> ::std::result::Result<Self, #rt::XmlError> {
                    ::std::result::Result::Ok(Self { #(#fields)* #meta })
                }
            }
        }
    });
    quote!(#ser #de)
}

fn ser_member(m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let desc = member_desc(m);
    let rt = rt();
    if m.boxed {
        return quote! {
            if let ::std::option::Option::Some(v) = &self.#f {
                #rt::XmlSer::write_xml(&**v, out, &#desc);
            }
        };
    }
    quote!(#rt::XmlSer::write_xml(&self.#f, out, &#desc);)
}

/// `XmlSer` / `XmlDe` for a union: one child element, named for the set member (`XmlSer` only
/// when requests are XML, `sends_xml`).
pub fn union_xml(u: &Union, sends_xml: bool) -> TokenStream {
    let name = ident(&u.name);
    let rt = rt();
    let ser = (sends_xml && u.wire.ser).then(|| {
        let arms = u.variants.iter().map(ser_variant);
        let fail = format!("the `Unknown` variant of `{}` cannot be sent", u.name);
        quote! {
            impl #rt::XmlSer for #name {
                #[inline]
                fn write_xml(&self, out: &mut #rt::XmlOut, m: &#rt::Member<'_>) {
                    out.open(m);
                    out.children();
                    match self {
                        #(#arms)*
                        Self::Unknown => out.fail(#fail),
                    }
                    out.close(m);
                }
            }
        }
    });
    let de = u.wire.de.then(|| {
        let arms = u.variants.iter().map(de_variant);
        let child = if u.variants.iter().any(|v| v.ty.is_some()) { quote!(child) } else { quote!(_child) };
        quote! {
            impl #rt::XmlDe for #name {
                #[inline]
                fn read_xml(node: &#rt::XmlNode, _m: &#rt::Member<'_>) -> ::std::result::Result<Self, #rt::XmlError> {
                    let (key, #child) = #rt::union_member(node)?;
                    ::std::result::Result::Ok(match key {
                        #(#arms)*
                        _ => Self::Unknown,
                    })
                }
            }
        }
    });
    quote!(#ser #de)
}

fn variant_desc(v: &UnionVariant) -> TokenStream {
    desc_or_element(v.xml.as_ref(), &v.wire_name)
}

fn ser_variant(v: &UnionVariant) -> TokenStream {
    let n = ident(&v.name);
    let rt = rt();
    let desc = variant_desc(v);
    match (&v.ty, v.boxed) {
        (None, _) => quote!(Self::#n => #rt::XmlSer::write_xml(&#rt::EmptyElement, out, &#desc),),
        (Some(_), true) => quote!(Self::#n(value) => #rt::XmlSer::write_xml(&**value, out, &#desc),),
        (Some(_), false) => quote!(Self::#n(value) => #rt::XmlSer::write_xml(value, out, &#desc),),
    }
}

fn de_variant(v: &UnionVariant) -> TokenStream {
    let n = ident(&v.name);
    let key = v.xml.as_ref().map_or(&v.wire_name, |x| &x.name);
    let rt = rt();
    let desc = variant_desc(v);
    match (&v.ty, v.boxed) {
        (None, _) => quote!(#key => Self::#n,),
        (Some(_), true) => quote!(#key => Self::#n(::std::boxed::Box::new(#rt::read(child, &#desc)?)),),
        (Some(_), false) => quote!(#key => Self::#n(#rt::read(child, &#desc)?),),
    }
}
