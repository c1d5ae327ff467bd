//! Unions: an enum with one variant per member, `as_*`/`is_*` helpers and an `Unknown` variant.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{deprecated, docs, ident, rust_type, REDACTED};
use crate::ir::{StdNames, Union, UnionVariant};

/// The file of one union.
pub fn emit_union(u: &Union, c: &crate::ir::Crate) -> TokenStream {
    let std = c.std;
    let name = ident(&u.name);
    let doc = docs(&u.docs);
    let dep = deprecated(&u.deprecated);
    let derive_debug = (!u.custom_debug).then(|| quote!(::std::fmt::Debug,));
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let (d, dep) = (docs(&v.docs), deprecated(&v.deprecated));
        match value_type(v, std) {
            Some(t) => quote!(#d #dep #n(#t),),
            None => quote!(#d #dep #n,),
        }
    });
    let helpers = u.variants.iter().map(|v| helpers(v, std));
    let debug = u.custom_debug.then(|| debug_impl(u));
    let wire = super::wire::union_impls(u, c);
    quote! {
        #wire
        #doc
        #dep
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, #derive_debug)]
        pub enum #name {
            #(#variants)*
            /// A member the service sent that this crate does not know.
            ///
            /// Unions gain members over time: match with a wildcard arm rather than naming `Unknown`.
            /// It cannot be sent to the service; trying to fails when the request is serialised.
            #[non_exhaustive]
            Unknown,
        }
        impl #name {
            #(#helpers)*
            /// Returns true if this is a [`Unknown`](#name::Unknown).
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, Self::Unknown)
            }
        }
        #debug
    }
}

fn value_type(v: &UnionVariant, std: StdNames) -> Option<TokenStream> {
    let t = rust_type(v.ty.as_ref()?, std);
    Some(if v.boxed { std.boxed(t) } else { t })
}

fn helpers(v: &UnionVariant, std: StdNames) -> TokenStream {
    let n = ident(&v.name);
    let as_fn = format_ident!("as_{}", v.method);
    let is_fn = format_ident!("is_{}", v.method);
    let (as_doc, is_doc) = (
        format!(" Tries to convert the enum instance into [`{0}`](Self::{0}), extracting the inner value.", v.name),
        format!(" Returns true if this is a [`{0}`](Self::{0}).", v.name),
    );
    let as_body = match v.ty.as_ref().map(|t| rust_type(t, std)) {
        Some(t) => quote! {
            #[doc = #as_doc]
            /// Returns `Err(&Self)` if it can't be converted.
            #[inline]
            pub fn #as_fn(&self) -> ::std::result::Result<&#t, &Self> {
                if let Self::#n(val) = &self { ::std::result::Result::Ok(val) } else { ::std::result::Result::Err(self) }
            }
        },
        None => quote! {
            #[doc = #as_doc]
            /// Returns `Err(&Self)` if it can't be converted.
            #[inline]
            pub fn #as_fn(&self) -> ::std::result::Result<(), &Self> {
                if let Self::#n = &self { ::std::result::Result::Ok(()) } else { ::std::result::Result::Err(self) }
            }
        },
    };
    let pattern = if v.ty.is_some() { quote!(Self::#n(_)) } else { quote!(Self::#n) };
    quote! {
        #as_body
        #[doc = #is_doc]
        #[inline]
        pub fn #is_fn(&self) -> bool {
            ::std::matches!(self, #pattern)
        }
    }
}

fn debug_impl(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    if u.sensitive {
        return quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        };
    }
    let arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let label = &v.name;
        match (&v.ty, v.redacted) {
            (None, _) => quote!(Self::#n => f.write_str(#label),),
            (Some(_), true) => quote!(Self::#n(_) => f.debug_tuple(#REDACTED).finish(),),
            (Some(_), false) => quote!(Self::#n(val) => f.debug_tuple(#label).field(&val).finish(),),
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                    Self::Unknown => f.write_str("Unknown"),
                }
            }
        }
    }
}
