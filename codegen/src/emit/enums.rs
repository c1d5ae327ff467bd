//! String enums: `Unknown`-tolerant enums, and the newtype for legacy `@enum` without names.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{deprecated, doc_lines, ident, REDACTED};
use crate::ir::Enum;

/// The file of one enum.
pub fn emit_enum(e: &Enum, c: &crate::ir::Crate) -> TokenStream {
    let body = if e.newtype { emit_newtype(e) } else { emit_open_enum(e) };
    let wire = super::wire::enum_impls(e, c);
    quote!(#body #wire)
}

fn forward_compat_docs(e: &Enum) -> Vec<String> {
    let var = crate::naming::to_snake_case(&e.name);
    let mut lines = vec![
        format!("`{}` is open: the service may start sending values that this crate does not know yet.", e.name),
        String::new(),
        "Such values land in the `Unknown` variant and can still be read back with `as_str()`.".to_owned(),
        "To keep a `match` working when a later version of the crate adds variants, end it with".to_owned(),
        "a wildcard arm and never name `Unknown`:".to_owned(),
        String::new(),
        "```text".to_owned(),
        format!("match {var} {{"),
    ];
    for v in &e.variants {
        lines.push(format!("    {}::{} => {{ /* ... */ }}", e.name, v.name));
    }
    lines.extend([
        "    other => { /* a value added later: other.as_str() */ }".to_owned(),
        "}".to_owned(),
        "```".to_owned(),
    ]);
    if !e.docs.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn debug_impl(e: &Enum, name: &proc_macro2::Ident) -> Option<TokenStream> {
    e.sensitive.then(|| {
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        }
    })
}

fn emit_open_enum(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let mut doc = forward_compat_docs(e);
    doc.extend(e.docs.iter().cloned());
    let doc = doc_lines(&doc);
    let missing = e.docs.is_empty().then(|| quote!(#[allow(missing_docs)]));
    let dep = deprecated(&e.deprecated);
    let derive_debug = (!e.sensitive).then(|| quote!(::std::fmt::Debug,));
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let d = doc_lines(&v.docs);
        let missing = v.docs.is_empty().then(|| quote!(#[allow(missing_docs)]));
        let dep = v.deprecated.then(|| quote!(#[deprecated]));
        quote!(#d #missing #dep #n,)
    });
    let from_arms = e.variants.iter().map(|v| {
        let (n, value) = (ident(&v.name), &v.value);
        quote!(#value => #name::#n,)
    });
    let as_str_arms = e.variants.iter().map(|v| {
        let (n, value) = (ident(&v.name), &v.value);
        quote!(#name::#n => #value,)
    });
    let values = e.variants.iter().map(|v| &v.value);
    let debug = debug_impl(e, &name);
    quote! {
        #doc
        #missing
        #dep
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::Eq, ::std::cmp::Ord, ::std::cmp::PartialEq, ::std::cmp::PartialOrd, #derive_debug ::std::hash::Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the service sent that this crate does not know (see the enum's docs).
            #[deprecated(note = "Match unknown values with a wildcard arm instead of naming `Unknown`; see the enum's docs.")]
            Unknown(crate::primitives::sealed_enum_unknown::UnknownVariantValue),
        }
        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_arms)*
                    other => #name::Unknown(crate::primitives::sealed_enum_unknown::UnknownVariantValue(other.to_owned())),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(#name::from(s))
            }
        }
        impl #name {
            /// Returns the `&str` value of the enum member.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    #name::Unknown(value) => value.as_str(),
                }
            }
            /// Returns all the `&str` representations of the enum members.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }
        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl #name {
            /// Parses the enum value while disallowing unknown variants.
            ///
            /// Unknown variants will result in an error.
            pub fn try_parse(value: &str) -> ::std::result::Result<Self, crate::error::UnknownVariantError> {
                match Self::from(value) {
                    #[allow(deprecated)]
                    Self::Unknown(_) => ::std::result::Result::Err(crate::error::UnknownVariantError::new(value)),
                    known => Ok(known),
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #debug
    }
}

fn emit_newtype(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let doc = if e.docs.is_empty() { quote!(#[allow(missing_docs)]) } else { doc_lines(&e.docs) };
    let dep = deprecated(&e.deprecated);
    let derive_debug = (!e.sensitive).then(|| quote!(::std::fmt::Debug,));
    let values = e.variants.iter().map(|v| &v.value);
    let debug = debug_impl(e, &name);
    quote! {
        #doc
        #dep
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::Eq, ::std::cmp::Ord, ::std::cmp::PartialEq, ::std::cmp::PartialOrd, #derive_debug ::std::hash::Hash)]
        pub struct #name(::std::string::String);
        impl #name {
            /// Returns the `&str` value of the enum member.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// Returns all the `&str` representations of the enum members.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }
        impl<T> ::std::convert::From<T> for #name
        where
            T: ::std::convert::AsRef<str>,
        {
            fn from(s: T) -> Self {
                #name(s.as_ref().to_owned())
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(#name::from(s))
            }
        }
        #debug
    }
}
