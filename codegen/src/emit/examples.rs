//! The model's examples as doc examples of a client method: the fluent call that sends the
//! example's input, built as tokens and formatted by prettyplease, inside a hidden `async fn`
//! so that it compiles as a `no_run` doctest; the output or error the model shows follows as a
//! comment.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::common::ident;
use crate::ir::{Crate, Example, ExampleSetter, ExampleValue, Module, Operation, SetterCall, TimestampFormat, TypePath};

/// The `# Examples` section of the client method's docs; empty without examples.
pub fn example_docs(op: &Operation, c: &Crate) -> Vec<String> {
    if op.examples.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![String::new(), "# Examples".to_owned()];
    for example in &op.examples {
        lines.extend(one(example, op, c));
    }
    lines
}

/// One example's heading, text and code.
fn one(example: &Example, op: &Operation, c: &Crate) -> Vec<String> {
    let code = code(example, op, c);
    let mut lines = vec![String::new(), format!("## {}", example.title), String::new()];
    if !example.docs.is_empty() {
        lines.extend(example.docs.iter().cloned());
        lines.push(String::new());
    }
    lines.push("```no_run".to_owned());
    lines.extend(code);
    lines.push("```".to_owned());
    lines
}

/// The example's code lines: the hidden wrapper, the call, and the model's output or error as a
/// comment. Lowering decides which examples can be written; code that does not parse would be
/// a generator bug, so it is shown as it is and fails as a doctest instead of disappearing.
fn code(example: &Example, op: &Operation, c: &Crate) -> Vec<String> {
    let krate = ident(&c.lib_name);
    let method = ident(&op.module);
    let setters = example.input.iter().map(|s| setter(s, &krate));
    let function = quote! {
        async fn example(client: &#krate::Client) -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {
            let output = client.#method() #(#setters)* .send().await?;
            Ok(())
        }
    };
    let text = match syn::parse2::<syn::File>(function.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => return vec![function.to_string()],
    };
    let all: Vec<&str> = text.lines().collect();
    // The signature (up to the line that opens the body) and the last two lines (`Ok(())`, `}`)
    // are hidden; the statement in between is shown without the body's indentation.
    let opened = all.iter().position(|l| l.ends_with('{')).unwrap_or(0);
    let body_end = all.len().saturating_sub(2);
    let mut lines: Vec<String> = all[..=opened].iter().map(|l| format!("# {l}")).collect();
    lines.extend(all[opened + 1..body_end].iter().map(|l| l.strip_prefix("    ").unwrap_or(l).to_owned()));
    lines.push("# let _ = output;".to_owned());
    if !example.output.is_empty() {
        lines.push("// The output:".to_owned());
        lines.extend(example.output.iter().map(|l| format!("// {l}")));
    }
    if let Some((shape, content)) = &example.error {
        lines.push(format!("// The error: {shape}"));
        lines.extend(content.iter().map(|l| format!("// {l}")));
    }
    lines.extend(all[body_end..].iter().map(|l| format!("# {l}")));
    lines
}

fn setter(s: &ExampleSetter, krate: &proc_macro2::Ident) -> TokenStream {
    let field = ident(&s.field);
    match &s.call {
        SetterCall::One(v) => {
            let v = value(v, krate, false);
            quote!(.#field(#v))
        }
        SetterCall::Each(items) => {
            let items = items.iter().map(|v| value(v, krate, false));
            quote!(#(.#field(#items))*)
        }
        SetterCall::Entries(entries) => {
            let calls = entries.iter().map(|(k, v)| {
                let (k, v) = (value(k, krate, false), value(v, krate, false));
                quote!(.#field(#k, #v))
            });
            quote!(#(#calls)*)
        }
        SetterCall::Whole(v) => {
            let set = format_ident!("set_{}", s.accessor);
            let v = value(v, krate, true);
            quote!(.#set(::std::option::Option::Some(#v)))
        }
    }
}

/// A value's expression. `owned`: the exact type is needed (inside a list, map, union or
/// document), so a string is a `String`; otherwise a setter's `impl Into<String>` takes `&str`.
fn value(v: &ExampleValue, krate: &proc_macro2::Ident, owned: bool) -> TokenStream {
    match v {
        ExampleValue::String(s) if owned => quote!(#s.to_owned()),
        ExampleValue::String(s) => quote!(#s),
        ExampleValue::Bool(b) => quote!(#b),
        ExampleValue::Integer(n) => integer(*n, false),
        ExampleValue::Float(f) => float(*f, false),
        ExampleValue::Blob(s) => quote!(#krate::primitives::Blob::new(#s)),
        ExampleValue::ByteStream(s) => {
            let bytes = Literal::byte_string(s.as_bytes());
            quote!(#krate::primitives::ByteStream::from_static(#bytes))
        }
        ExampleValue::EpochSeconds(secs) if secs.fract() == 0.0 => {
            let secs = integer(*secs as i64, false);
            quote!(#krate::primitives::DateTime::from_secs(#secs))
        }
        ExampleValue::EpochSeconds(secs) => {
            let secs = float(*secs, false);
            quote!(#krate::primitives::DateTime::from_secs_f64(#secs))
        }
        ExampleValue::TimestampText(text, format) => {
            let format = match format {
                TimestampFormat::HttpDate => quote!(HttpDate),
                _ => quote!(DateTime),
            };
            quote!(#krate::primitives::DateTime::from_str(#text, #krate::primitives::DateTimeFormat::#format)?)
        }
        ExampleValue::Document(json) => document(json, krate),
        ExampleValue::Enum(path, s) => {
            let path = public_path(path, krate);
            quote!(#path::from(#s))
        }
        ExampleValue::Struct { path, fallible, setters } => {
            let path = public_path(path, krate);
            let setters = setters.iter().map(|s| setter(s, krate));
            let question = fallible.then(|| quote!(?));
            quote!(#path::builder() #(#setters)* .build() #question)
        }
        ExampleValue::Union { path, variant, boxed, value: inner } => {
            let path = public_path(path, krate);
            let variant = ident(variant);
            let inner = value(inner, krate, true);
            if *boxed {
                quote!(#path::#variant(::std::boxed::Box::new(#inner)))
            } else {
                quote!(#path::#variant(#inner))
            }
        }
        ExampleValue::List(items) => {
            let items = items.iter().map(|v| value(v, krate, true));
            quote!(::std::vec![#(#items),*])
        }
        ExampleValue::Map(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let (k, v) = (value(k, krate, true), value(v, krate, true));
                quote!((#k, #v))
            });
            quote!([#(#entries),*].into_iter().collect::<::std::collections::HashMap<_, _>>())
        }
    }
}

/// A document literal, through `Document`'s conversions.
fn document(json: &serde_json::Value, krate: &proc_macro2::Ident) -> TokenStream {
    use serde_json::Value;
    let doc = quote!(#krate::primitives::Document);
    match json {
        Value::Null => quote!(#doc::Null),
        Value::Bool(b) => quote!(#doc::from(#b)),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => {
                let u = Literal::u64_suffixed(u);
                quote!(#doc::from(#u))
            }
            (None, Some(i)) => {
                let i = integer(i, true);
                quote!(#doc::from(#i))
            }
            _ => {
                let f = float(n.as_f64().unwrap_or_default(), true);
                quote!(#doc::from(#f))
            }
        },
        Value::String(s) => quote!(#doc::from(#s)),
        Value::Array(items) => {
            let items = items.iter().map(|v| document(v, krate));
            quote!(#doc::from(::std::vec![#(#items),*]))
        }
        Value::Object(entries) => {
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            let entries = sorted.into_iter().map(|(k, v)| {
                let v = document(v, krate);
                quote!((#k.to_owned(), #v))
            });
            quote!(#doc::Object([#(#entries),*].into_iter().collect()))
        }
    }
}

/// An integer literal (a negative one as `-` and the magnitude), `i64`-suffixed when `suffixed`.
fn integer(n: i64, suffixed: bool) -> TokenStream {
    let literal = match n.checked_abs() {
        Some(magnitude) if suffixed => Literal::i64_suffixed(magnitude),
        Some(magnitude) => Literal::i64_unsuffixed(magnitude),
        None => Literal::u64_unsuffixed(n.unsigned_abs()),
    };
    if n < 0 {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

/// A float literal (negative ones as `-` and the magnitude), `f64`-suffixed when `suffix`.
fn float(f: f64, suffix: bool) -> TokenStream {
    let literal = if suffix { Literal::f64_suffixed(f.abs()) } else { Literal::f64_unsuffixed(f.abs()) };
    if f < 0.0 {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

/// A type's path as a user names it: `<crate>::types::Name` (or `types::error`, `operation::m`).
fn public_path(path: &TypePath, krate: &proc_macro2::Ident) -> TokenStream {
    let name = ident(&path.name);
    match &path.module {
        Module::Types => quote!(#krate::types::#name),
        Module::TypesError => quote!(#krate::types::error::#name),
        Module::Operation(m) => {
            let m = ident(m);
            quote!(#krate::operation::#m::#name)
        }
    }
}
