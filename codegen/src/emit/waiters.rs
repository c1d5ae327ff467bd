//! Waiters: `waiters.rs` (one module per waiter, and the read-only views the acceptors' paths
//! evaluate over), `waiters/<name>.rs` (the fluent builder and `wait()`), the `client::Waiters`
//! trait and `crate::Error`'s conversion from a waiter error. The polling itself is the
//! runtime's `waiters::wait`; a waiter is data here.

use std::collections::{BTreeSet, VecDeque};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value as Json;

use super::common::{doc_lines, ident, type_path};
use crate::ir::{AcceptorState, Crate, JmesPath, Operation, RustType, TypePath, Waiter, WaiterMatcher};

/// Every waiter of the crate with its operation, in module order.
pub fn waiters(c: &Crate) -> Vec<(&Operation, &Waiter)> {
    let mut all: Vec<_> = c.operations.iter().flat_map(|op| op.waiters.iter().map(move |w| (op, w))).collect();
    all.sort_by(|a, b| a.1.module.cmp(&b.1.module));
    all
}

/// Whether the crate gets a `waiters` module.
pub fn has_waiters(c: &Crate) -> bool {
    c.service.client_protocol.is_some() && c.operations.iter().any(|op| !op.waiters.is_empty())
}

/// `src/waiters.rs`.
pub fn emit_waiters_index(c: &Crate) -> TokenStream {
    let modules = waiters(c).into_iter().map(|(op, w)| {
        let module = ident(&w.module);
        let doc = format!(" The `{}` waiter: polls `{}`.", w.name, op.name);
        quote! {
            #[doc = #doc]
            pub mod #module;
        }
    });
    let views = views(c);
    quote! {
        #(#modules)*
        #views
    }
}

/// `src/waiters/<name>.rs`.
pub fn emit_waiter(op: &Operation, w: &Waiter, c: &Crate) -> TokenStream {
    // `wait()` imports the runtime's waiter module as `w`.
    let rt = quote!(w);
    let op_module = ident(&op.module);
    let input = &c.structures[op.input];
    let output = type_path(&c.structures[op.output].path);
    let error = format_ident!("{}Error", op.type_name);
    let in_builder = format_ident!("{}Builder", input.path.name);
    let fluent = format_ident!("{}FluentBuilder", w.type_name);
    let final_poll = format_ident!("{}FinalPoll", w.type_name);
    let wait_error = format_ident!("WaitUntil{}Error", w.type_name);
    let mut doc = vec![format!("Fluent builder for the `{}` waiter, which polls `{}`.", w.name, op.name)];
    if !w.docs.is_empty() {
        doc.push(String::new());
        doc.extend(w.docs.iter().cloned());
    }
    doc.push(String::new());
    doc.push("Set the operation's input with the same methods as its fluent builder, then call `wait()`.".to_owned());
    let doc = doc_lines(&doc);
    let deprecated = w.deprecated.then(|| quote!(#[deprecated]));
    let setters = input.members.iter().map(|m| super::operation::fluent_trio(m, c.std));
    let as_input_doc = format!(" Access the {} input as a reference.", op.name);
    let wait_doc = format!(
        " Polls `{}` until the waiter succeeds or fails, or `max_wait` passes; between calls it waits \
         from {} to {} seconds, growing exponentially.",
        op.name, w.min_delay, w.max_delay
    );
    let (min_delay, max_delay) = (w.min_delay, w.max_delay);
    let acceptors = w.acceptors.iter().map(|a| {
        let state = match a.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let matcher = match &a.matcher {
            WaiterMatcher::Success(ok) => quote!(#rt::Matcher::Success(#ok)),
            WaiterMatcher::ErrorType(code) => quote!(#rt::Matcher::ErrorType(#code)),
            WaiterMatcher::Output(m) | WaiterMatcher::InputOutput(m) => {
                let kind = if matches!(a.matcher, WaiterMatcher::Output(_)) { quote!(Output) } else { quote!(InputOutput) };
                let path = path_tokens(&m.path);
                let comparator = ident(&m.comparator);
                let expected = &m.expected;
                quote!(#rt::Matcher::#kind(&#path, #rt::Comparator::#comparator, #expected))
            }
        };
        quote!(#rt::Acceptor { state: #rt::AcceptorState::#state, matcher: #matcher })
    });
    let reads_input = w.acceptors.iter().any(|a| matches!(a.matcher, WaiterMatcher::InputOutput(_)));
    let reads_output = reads_input || w.acceptors.iter().any(|a| matches!(a.matcher, WaiterMatcher::Output(_)));
    let view = |reads: bool, ty: &TokenStream| {
        if reads {
            quote!(<#ty as #rt::ToValue>::to_value)
        } else {
            quote!(#rt::unread)
        }
    };
    let (input_view, output_view) = (view(reads_input, &type_path(&input.path)), view(reads_output, &output));
    let input_doc = format!(" The result of the last `{}` call of a wait that succeeded.", op.name);
    let error_doc = format!(" Why a `{}` wait did not succeed.", w.name);
    quote! {
        #doc
        #deprecated
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #fluent {
            handle: ::std::sync::Arc<crate::client::Handle>,
            inner: crate::operation::#op_module::builders::#in_builder,
        }
        impl #fluent {
            /// Creates a new waiter fluent builder bound to a client.
            pub(crate) fn new(handle: ::std::sync::Arc<crate::client::Handle>) -> Self {
                Self { handle, inner: ::std::default::Default::default() }
            }
            #[doc = #as_input_doc]
            pub fn as_input(&self) -> &crate::operation::#op_module::builders::#in_builder {
                &self.inner
            }
            #[doc = #wait_doc]
            #[inline]
            pub fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<#final_poll, #wait_error>> {
                use ::smithy_client_runtime::waiters as w;
                static SPEC: #rt::WaiterSpec = #rt::WaiterSpec {
                    min_delay: ::std::time::Duration::from_secs(#min_delay),
                    max_delay: ::std::time::Duration::from_secs(#max_delay),
                    acceptors: &[#(#acceptors),*],
                };
                #rt::wait(
                    ::std::sync::Arc::clone(&self.handle.runtime),
                    &SPEC,
                    max_wait,
                    self.inner.build(),
                    |runtime, input| {
                        runtime.send(
                            &crate::operation::#op_module::SPEC,
                            ::std::result::Result::Ok(::std::clone::Clone::clone(input)),
                            crate::operation::#op_module::de_error,
                        )
                    },
                    (#input_view, #output_view),
                )
            }
            #(#setters)*
        }
        #[doc = #input_doc]
        pub type #final_poll = ::smithy_client_runtime::waiters::FinalPoll<
            #output,
            crate::error::SdkError<crate::operation::#op_module::#error, ::smithy_client_runtime::client::HttpResponse>,
        >;
        #[doc = #error_doc]
        pub type #wait_error = ::smithy_client_runtime::waiters::WaiterError<#output, crate::operation::#op_module::#error>;
    }
}

/// The `Waiters` trait in `client.rs`, implemented by `Client`.
pub fn client_trait(c: &Crate) -> Option<TokenStream> {
    if !has_waiters(c) {
        return None;
    }
    let all = waiters(c);
    let methods: Vec<_> = all
        .iter()
        .map(|(op, w)| {
            let method = format_ident!("wait_until_{}", w.module.trim_start_matches("r#"));
            let module = ident(&w.module);
            let fluent = format_ident!("{}FluentBuilder", w.type_name);
            let doc = format!(" Waits for `{}`: polls `{}` until its acceptors say the wait succeeded or failed.", w.name, op.name);
            let deprecated = w.deprecated.then(|| quote!(#[deprecated]));
            (
                quote! {
                    #[doc = #doc]
                    #deprecated
                    fn #method(&self) -> crate::waiters::#module::#fluent;
                },
                quote! {
                    fn #method(&self) -> crate::waiters::#module::#fluent {
                        crate::waiters::#module::#fluent::new(::std::clone::Clone::clone(&self.handle))
                    }
                },
            )
        })
        .collect();
    let (decls, impls): (Vec<_>, Vec<_>) = methods.into_iter().unzip();
    Some(quote! {
        /// The `wait_until_*` methods: each returns a fluent builder that takes the polled
        /// operation's input and polls it with `wait(max_wait)`. Import the trait to use them.
        pub trait Waiters {
            #(#decls)*
        }
        impl Waiters for Client {
            #(#impls)*
        }
    })
}

/// `impl From<WaiterError<O, E>> for crate::Error`, for crates with waiters.
pub fn crate_error_from(c: &Crate) -> Option<TokenStream> {
    has_waiters(c).then(|| {
        quote! {
            impl<O, E> ::std::convert::From<::smithy_client_runtime::waiters::WaiterError<O, E>> for Error
            where
                O: ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static,
                E: ::std::error::Error + ::aws_smithy_types::error::metadata::ProvideErrorMetadata + ::std::marker::Send + ::std::marker::Sync + 'static,
            {
                fn from(err: ::smithy_client_runtime::waiters::WaiterError<O, E>) -> Self {
                    let meta = ::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(&err).clone();
                    Error::Unhandled(crate::error::sealed_unhandled::Unhandled::new(::std::boxed::Box::new(err), meta))
                }
            }
        }
    })
}

/// The runtime's `Path` tree of an expression, as a constant expression (the runtime's
/// `waiters` module imported as `w`).
fn path_tokens(p: &JmesPath) -> TokenStream {
    let rt = quote!(w);
    let boxed = |p: &JmesPath| {
        let inner = path_tokens(p);
        quote!(&#inner)
    };
    let int = |n: &Option<i64>| match n {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    match p {
        JmesPath::Current => quote!(#rt::Path::Current),
        JmesPath::Field(name) => quote!(#rt::Path::Field(#name)),
        JmesPath::Sub(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(#rt::Path::Sub(#a, #b))
        }
        JmesPath::Index(i) => quote!(#rt::Path::Index(#i)),
        JmesPath::Slice(a, b, s) => {
            let (a, b, s) = (int(a), int(b), int(s));
            quote!(#rt::Path::Slice(#a, #b, #s))
        }
        JmesPath::Project(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(#rt::Path::Project(#a, #b))
        }
        JmesPath::ProjectValues(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(#rt::Path::ProjectValues(#a, #b))
        }
        JmesPath::Flatten(a) => {
            let a = boxed(a);
            quote!(#rt::Path::Flatten(#a))
        }
        JmesPath::Filter(a, cond, b) => {
            let (a, cond, b) = (boxed(a), boxed(cond), boxed(b));
            quote!(#rt::Path::Filter(#a, #cond, #b))
        }
        JmesPath::List(items) => {
            let items = items.iter().map(path_tokens);
            quote!(#rt::Path::List(&[#(#items),*]))
        }
        JmesPath::Hash(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = path_tokens(v);
                quote!((#k, #v))
            });
            quote!(#rt::Path::Hash(&[#(#entries),*]))
        }
        JmesPath::Call(function, args) => {
            let function = ident(function);
            let args = args.iter().map(path_tokens);
            quote!(#rt::Path::Call(#rt::Function::#function, &[#(#args),*]))
        }
        JmesPath::Ref(a) => {
            let a = boxed(a);
            quote!(#rt::Path::Ref(#a))
        }
        JmesPath::Compare(op, a, b) => {
            let op = ident(op);
            let (a, b) = (boxed(a), boxed(b));
            quote!(#rt::Path::Compare(#rt::Comparison::#op, #a, #b))
        }
        JmesPath::And(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(#rt::Path::And(#a, #b))
        }
        JmesPath::Or(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(#rt::Path::Or(#a, #b))
        }
        JmesPath::Not(a) => {
            let a = boxed(a);
            quote!(#rt::Path::Not(#a))
        }
        JmesPath::Pipe(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(#rt::Path::Pipe(#a, #b))
        }
        JmesPath::Literal(v) => {
            let v = literal_tokens(v);
            quote!(#rt::Path::Literal(#v))
        }
    }
}

fn literal_tokens(v: &Json) -> TokenStream {
    let rt = quote!(w);
    match v {
        Json::Null => quote!(#rt::Literal::Null),
        Json::Bool(b) => quote!(#rt::Literal::Bool(#b)),
        Json::Number(n) => {
            let n = n.as_f64().unwrap_or(f64::NAN);
            let n = if n.is_finite() { quote!(#n) } else { quote!(f64::NAN) };
            quote!(#rt::Literal::Number(#n))
        }
        Json::String(s) => quote!(#rt::Literal::String(#s)),
        Json::Array(items) => {
            let items = items.iter().map(literal_tokens);
            quote!(#rt::Literal::List(&[#(#items),*]))
        }
        Json::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = literal_tokens(v);
                quote!((#k, #v))
            });
            quote!(#rt::Literal::Object(&[#(#entries),*]))
        }
    }
}

/// The types an acceptor's path can read: everything reachable from the outputs (and, for
/// `inputOutput` matchers, the inputs) of waiters with path matchers.
fn viewed_types(c: &Crate) -> (BTreeSet<TypePath>, BTreeSet<String>, BTreeSet<String>) {
    let (mut structs, mut unions, mut enums) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut queue: VecDeque<RustType> = VecDeque::new();
    for (op, w) in waiters(c) {
        let paths = |f: fn(&WaiterMatcher) -> bool| w.acceptors.iter().any(|a| f(&a.matcher));
        if paths(|m| matches!(m, WaiterMatcher::InputOutput(_))) {
            queue.push_back(RustType::Struct(c.structures[op.input].path.clone()));
        }
        if paths(|m| matches!(m, WaiterMatcher::Output(_) | WaiterMatcher::InputOutput(_))) {
            queue.push_back(RustType::Struct(c.structures[op.output].path.clone()));
        }
    }
    while let Some(ty) = queue.pop_front() {
        match ty {
            RustType::Struct(path) if structs.insert(path.clone()) => {
                if let Some(s) = c.structures.iter().find(|s| s.path == path) {
                    queue.extend(s.members.iter().map(|m| m.ty.clone()));
                }
            }
            RustType::Union(path) if unions.insert(path.name.clone()) => {
                if let Some(u) = c.unions.iter().find(|u| u.name == path.name) {
                    queue.extend(u.variants.iter().filter_map(|v| v.ty.clone()));
                }
            }
            RustType::Enum(path) => {
                enums.insert(path.name);
            }
            RustType::List { element, .. } => queue.push_back(*element),
            RustType::Map { key, value, .. } => {
                queue.push_back(*key);
                queue.push_back(*value);
            }
            _ => {}
        }
    }
    (structs, unions, enums)
}

/// `Inspect` and `ToValue` for the types acceptor paths read.
fn views(c: &Crate) -> TokenStream {
    let rt = quote!(::smithy_client_runtime::waiters);
    let (structs, unions, enums) = viewed_types(c);
    let to_value = |ty: &TokenStream| {
        quote! {
            impl #rt::ToValue for #ty {
                fn to_value(&self) -> #rt::Value<'_> {
                    #rt::Value::Object(#rt::Object::Shape(self))
                }
            }
        }
    };
    let structs = structs.iter().filter_map(|path| c.structures.iter().find(|s| &s.path == path)).map(|s| {
        let ty = type_path(&s.path);
        let readable: Vec<_> = s.members.iter().filter(|m| m.ty != RustType::ByteStream).collect();
        let names = readable.iter().map(|m| &m.name);
        let arms = readable.iter().map(|m| {
            let (name, field) = (&m.name, ident(&m.field));
            quote!(#name => #rt::ToValue::to_value(&self.#field),)
        });
        let to_value = to_value(&ty);
        quote! {
            impl #rt::Inspect for #ty {
                fn member(&self, name: &str) -> #rt::Value<'_> {
                    match name {
                        #(#arms)*
                        _ => #rt::Value::Null,
                    }
                }
                fn member_names(&self) -> &'static [&'static str] {
                    &[#(#names),*]
                }
            }
            #to_value
        }
    });
    let unions = unions.iter().filter_map(|name| c.unions.iter().find(|u| &u.name == name)).map(|u| {
        let ty = type_path(&TypePath { module: crate::ir::Module::Types, name: u.name.clone() });
        let names = u.variants.iter().map(|v| &v.member_name);
        let arms = u.variants.iter().map(|v| {
            let (name, variant) = (&v.member_name, ident(&v.name));
            match v.ty {
                Some(_) => quote!((#name, Self::#variant(value)) => #rt::ToValue::to_value(value),),
                None => quote!((#name, Self::#variant) => #rt::Value::Object(#rt::Object::Entries(::std::vec::Vec::new())),),
            }
        });
        let to_value = to_value(&ty);
        quote! {
            impl #rt::Inspect for #ty {
                fn member(&self, name: &str) -> #rt::Value<'_> {
                    match (name, self) {
                        #(#arms)*
                        _ => #rt::Value::Null,
                    }
                }
                fn member_names(&self) -> &'static [&'static str] {
                    &[#(#names),*]
                }
            }
            #to_value
        }
    });
    let enums = enums.iter().map(|name| {
        let ty = type_path(&TypePath { module: crate::ir::Module::Types, name: name.clone() });
        quote! {
            impl #rt::ToValue for #ty {
                fn to_value(&self) -> #rt::Value<'_> {
                    #rt::Value::String(::std::borrow::Cow::Borrowed(self.as_str()))
                }
            }
        }
    });
    quote! {
        #(#structs)*
        #(#unions)*
        #(#enums)*
    }
}
