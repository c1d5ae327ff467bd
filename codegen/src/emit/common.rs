//! Small token builders shared by every emitter: identifiers, paths, types, docs, attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Deprecation, Member, Module, RustType, StdNames, TypePath};

/// The exact text `Debug` prints in place of a sensitive value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// An identifier from a name that `naming` produced (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The module path of a generated module, from the crate root.
pub fn module_path(module: &Module) -> TokenStream {
    match module {
        Module::Types => quote!(crate::types),
        Module::TypesError => quote!(crate::types::error),
        Module::Operation(op) => {
            let op = ident(op);
            quote!(crate::operation::#op)
        }
    }
}

/// The full path of a generated type.
pub fn type_path(path: &TypePath) -> TokenStream {
    let module = module_path(&path.module);
    let name = ident(&path.name);
    quote!(#module::#name)
}

impl StdNames {
    /// `Option<t>`.
    pub fn option(self, t: TokenStream) -> TokenStream {
        if self.prelude { quote!(Option<#t>) } else { quote!(::std::option::Option<#t>) }
    }
    /// `Some`.
    pub fn some(self) -> TokenStream {
        if self.prelude { quote!(Some) } else { quote!(::std::option::Option::Some) }
    }
    /// `String`.
    pub fn string(self) -> TokenStream {
        if self.prelude { quote!(String) } else { quote!(::std::string::String) }
    }
    /// `Vec<t>`.
    pub fn vec(self, t: TokenStream) -> TokenStream {
        if self.prelude { quote!(Vec<#t>) } else { quote!(::std::vec::Vec<#t>) }
    }
    /// `Box<t>`.
    pub fn boxed(self, t: TokenStream) -> TokenStream {
        if self.prelude { quote!(Box<#t>) } else { quote!(::std::boxed::Box<#t>) }
    }
    /// `impl Into<t>`.
    pub fn impl_into(self, t: TokenStream) -> TokenStream {
        if self.prelude { quote!(impl Into<#t>) } else { quote!(impl ::std::convert::Into<#t>) }
    }
}

/// The Rust type.
pub fn rust_type(ty: &RustType, std: StdNames) -> TokenStream {
    match ty {
        RustType::String => std.string(),
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::BigInteger => quote!(::aws_smithy_types::BigInteger),
        RustType::BigDecimal => quote!(::aws_smithy_types::BigDecimal),
        RustType::Blob => quote!(::aws_smithy_types::Blob),
        RustType::DateTime => quote!(::aws_smithy_types::DateTime),
        RustType::Document => quote!(::aws_smithy_types::Document),
        RustType::ByteStream => quote!(::aws_smithy_types::byte_stream::ByteStream),
        RustType::EventReceiver(t) => {
            let (event, error) = (type_path(&t.event), type_path(&t.error));
            quote!(crate::primitives::event_stream::EventReceiver<#event, #error>)
        }
        RustType::EventSender(t) => {
            let (event, error) = (type_path(&t.event), type_path(&t.error));
            quote!(crate::primitives::event_stream::EventStreamSender<#event, #error>)
        }
        RustType::Struct(p) | RustType::Enum(p) | RustType::Union(p) => type_path(p),
        RustType::List { element, sparse, .. } => std.vec(sparse_wrap(rust_type(element, std), *sparse, std)),
        RustType::Map { key, value, sparse } => {
            let k = rust_type(key, std);
            let v = sparse_wrap(rust_type(value, std), *sparse, std);
            quote!(::std::collections::HashMap<#k, #v>)
        }
    }
}

/// `Option<t>` for the elements of a sparse collection, else `t`.
pub fn sparse_wrap(t: TokenStream, sparse: bool, std: StdNames) -> TokenStream {
    if sparse {
        std.option(t)
    } else {
        t
    }
}

/// The value type of a member, with its box but without its `Option`.
pub fn value_type(m: &Member, std: StdNames) -> TokenStream {
    let t = rust_type(&m.ty, std);
    if m.boxed {
        std.boxed(t)
    } else {
        t
    }
}

/// The declared type of a struct field.
pub fn field_type(m: &Member, std: StdNames) -> TokenStream {
    let t = value_type(m, std);
    if m.optional {
        std.option(t)
    } else {
        t
    }
}

/// Whether values of the type are `Copy` scalars (returned by value from getters).
pub fn is_copy(ty: &RustType) -> bool {
    matches!(ty, RustType::Bool | RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 | RustType::F32 | RustType::F64)
}

/// `#[doc]` lines, or `#[allow(missing_docs)]` when there are none.
pub fn docs(lines: &[String]) -> TokenStream {
    if lines.is_empty() {
        return quote!(#[allow(missing_docs)]);
    }
    doc_lines(lines)
}

/// `#[doc]` lines only (nothing when empty).
pub fn doc_lines(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// `#[deprecated(note = .., since = ..)]`, or nothing.
pub fn deprecated(d: &Option<Deprecation>) -> TokenStream {
    let Some(d) = d else { return TokenStream::new() };
    let note = d.message.as_ref().map(|m| quote!(note = #m));
    let since = d.since.as_ref().map(|s| quote!(since = #s));
    let parts: Vec<TokenStream> = note.into_iter().chain(since).collect();
    if parts.is_empty() {
        quote!(#[deprecated])
    } else {
        quote!(#[deprecated(#(#parts),*)])
    }
}

/// Short docs for `set_x` / `get_x`, pointing at the `x` setter that carries the member's docs.
pub fn accessor_docs(field: &str, verb: &str) -> (TokenStream, TokenStream) {
    let plain = field.trim_start_matches("r#");
    let target = if field.starts_with("r#") {
        format!("`{plain}`")
    } else {
        format!("[`{plain}`](method@Self::{plain})")
    };
    let set = format!(" Sets or clears the {verb} that {target} sets.");
    let get = format!(" Returns the {verb} that {target} sets.");
    (quote!(#[doc = #set]), quote!(#[doc = #get]))
}

/// `base.name(value)...` for each setter with a value: a `const` spec value with only the facts
/// that differ from its constructor's defaults.
pub fn const_chain(base: TokenStream, setters: Vec<(&str, Option<TokenStream>)>) -> TokenStream {
    setters.into_iter().fold(base, |chain, (name, value)| match value {
        Some(value) => {
            let name = format_ident!("{name}");
            quote!(#chain.#name(#value))
        }
        None => chain,
    })
}
