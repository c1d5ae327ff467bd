//! JSON (de)serialisers (awsJson, restJson1): one line per member, everything else in the
//! runtime's `json` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use super::structure::fill_default;
use crate::ir::{Binding, Member, RustType, StdNames, StructKind, Structure, TimestampFormat, Union, UnionVariant};

/// The names of a JSON-shaped codec in the runtime: JSON itself, or CBOR, whose module mirrors
/// JSON's API (an object writer with `field`/`opt`/`ts`, `object`/`field`/`union_member` readers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// `smithy_client_runtime::json`.
    Json,
    /// `smithy_client_runtime::cbor`.
    Cbor,
}

impl Codec {
    /// The runtime module.
    pub fn module(self) -> TokenStream {
        match self {
            Codec::Json => quote!(::smithy_client_runtime::json),
            Codec::Cbor => quote!(::smithy_client_runtime::cbor),
        }
    }

    fn names(self) -> [proc_macro2::Ident; 7] {
        let names = match self {
            Codec::Json => ["JsonSer", "JsonDe", "write_json", "read_json", "JsonOut", "Value", "JsonError"],
            Codec::Cbor => ["CborSer", "CborDe", "write_cbor", "read_cbor", "CborOut", "CborValue", "CborError"],
        };
        names.map(|n| proc_macro2::Ident::new(n, proc_macro2::Span::call_site()))
    }
}

/// The non-default timestamp format of a value, as a `Format` expression.
fn format_of(format: Option<TimestampFormat>, ty: &RustType) -> Option<TokenStream> {
    let format = match format? {
        TimestampFormat::EpochSeconds => return None,
        TimestampFormat::DateTime => quote!(DateTime),
        TimestampFormat::HttpDate => quote!(HttpDate),
    };
    contains_timestamp(ty).then(|| quote!(::aws_smithy_types::date_time::Format::#format))
}

fn contains_timestamp(ty: &RustType) -> bool {
    match ty {
        RustType::DateTime => true,
        RustType::List { element, .. } => contains_timestamp(element),
        RustType::Map { value, .. } => contains_timestamp(value),
        _ => false,
    }
}

/// `JsonSer` / `JsonDe` for a structure, as its wire needs. Inputs write only their body
/// members; outputs and errors are read through `ReadResponse` instead.
pub fn struct_json(s: &Structure, std: StdNames, codec: Codec) -> TokenStream {
    let name = ident(&s.path.name);
    let rt = codec.module();
    let [ser_trait, _, write, _, out_type, _, _] = codec.names();
    let ser = s.wire.ser.then(|| {
        let body: Vec<&Member> = s.members.iter().filter(|m| m.binding == Binding::Body).collect();
        let lines = body.iter().map(|m| ser_member(m));
        let o = if body.is_empty() { quote!(_o) } else { quote!(o) };
        quote! {
            impl #rt::#ser_trait for #name {
                #[inline]
                fn #write(&self, out: &mut #rt::#out_type) {
                    let mut #o = out.object();
                    #(#lines)*
                    #o.end();
                }
            }
        }
    });
    let de = (s.wire.de && (s.kind == StructKind::Data || s.wire.de_as_member)).then(|| struct_de(s, &name, std, codec));
    quote!(#ser #de)
}

fn ser_member(m: &Member) -> TokenStream {
    let key = &m.wire_name;
    let f = ident(&m.field);
    match (format_of(m.timestamp_format, &m.ty), m.optional) {
        (Some(fmt), true) => quote!(o.opt_ts(#key, &self.#f, #fmt);),
        (Some(fmt), false) => quote!(o.ts(#key, &self.#f, #fmt);),
        (None, true) if m.boxed => quote! {
            if let ::std::option::Option::Some(v) = &self.#f {
                o.field(#key, &**v);
            }
        },
        (None, true) => quote!(o.opt(#key, &self.#f);),
        (None, false) => quote!(o.field(#key, &self.#f);),
    }
}

fn struct_de(s: &Structure, name: &proc_macro2::Ident, std: StdNames, codec: Codec) -> TokenStream {
    let rt = codec.module();
    let [_, de_trait, _, read, _, value_type, error_type] = codec.names();
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let key = &m.wire_name;
        let mut read = quote!(#rt::field(o, #key)?);
        if m.boxed {
            read = quote!(#read.map(::std::boxed::Box::new));
        }
        let value = if m.optional { read } else { fill_default(m, read, std) };
        quote!(#f: #value,)
    });
    let object = if s.members.is_empty() { quote!(#rt::object(v)?;) } else { quote!(let o = #rt::object(v)?;) };
    let meta = matches!(s.kind, StructKind::Error(_)).then(|| quote!(meta: ::std::default::Default::default(),));
    quote! {
        impl #rt::#de_trait for #name {
            #[inline]
            fn #read(v: &#rt::#value_type) -> ::std::result::Result<Self, #rt::#error_type> {
                #object
                ::std::result::Result::Ok(Self { #(#fields)* #meta })
            }
        }
    }
}

/// `JsonSer` / `JsonDe` for a union.
pub fn union_json(u: &Union, codec: Codec) -> TokenStream {
    let name = ident(&u.name);
    let rt = codec.module();
    let [ser_trait, de_trait, write, read, out_type, value_type, error_type] = codec.names();
    let ser = u.wire.ser.then(|| {
        let arms = u.variants.iter().map(|v| ser_variant(v, codec));
        let fail = format!("the `Unknown` variant of `{}` cannot be sent", u.name);
        quote! {
            impl #rt::#ser_trait for #name {
                #[inline]
                fn #write(&self, out: &mut #rt::#out_type) {
                    match self {
                        #(#arms)*
                        Self::Unknown => out.fail(#fail),
                    }
                }
            }
        }
    });
    let de = u.wire.de.then(|| {
        let arms = u.variants.iter().map(|v| de_variant(v, codec));
        let value = if u.variants.iter().any(|v| v.ty.is_some()) { quote!(value) } else { quote!(_value) };
        quote! {
            impl #rt::#de_trait for #name {
                #[inline]
                fn #read(v: &#rt::#value_type) -> ::std::result::Result<Self, #rt::#error_type> {
                    let (key, #value) = #rt::union_member(v)?;
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

fn ser_variant(v: &UnionVariant, codec: Codec) -> TokenStream {
    let n = ident(&v.name);
    let key = &v.wire_name;
    let rt = codec.module();
    let Some(ty) = &v.ty else {
        return quote!(Self::#n => out.object().field(#key, &#rt::EmptyObject).end(),);
    };
    let value = if v.boxed { quote!(&**value) } else { quote!(value) };
    match format_of(v.timestamp_format, ty) {
        Some(fmt) => quote!(Self::#n(value) => out.object().ts(#key, #value, #fmt).end(),),
        None => quote!(Self::#n(value) => out.object().field(#key, #value).end(),),
    }
}

fn de_variant(v: &UnionVariant, codec: Codec) -> TokenStream {
    let n = ident(&v.name);
    let key = &v.wire_name;
    let rt = codec.module();
    let [_, de_trait, _, read, _, _, _] = codec.names();
    match (&v.ty, v.boxed) {
        (None, _) => quote!(#key => Self::#n,),
        (Some(_), true) => quote!(#key => Self::#n(::std::boxed::Box::new(#rt::#de_trait::#read(value)?)),),
        (Some(_), false) => quote!(#key => Self::#n(#rt::#de_trait::#read(value)?),),
    }
}
