//! A structure's file: the struct, its getters, its builder and, for outputs and errors, the
//! request-id and error-metadata impls.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{deprecated, docs, doc_lines, field_type, ident, is_copy, rust_type, sparse_wrap, value_type, REDACTED};
use super::error::emit_error_impls;
use crate::ir::{DefaultValue, Member, RustType, StdNames, StructKind, Structure};

/// The whole file of one structure.
pub fn emit_structure(s: &Structure, c: &crate::ir::Crate) -> TokenStream {
    let std = c.std;
    let definition = struct_definition(s, c);
    let getters = getters(s, std);
    let builder = builder(s, c);
    let error_impls = match &s.kind {
        StructKind::Error(info) => emit_error_impls(s, info, c.service.extended_request_id),
        _ => TokenStream::new(),
    };
    let ext = c.service.extended_request_id;
    let request_id = (s.kind == StructKind::Output).then(|| output_request_id(s, ext));
    let wire = super::wire::struct_impls(s, c);
    quote! {
        #definition
        #getters
        #error_impls
        #request_id
        #wire
        #builder
    }
}

/// Members that are plain public fields with generated getters (all but an error's message).
fn getter_members(s: &Structure) -> impl Iterator<Item = &Member> {
    let skip = match &s.kind {
        StructKind::Error(info) => Some(info.message_member),
        _ => None,
    };
    s.members.iter().enumerate().filter(move |(i, _)| Some(*i) != skip).map(|(_, m)| m)
}

/// The derives of a structure or its builder: a streamed member rules out `Clone` and
/// `PartialEq`; a redacted one means `Debug` is written by hand.
fn derives(s: &Structure, extra: TokenStream) -> TokenStream {
    let debug = (!s.custom_debug).then(|| quote!(::std::fmt::Debug));
    if s.streaming {
        quote!(#[derive(#extra #debug)])
    } else {
        quote!(#[derive(::std::clone::Clone, #extra ::std::cmp::PartialEq, #debug)])
    }
}

fn struct_definition(s: &Structure, c: &crate::ir::Crate) -> TokenStream {
    let std = c.std;
    let name = ident(&s.path.name);
    let doc = docs(&s.docs);
    let dep = deprecated(&s.deprecated);
    let derive = derives(s, TokenStream::new());
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let t = field_type(m, std);
        let (d, dep) = (docs(&m.docs), deprecated(&m.deprecated));
        quote!(#d #dep pub #f: #t,)
    });
    let extra = match s.kind {
        StructKind::Output => request_id_fields(c),
        StructKind::Error(_) => quote!(pub(crate) meta: ::aws_smithy_types::error::ErrorMetadata,),
        _ => TokenStream::new(),
    };
    let debug = s.custom_debug.then(|| debug_impl(&s.path.name, &name, s, false, c.service.extended_request_id));
    quote! {
        #doc
        #dep
        #[non_exhaustive]
        #derive
        pub struct #name {
            #(#fields)*
            #extra
        }
        #debug
    }
}

/// `_request_id` (and S3's `_extended_request_id`) of an output and its builder.
fn request_id_fields(c: &crate::ir::Crate) -> TokenStream {
    let t = c.std.option(c.std.string());
    if c.service.extended_request_id {
        quote!(pub(crate) _request_id: #t, pub(crate) _extended_request_id: #t,)
    } else {
        quote!(pub(crate) _request_id: #t,)
    }
}

/// A hand-written `Debug` that prints the redaction text for redacted fields.
fn debug_impl(label: &str, name: &proc_macro2::Ident, s: &Structure, builder: bool, ext: bool) -> TokenStream {
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let label = m.field.trim_start_matches("r#");
        if m.redacted {
            quote!(formatter.field(#label, &#REDACTED);)
        } else {
            quote!(formatter.field(#label, &self.#f);)
        }
    });
    let extra = match (&s.kind, builder) {
        (StructKind::Output, _) if ext => quote! {
            formatter.field("_request_id", &self._request_id);
            formatter.field("_extended_request_id", &self._extended_request_id);
        },
        (StructKind::Output, _) => quote!(formatter.field("_request_id", &self._request_id);),
        (StructKind::Error(info), false) if s.members.get(info.message_member).is_some_and(|m| m.redacted) => {
            quote!(formatter.field("meta", &::smithy_client_runtime::error::RedactedMeta(&self.meta));)
        }
        (StructKind::Error(_), false) => quote!(formatter.field("meta", &self.meta);),
        _ => TokenStream::new(),
    };
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut formatter = f.debug_struct(#label);
                #(#fields)*
                #extra
                formatter.finish()
            }
        }
    }
}

fn getters(s: &Structure, std: StdNames) -> TokenStream {
    let name = ident(&s.path.name);
    let getters: Vec<TokenStream> = getter_members(s).map(|m| getter(m, std)).collect();
    let builder = format_ident!("{}Builder", s.path.name);
    let builder_doc = format!(" Creates a new builder-style object to manufacture [`{}`]({}).", s.path.name, s.path.name);
    quote! {
        impl #name {
            #(#getters)*
        }
        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }
    }
}

fn getter(m: &Member, std: StdNames) -> TokenStream {
    let f = ident(&m.field);
    let mut doc_text = m.docs.clone();
    let (ret, body) = getter_signature(m, std);
    if m.optional && matches!(m.ty, RustType::List { set: false, .. }) {
        if !doc_text.is_empty() {
            doc_text.push(String::new());
        }
        doc_text.push(format!(
            "Returns an empty slice when the field is unset: check `.{}.is_none()` to tell an unset field from an empty one.",
            m.field
        ));
    }
    let (d, dep) = (docs(&doc_text), deprecated(&m.deprecated));
    quote! {
        #d #dep
        #[inline]
        pub fn #f(&self) -> #ret {
            #body
        }
    }
}

/// Return type and body of a getter, by field type (optional or not).
fn getter_signature(m: &Member, std: StdNames) -> (TokenStream, TokenStream) {
    let f = ident(&m.field);
    let t = rust_type(&m.ty, std);
    if !m.optional {
        return match &m.ty {
            ty if is_copy(ty) => (t, quote!(self.#f)),
            RustType::String => (quote!(&str), quote!(use std::ops::Deref; self.#f.deref())),
            RustType::List { element, sparse, .. } => {
                let e = element_type(element, *sparse, std);
                (quote!(&[#e]), quote!(use std::ops::Deref; self.#f.deref()))
            }
            _ => (quote!(&#t), quote!(&self.#f)),
        };
    }
    match &m.ty {
        ty if is_copy(ty) => (std.option(t), quote!(self.#f)),
        RustType::String => (std.option(quote!(&str)), quote!(self.#f.as_deref())),
        RustType::List { element, sparse, set: false } => {
            let e = element_type(element, *sparse, std);
            (quote!(&[#e]), quote!(self.#f.as_deref().unwrap_or_default()))
        }
        _ if m.boxed => (std.option(quote!(&#t)), quote!(self.#f.as_deref())),
        _ => (std.option(quote!(&#t)), quote!(self.#f.as_ref())),
    }
}

fn element_type(element: &RustType, sparse: bool, std: StdNames) -> TokenStream {
    sparse_wrap(rust_type(element, std), sparse, std)
}

fn output_request_id(s: &Structure, ext: bool) -> TokenStream {
    let name = ident(&s.path.name);
    let ext = ext.then(|| {
        quote! {
            impl crate::operation::RequestIdExt for #name {
                fn extended_request_id(&self) -> ::std::option::Option<&str> {
                    self._extended_request_id.as_deref()
                }
            }
        }
    });
    quote! {
        impl crate::operation::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                self._request_id.as_deref()
            }
        }
        #ext
    }
}

fn builder(s: &Structure, c: &crate::ir::Crate) -> TokenStream {
    let std = c.std;
    let builder = format_ident!("{}Builder", s.path.name);
    let doc = format!(" A builder for [`{}`]({}).", s.path.name, s.path.name);
    let derive = derives(s, quote!(::std::default::Default,));
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let t = std.option(value_type(m, std));
        quote!(pub(crate) #f: #t,)
    });
    let extra = match s.kind {
        StructKind::Output => request_id_fields(c),
        StructKind::Error(_) => quote!(meta: ::std::option::Option<::aws_smithy_types::error::ErrorMetadata>,),
        _ => TokenStream::new(),
    };
    let setters = s.members.iter().map(|m| setter_trio(m, true, std));
    let meta_setters = matches!(s.kind, StructKind::Error(_)).then(meta_setters);
    let build = build_fn(s, c);
    let debug = s.custom_debug.then(|| debug_impl(&builder.to_string(), &builder, s, true, c.service.extended_request_id));
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #derive
        pub struct #builder {
            #(#fields)*
            #extra
        }
        impl #builder {
            #(#setters)*
            #meta_setters
            #build
        }
        #debug
    }
}

fn meta_setters() -> TokenStream {
    quote! {
        /// Sets error metadata
        pub fn meta(mut self, meta: ::aws_smithy_types::error::ErrorMetadata) -> Self {
            self.meta = Some(meta);
            self
        }
        /// Sets error metadata
        pub fn set_meta(&mut self, meta: ::std::option::Option<::aws_smithy_types::error::ErrorMetadata>) -> &mut Self {
            self.meta = meta;
            self
        }
    }
}

/// The argument of a fluent setter: `impl Into<String>` and `impl Into<Box<T>>`, else by value.
pub fn fluent_arg(ty: &TokenStream, core: &RustType, boxed: bool, std: StdNames) -> (TokenStream, TokenStream) {
    if boxed {
        (std.impl_into(std.boxed(ty.clone())), quote!(input.into()))
    } else if *core == RustType::String {
        (std.impl_into(std.string()), quote!(input.into()))
    } else {
        (ty.clone(), quote!(input))
    }
}

/// `x(..)`, `set_x(..)` and `get_x()` on a builder. `required_note` adds "This field is required."
pub fn setter_trio(m: &Member, required_note: bool, std: StdNames) -> TokenStream {
    let f = ident(&m.field);
    let set = format_ident!("set_{}", m.accessor);
    let get = format_ident!("get_{}", m.accessor);
    let vt = std.option(value_type(m, std));
    let dep = deprecated(&m.deprecated);
    let mut fluent_docs = m.docs.clone();
    if required_note && m.required {
        fluent_docs.push("This field is required.".to_owned());
    }
    let fluent = fluent_setter(m, &fluent_docs, std);
    let (set_doc, get_doc) = super::common::accessor_docs(&m.field, "value");
    quote! {
        #fluent
        #set_doc #dep
        #[inline]
        pub fn #set(mut self, input: #vt) -> Self {
            self.#f = input;
            self
        }
        #get_doc #dep
        #[inline]
        pub fn #get(&self) -> &#vt {
            &self.#f
        }
    }
}

fn fluent_setter(m: &Member, member_docs: &[String], std: StdNames) -> TokenStream {
    let f = ident(&m.field);
    let some = std.some();
    let dep = deprecated(&m.deprecated);
    match &m.ty {
        RustType::List { element, sparse, set: false } => {
            let (arg, conv) = element_arg(element, *sparse, "input", std);
            let d = collection_docs(m, "Appends an item to", member_docs);
            quote! {
                #d #dep
                #[inline]
                pub fn #f(mut self, input: #arg) -> Self {
                    let mut v = self.#f.unwrap_or_default();
                    v.push(#conv);
                    self.#f = #some(v);
                    self
                }
            }
        }
        RustType::Map { key, value, sparse } => {
            let (k_arg, k_conv) = element_arg(key, false, "k", std);
            let (v_arg, v_conv) = element_arg(value, *sparse, "v", std);
            let d = collection_docs(m, "Adds a key-value pair to", member_docs);
            quote! {
                #d #dep
                #[inline]
                pub fn #f(mut self, k: #k_arg, v: #v_arg) -> Self {
                    let mut hash_map = self.#f.unwrap_or_default();
                    hash_map.insert(#k_conv, #v_conv);
                    self.#f = #some(hash_map);
                    self
                }
            }
        }
        _ => {
            let (arg, conv) = fluent_arg(&rust_type(&m.ty, std), &m.ty, m.boxed, std);
            let d = docs(member_docs);
            quote! {
                #d #dep
                #[inline]
                pub fn #f(mut self, input: #arg) -> Self {
                    self.#f = #some(#conv);
                    self
                }
            }
        }
    }
}

/// The argument type of an append/insert helper for one element, and the expression that turns
/// the argument named `var` into the element.
pub fn element_arg(element: &RustType, sparse: bool, var: &str, std: StdNames) -> (TokenStream, TokenStream) {
    let var = format_ident!("{}", var);
    if !sparse && *element == RustType::String {
        return (std.impl_into(std.string()), quote!(#var.into()));
    }
    (element_type(element, sparse, std), quote!(#var))
}

fn collection_docs(m: &Member, verb: &str, member_docs: &[String]) -> TokenStream {
    let mut lines = vec![
        format!("{verb} `{}`.", m.field.trim_start_matches("r#")),
        String::new(),
        format!("To override the contents of this collection use [`set_{}`](Self::set_{}).", m.accessor, m.accessor),
    ];
    if !member_docs.is_empty() {
        lines.push(String::new());
        lines.extend(member_docs.iter().cloned());
    }
    doc_lines(&lines)
}

fn build_fn(s: &Structure, c: &crate::ir::Crate) -> TokenStream {
    let std = c.std;
    let name = ident(&s.path.name);
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let value = field_value(s, m, std);
        quote!(#f: #value,)
    });
    let extra = match s.kind {
        StructKind::Output if c.service.extended_request_id => {
            quote!(_request_id: self._request_id, _extended_request_id: self._extended_request_id,)
        }
        StructKind::Output => quote!(_request_id: self._request_id,),
        StructKind::Error(_) => quote!(meta: self.meta.unwrap_or_default(),),
        _ => TokenStream::new(),
    };
    let doc = format!(" Consumes the builder and constructs a [`{}`]({}).", s.path.name, s.path.name);
    if !s.fallible_build {
        return quote! {
            #[doc = #doc]
            pub fn build(self) -> #name {
                #name { #(#fields)* #extra }
            }
        };
    }
    let missing: Vec<String> = s
        .members
        .iter()
        .filter(|m| !m.optional && m.default.is_none())
        .map(|m| {
            let field = m.field.trim_start_matches("r#");
            format!("- [`{field}`]({}Builder::{field})", s.path.name)
        })
        .collect();
    let fail_doc = (!missing.is_empty()).then(|| {
        let mut lines = vec!["This method will fail if any of the following fields are not set:".to_owned()];
        lines.extend(missing);
        doc_lines(&lines)
    });
    quote! {
        #[doc = #doc]
        #fail_doc
        pub fn build(self) -> ::std::result::Result<#name, ::aws_smithy_types::error::operation::BuildError> {
            ::std::result::Result::Ok(#name { #(#fields)* #extra })
        }
    }
}

fn field_value(s: &Structure, m: &Member, std: StdNames) -> TokenStream {
    let f = ident(&m.field);
    if m.optional {
        return quote!(self.#f);
    }
    if m.default.is_none() {
        let field = m.field.trim_start_matches("r#");
        let details = format!("{field} was not specified but it is required when building {}", s.path.name);
        return quote! {
            self.#f.ok_or_else(|| ::aws_smithy_types::error::operation::BuildError::missing_field(#field, #details))?
        };
    }
    fill_default(m, quote!(self.#f), std)
}

/// `value` (an `Option` of the member's type) with the member's default filled in; a required
/// member without a default gets its zero value (error correction for incomplete responses).
pub fn fill_default(m: &Member, value: TokenStream, std: StdNames) -> TokenStream {
    let t = rust_type(&m.ty, std);
    let Some(default) = &m.default else {
        return match &m.ty {
            RustType::DateTime => quote!(#value.unwrap_or_else(|| ::aws_smithy_types::DateTime::from_secs(0))),
            RustType::Enum(_) => quote!(#value.unwrap_or_else(|| #t::from(""))),
            _ => quote!(#value.unwrap_or_default()),
        };
    };
    match default {
        DefaultValue::Zero if m.ty == RustType::DateTime => quote!(#value.unwrap_or_else(|| ::aws_smithy_types::DateTime::from_secs(0))),
        DefaultValue::Zero => quote!(#value.unwrap_or_default()),
        DefaultValue::Bool(b) => quote!(#value.unwrap_or(#b)),
        DefaultValue::Int(i) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#value.unwrap_or(#lit))
        }
        DefaultValue::Float(x) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(*x);
            quote!(#value.unwrap_or(#lit))
        }
        DefaultValue::String(text) => quote!(#value.unwrap_or_else(|| #text.to_owned())),
        DefaultValue::EnumVariant(v) => {
            let v = ident(v);
            quote!(#value.unwrap_or(#t::#v))
        }
        DefaultValue::EpochSeconds(secs) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(*secs);
            quote!(#value.unwrap_or_else(|| ::aws_smithy_types::DateTime::from_secs_f64(#lit)))
        }
        DefaultValue::Bytes(bytes) => {
            let lit = proc_macro2::Literal::byte_string(bytes);
            quote!(#value.unwrap_or_else(|| ::aws_smithy_types::Blob::new(#lit.to_vec())))
        }
        DefaultValue::Document(doc) => {
            let doc = super::document::document_literal(doc);
            quote!(#value.unwrap_or_else(|| #doc))
        }
        DefaultValue::BigNumber(text) => {
            quote!(#value.unwrap_or_else(|| <#t as ::std::str::FromStr>::from_str(#text).unwrap_or_default()))
        }
    }
}
