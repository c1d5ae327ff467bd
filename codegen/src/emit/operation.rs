//! Per-operation files: the operation module, its fluent builder and its client method.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{deprecated, doc_lines, docs, ident, rust_type, value_type};
use super::error::emit_operation_error;
use super::structure::{element_arg, fluent_arg};
use crate::ir::{Crate, Member, Operation, RustType, StdNames, Structure};

/// `operation/<op>.rs`.
pub fn emit_operation_module(op: &Operation, c: &Crate) -> TokenStream {
    let name = ident(&op.type_name);
    let doc = format!(" The `{}` operation.", op.name);
    let new_doc = format!(" Creates a new `{}`.", op.type_name);
    let error = emit_operation_error(op, c.service.extended_request_id);
    let input = &c.structures[op.input];
    let output = &c.structures[op.output];
    let module = ident(&op.module);
    let (in_mod, out_mod) = (ident(&input.file_stem), ident(&output.file_stem));
    let (in_name, out_name) = (ident(&input.path.name), ident(&output.path.name));
    let send = c.service.client_protocol.is_some().then(|| super::send::operation_send(op, c));
    let paginator = op.paginator.is_some().then(|| {
        quote! {
            /// Paginator for this operation.
            pub mod paginator;
        }
    });
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::default::Default, ::std::fmt::Debug)]
        pub struct #name;
        impl #name {
            #[doc = #new_doc]
            pub fn new() -> Self {
                Self
            }
        }
        #send
        #error
        pub use crate::operation::#module::#in_mod::#in_name;
        pub use crate::operation::#module::#out_mod::#out_name;
        mod #in_mod;
        mod #out_mod;
        /// Builders for the operation's input, output and fluent request.
        pub mod builders;
        #paginator
    }
}


/// `operation/<op>/builders.rs`: re-exported input/output builders and the fluent builder.
pub fn emit_operation_builders(op: &Operation, c: &Crate) -> TokenStream {
    let input = &c.structures[op.input];
    let output = &c.structures[op.output];
    let module = ident(&op.module);
    let (in_mod, out_mod) = (ident(&input.file_stem), ident(&output.file_stem));
    let in_builder = format_ident!("{}Builder", input.path.name);
    let out_builder = format_ident!("{}Builder", output.path.name);
    let fluent = format_ident!("{}FluentBuilder", op.type_name);
    let mut doc = vec![format!("Fluent builder constructing a request to `{}`.", op.name)];
    if !op.docs.is_empty() {
        doc.push(String::new());
        doc.extend(op.docs.iter().cloned());
    }
    let doc = doc_lines(&doc);
    let dep = deprecated(&op.deprecated);
    let setters = input.members.iter().map(|m| fluent_trio(m, c.std));
    let as_input_doc = format!(" Access the {} as a reference.", op.name);
    let sends = c.service.client_protocol.is_some();
    let send = sends.then(|| super::send::builder_send(op, c));
    let into_paginator = op.paginator.as_ref().map(|p| {
        let paginator = ident(&p.type_name);
        let module = ident(&op.module);
        quote! {
            /// Turns this request into a paginator over every page of results.
            pub fn into_paginator(self) -> crate::operation::#module::paginator::#paginator {
                crate::operation::#module::paginator::#paginator::new(self.handle, self.inner)
            }
        }
    });
    let unused = (!sends).then(|| quote!(#[allow(dead_code)]));
    let derive = if input.streaming {
        quote!(#[derive(::std::fmt::Debug)])
    } else {
        quote!(#[derive(::std::clone::Clone, ::std::fmt::Debug)])
    };
    quote! {
        pub use crate::operation::#module::#in_mod::#in_builder;
        pub use crate::operation::#module::#out_mod::#out_builder;
        #doc
        #dep
        #derive
        pub struct #fluent {
            #unused
            handle: ::std::sync::Arc<crate::client::Handle>,
            inner: #in_builder,
        }
        impl #fluent {
            /// Creates a new fluent builder bound to a client.
            pub(crate) fn new(handle: ::std::sync::Arc<crate::client::Handle>) -> Self {
                Self { handle, inner: ::std::default::Default::default() }
            }
            #[doc = #as_input_doc]
            pub fn as_input(&self) -> &#in_builder {
                &self.inner
            }
            #into_paginator
            #(#setters)*
        }
        #send
    }
}

/// The fluent builder's mirror of an input member's setter trio (also the waiters' fluent
/// builders', whose `inner` is the same input builder).
pub(super) fn fluent_trio(m: &Member, std: StdNames) -> TokenStream {
    let f = ident(&m.field);
    let set = format_ident!("set_{}", m.accessor);
    let get = format_ident!("get_{}", m.accessor);
    let vt = std.option(value_type(m, std));
    let (d, dep) = (docs(&m.docs), deprecated(&m.deprecated));
    let fluent = match &m.ty {
        RustType::List { element, sparse, set: false } => {
            let (arg, _) = element_arg(element, *sparse, "input", std);
            let d = helper_docs(m, "Appends an item to");
            quote! {
                #d #dep
                #[inline]
                pub fn #f(mut self, input: #arg) -> Self {
                    self.inner = self.inner.#f(input);
                    self
                }
            }
        }
        RustType::Map { key, value, sparse } => {
            let (k, _) = element_arg(key, false, "k", std);
            let (v, _) = element_arg(value, *sparse, "v", std);
            let d = helper_docs(m, "Adds a key-value pair to");
            quote! {
                #d #dep
                #[inline]
                pub fn #f(mut self, k: #k, v: #v) -> Self {
                    self.inner = self.inner.#f(k, v);
                    self
                }
            }
        }
        _ => {
            let (arg, _) = fluent_arg(&rust_type(&m.ty, std), &m.ty, m.boxed, std);
            quote! {
                #d #dep
                #[inline]
                pub fn #f(mut self, input: #arg) -> Self {
                    self.inner = self.inner.#f(input);
                    self
                }
            }
        }
    };
    let (set_doc, get_doc) = super::common::accessor_docs(&m.field, "value");
    quote! {
        #fluent
        #set_doc #dep
        #[inline]
        pub fn #set(mut self, input: #vt) -> Self {
            self.inner = self.inner.#set(input);
            self
        }
        #get_doc #dep
        #[inline]
        pub fn #get(&self) -> &#vt {
            self.inner.#get()
        }
    }
}

fn helper_docs(m: &Member, verb: &str) -> TokenStream {
    let mut lines = vec![
        String::new(),
        format!("{verb} `{}`.", m.name),
        String::new(),
        format!("To override the contents of this collection use [`set_{}`](Self::set_{}).", m.accessor, m.accessor),
        String::new(),
    ];
    lines.extend(m.docs.iter().cloned());
    doc_lines(&lines)
}

/// `client/<op>.rs`: the client method and its reference-layout doc.
pub fn emit_client_method(op: &Operation, c: &Crate) -> TokenStream {
    let input = &c.structures[op.input];
    let output = &c.structures[op.output];
    let f = ident(&op.module);
    let module = ident(&op.module);
    let fluent = format_ident!("{}FluentBuilder", op.type_name);
    let mut docs = client_doc(op, c, input, output);
    docs.extend(super::examples::example_docs(op, c));
    let lines = doc_lines(&docs);
    let dep = deprecated(&op.deprecated);
    quote! {
        impl super::Client {
            #lines
            #dep
            #[inline]
            pub fn #f(&self) -> crate::operation::#module::builders::#fluent {
                crate::operation::#module::builders::#fluent::new(self.handle.clone())
            }
        }
    }
}

fn client_doc(op: &Operation, c: &Crate, input: &Structure, output: &Structure) -> Vec<String> {
    let fb = format!("crate::operation::{}::builders::{}FluentBuilder", op.module, op.type_name);
    let out = format!("crate::operation::{}::{}", op.module, output.path.name);
    let mut lines = vec![format!("Constructs a fluent builder for the [`{}`]({fb}) operation.", op.type_name)];
    if op.paginator.is_some() {
        lines.push(format!("This operation supports pagination; See [`into_paginator()`]({fb}::into_paginator)."));
    }
    lines.push(String::new());
    if input.members.is_empty() {
        let send = if c.service.client_protocol.is_some() { format!("[`send`]({fb}::send)") } else { "`send`".to_owned() };
        lines.push(format!("- The fluent builder takes no input, just {send} it."));
    } else {
        lines.push("- The fluent builder is configurable:".to_owned());
        for m in &input.members {
            lines.push(input_line(m, &fb));
        }
    }
    if output.members.is_empty() {
        lines.push(format!("- On success, responds with [`{}`]({out})", output.path.name));
    } else {
        lines.push(format!("- On success, responds with [`{}`]({out}) with field(s):", output.path.name));
        for m in &output.members {
            let doc = m.inline_doc.as_deref().unwrap_or("(undocumented)");
            let field = m.field.trim_start_matches("r#");
            lines.push(format!("  - [`{field}({})`]({out}::{field}): {doc}", field_short_type(m)));
        }
    }
    lines.push(format!(
        "- On failure, responds with [`SdkError<{0}Error>`](crate::operation::{1}::{0}Error)",
        op.type_name, op.module
    ));
    lines
}

fn input_line(m: &Member, fb: &str) -> String {
    let args = match &m.ty {
        RustType::List { element, sparse, set: false } => arg_text(element, *sparse, false),
        RustType::Map { key, value, sparse } => format!("{}, {}", arg_text(key, false, false), arg_text(value, *sparse, false)),
        ty => arg_text(ty, false, m.boxed),
    };
    let field = m.field.trim_start_matches("r#");
    let doc = m.inline_doc.as_deref().unwrap_or("(undocumented)");
    format!(
        "  - [`{field}({args})`]({fb}::{field}) / [`set_{}({})`]({fb}::set_{}):<br>required: **{}**<br>{doc}<br>",
        m.accessor,
        field_short_type(m),
        m.accessor,
        m.required
    )
}

fn arg_text(ty: &RustType, sparse: bool, boxed: bool) -> String {
    let t = short_type(ty);
    match ty {
        _ if sparse => format!("Option<{t}>"),
        _ if boxed => format!("impl Into<Box<{t}>>"),
        RustType::String => "impl Into<String>".to_owned(),
        _ => t,
    }
}

/// The unqualified field type as the client docs show it (`Option<Vec::<AttributeType>>`).
fn field_short_type(m: &Member) -> String {
    let mut t = short_type(&m.ty);
    if m.boxed {
        t = format!("Box<{t}>");
    }
    if m.optional {
        format!("Option<{t}>")
    } else {
        t
    }
}

/// Unqualified type text for docs.
fn short_type(ty: &RustType) -> String {
    let sparse = |t: String, s: bool| if s { format!("Option<{t}>") } else { t };
    match ty {
        RustType::String => "String".into(),
        RustType::Bool => "bool".into(),
        RustType::I8 => "i8".into(),
        RustType::I16 => "i16".into(),
        RustType::I32 => "i32".into(),
        RustType::I64 => "i64".into(),
        RustType::F32 => "f32".into(),
        RustType::F64 => "f64".into(),
        RustType::BigInteger => "BigInteger".into(),
        RustType::BigDecimal => "BigDecimal".into(),
        RustType::Blob => "Blob".into(),
        RustType::DateTime => "DateTime".into(),
        RustType::Document => "Document".into(),
        RustType::ByteStream => "ByteStream".into(),
        RustType::EventReceiver(t) => format!("EventReceiver<{}, {}>", t.event.name, t.error.name),
        RustType::EventSender(t) => format!("EventStreamSender<{}, {}>", t.event.name, t.error.name),
        RustType::Struct(p) | RustType::Enum(p) | RustType::Union(p) => p.name.clone(),
        RustType::List { element, sparse: s, .. } => format!("Vec::<{}>", sparse(short_type(element), *s)),
        RustType::Map { key, value, sparse: s } => {
            format!("HashMap::<{}, {}>", short_type(key), sparse(short_type(value), *s))
        }
    }
}
