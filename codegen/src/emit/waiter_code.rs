//! An acceptor's typed path ([`TypedPath`]) compiled to Rust over the generated structs: one
//! function per path matcher, `fn(&Input, &Output) -> bool`, that reads the fields it names and
//! applies the comparator. Nothing is interpreted at run time.
//!
//! Each node becomes an expression of type `Option<R>` (`None` is JMESPath's `null`), where `R`
//! is the representation its [`PathType`] names, evaluated with `cur: &R` (the current value,
//! `@`) in scope. Helpers are the runtime's `waiters` module.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::common::{ident, type_path};
use crate::ir::{PathMatcher, PathType, RustType, TypePath, TypedNode, TypedPath};

/// `fn acceptor_<n>(input: &In, output: &Out) -> bool` for a path matcher (`input_output`: the
/// path starts from `{input, output}`).
pub fn acceptor_fn(n: usize, m: &PathMatcher, input_output: bool, input: &TypePath, output: &TypePath) -> TokenStream {
    let name = format_ident!("acceptor_{}", n);
    let (input_ty, output_ty) = (type_path(input), type_path(output));
    let Some(path) = &m.typed else {
        // The typing pass leaves out every waiter with a path it could not type.
        return quote! {
            fn #name(_input: &#input_ty, _output: &#output_ty) -> bool { false }
        };
    };
    let value = value(path);
    let expected = &m.expected;
    let compare = match m.comparator.as_str() {
        "booleanEquals" => {
            let b = expected == "true";
            quote!(value == ::std::option::Option::Some(#b))
        }
        "allStringEquals" => quote!(value.is_some_and(|all| !all.is_empty() && all.iter().all(|s| *s == #expected))),
        "anyStringEquals" => quote!(value.is_some_and(|any| any.contains(&#expected))),
        _ => quote!(value == ::std::option::Option::Some(#expected)),
    };
    let (input_param, root) = if input_output { (quote!(input), quote!((input, output))) } else { (quote!(_input), quote!(output)) };
    // A function given `null` makes the whole expression an error, which matches nothing.
    let (invalid, compare) = if may_be_invalid(path) {
        (quote!(let invalid = ::std::cell::Cell::new(false);), quote!(!invalid.get() && #compare))
    } else {
        (TokenStream::new(), compare)
    };
    quote! {
        #[allow(clippy::bind_instead_of_map, clippy::unnecessary_filter_map, clippy::unnecessary_map_on_constructor, clippy::unnecessary_literal_unwrap)]
        fn #name(#input_param: &#input_ty, output: &#output_ty) -> bool {
            #invalid
            let root = #root;
            let cur = &root;
            let value = #value;
            #compare
        }
    }
}

fn some(t: TokenStream) -> TokenStream {
    quote!(::std::option::Option::Some(#t))
}

fn none() -> TokenStream {
    quote!(::std::option::Option::None)
}

fn collect() -> TokenStream {
    quote!(collect::<::std::vec::Vec<_>>())
}

/// The expression of type `Option<R>` for a node, with `cur: &R` in scope.
fn value(p: &TypedPath) -> TokenStream {
    let none = none();
    let collect = collect();
    match &p.node {
        TypedNode::Current => some(quote!(::std::clone::Clone::clone(cur))),
        TypedNode::Member { field, stored, optional, boxed } => member(&ident(field), stored, *optional, *boxed),
        TypedNode::Variant { union, variant, stored, boxed } => {
            let (union, variant) = (type_path(union), ident(variant));
            let v = if *boxed && identity(stored) { quote!(&**v) } else { quote!(v) };
            let lifted = some(lift(stored, &v, Form::Ref));
            quote!(match cur { #union::#variant(v) => #lifted, _ => #none })
        }
        TypedNode::Entry { key, stored } => match identity(stored) {
            true => quote!(cur.get(#key)),
            false => {
                let lifted = lift(stored, &quote!(v), Form::Ref);
                quote!(cur.get(#key).map(|v| #lifted))
            }
        },
        TypedNode::Root(input) => some(if *input { quote!(cur.0) } else { quote!(cur.1) }),
        TypedNode::Then(left, right) => {
            let (left, right) = (value(left), value(right));
            quote!(#left.as_ref().and_then(|cur| #right))
        }
        TypedNode::Index(i) => quote!(::smithy_client_runtime::waiters::index(cur, #i)),
        TypedNode::Slice(a, b, s) => {
            let int = |n: &Option<i64>| n.map_or_else(|| none.clone(), |n| some(quote!(#n)));
            let (a, b, s) = (int(a), int(b), int(s));
            quote!(::smithy_client_runtime::waiters::slice(cur, #a, #b, #s))
        }
        TypedNode::Project(left, right) => {
            let (left, right) = (value(left), value(right));
            quote!(#left.map(|items| items.iter().filter_map(|cur| #right).#collect))
        }
        TypedNode::Values(left, right) => {
            let stored = match &left.ty {
                PathType::Map(stored) => (**stored).clone(),
                _ => RustType::String,
            };
            let lifted = lift(&stored, &quote!(v), Form::Ref);
            let (left, right) = (value(left), value(right));
            quote!(#left.map(|map| ::smithy_client_runtime::waiters::entries(map).into_iter().filter_map(|(_, v)| {
                let cur = &#lifted;
                #right
            }).#collect))
        }
        TypedNode::Flatten(inner, nested) => {
            let inner = value(inner);
            if *nested {
                quote!(#inner.map(|items| items.into_iter().flatten().#collect))
            } else {
                inner
            }
        }
        TypedNode::Filter(left, condition, right) => {
            let truth = truth(&value(condition), &condition.ty);
            let (left, right) = (value(left), value(right));
            quote!(#left.map(|items| items.iter().filter_map(|cur| if #truth { #right } else { #none }).#collect))
        }
        TypedNode::Compare(op, left, right) => compare(op, left, right),
        TypedNode::And(left, right) | TypedNode::Or(left, right) => {
            let truth = truth(&quote!(left), &left.ty);
            let (l, r) = (value(left), value(right));
            if matches!(p.node, TypedNode::And(..)) {
                quote!({
                    let left = #l;
                    if #truth { #r } else { left }
                })
            } else {
                quote!({
                    let left = #l;
                    if #truth { left } else { #r }
                })
            }
        }
        TypedNode::Not(inner) => {
            let truth = truth(&value(inner), &inner.ty);
            some(quote!(!#truth))
        }
        TypedNode::Literal(v) => literal(v),
        TypedNode::Call(function, args) => call(function, args),
    }
}

/// A member of the structure `cur`.
fn member(field: &proc_macro2::Ident, stored: &RustType, optional: bool, boxed: bool) -> TokenStream {
    let ref_v = quote!(v);
    match (optional, boxed) {
        (true, true) if identity(stored) => quote!(cur.#field.as_deref()),
        (true, true) => {
            let lifted = lift(stored, &ref_v, Form::Ref);
            quote!(cur.#field.as_deref().map(|v| #lifted))
        }
        (true, false) => match stored {
            RustType::String => quote!(cur.#field.as_deref()),
            RustType::Bool | RustType::F64 => quote!(cur.#field),
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 | RustType::F32 => quote!(cur.#field.map(|v| v as f64)),
            _ if identity(stored) => quote!(cur.#field.as_ref()),
            _ => {
                let lifted = lift(stored, &ref_v, Form::Ref);
                quote!(cur.#field.as_ref().map(|v| #lifted))
            }
        },
        (false, boxed) => some(lift(stored, &quote!(cur.#field), if boxed { Form::BoxedPlace } else { Form::Place })),
    }
}

/// Whether a stored value's representation is the reference itself.
fn identity(stored: &RustType) -> bool {
    matches!(stored, RustType::Struct(_) | RustType::Union(_) | RustType::Map { .. })
}

/// How the expression handed to [`lift`] holds the stored value.
#[derive(Clone, Copy)]
enum Form {
    /// A reference to it (`v: &T`).
    Ref,
    /// The value itself, a field (`cur.field`).
    Place,
    /// A boxed field (`cur.field: Box<T>`).
    BoxedPlace,
}

/// The representation of the stored value that `v` holds.
fn lift(stored: &RustType, v: &TokenStream, form: Form) -> TokenStream {
    match stored {
        RustType::String | RustType::Enum(_) => quote!(#v.as_str()),
        RustType::Bool | RustType::F64 => match form {
            Form::Ref => quote!(*#v),
            _ => v.clone(),
        },
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 | RustType::F32 => match form {
            Form::Ref => quote!(*#v as f64),
            _ => quote!(#v as f64),
        },
        RustType::DateTime => quote!(#v.as_secs_f64()),
        RustType::List { element, .. } => {
            let collect = collect();
            match &**element {
                RustType::Bool | RustType::F64 => quote!(#v.to_vec()),
                e if identity(e) => quote!(#v.iter().#collect),
                e => {
                    let lifted = lift(e, &quote!(v), Form::Ref);
                    quote!(#v.iter().map(|v| #lifted).#collect)
                }
            }
        }
        // Structures, unions and maps are read through a reference; the typing pass lets no
        // other stored type through.
        _ => match form {
            Form::Ref => v.clone(),
            Form::Place => quote!(&#v),
            Form::BoxedPlace => quote!(&*#v),
        },
    }
}

/// JMESPath truthiness of an `Option<R>` expression of type `ty`.
fn truth(v: &TokenStream, ty: &PathType) -> TokenStream {
    match ty {
        PathType::Bool => quote!(#v.unwrap_or(false)),
        PathType::String => quote!(#v.is_some_and(|s| !s.is_empty())),
        PathType::List(_) => quote!(#v.as_ref().is_some_and(|l| !l.is_empty())),
        PathType::Map(_) => quote!(#v.is_some_and(|m| !m.is_empty())),
        // Numbers are always truthy, `null` never; the typing pass lets no structure through.
        _ => quote!(#v.is_some()),
    }
}

fn compare(op: &str, left: &TypedPath, right: &TypedPath) -> TokenStream {
    let (l, r) = (value(left), value(right));
    let negate = op == "Ne";
    match op {
        "Eq" | "Ne" => some(if left.ty == right.ty {
            if negate {
                quote!(#l != #r)
            } else {
                quote!(#l == #r)
            }
        } else if left.ty == PathType::Null || right.ty == PathType::Null {
            let other = if left.ty == PathType::Null { r } else { l };
            if negate {
                quote!(#other.is_some())
            } else {
                quote!(#other.is_none())
            }
        } else if negate {
            // Values of two types are equal only when both are `null`.
            quote!(#l.is_some() || #r.is_some())
        } else {
            quote!(#l.is_none() && #r.is_none())
        }),
        _ if left.ty == PathType::Number && right.ty == PathType::Number => {
            let op = match op {
                "Lt" => quote!(<),
                "Le" => quote!(<=),
                "Gt" => quote!(>),
                _ => quote!(>=),
            };
            quote!(match (#l, #r) {
                (::std::option::Option::Some(a), ::std::option::Option::Some(b)) => ::std::option::Option::Some(a #op b),
                _ => ::std::option::Option::None,
            })
        }
        // Ordering is defined on numbers only.
        _ => quote!(::std::option::Option::<bool>::None),
    }
}

fn literal(v: &serde_json::Value) -> TokenStream {
    match v {
        serde_json::Value::Bool(b) => some(quote!(#b)),
        serde_json::Value::Number(n) => {
            let n = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
            some(quote!(#n))
        }
        serde_json::Value::String(s) => some(quote!(#s)),
        _ => quote!(::std::option::Option::<()>::None),
    }
}

/// A call. JMESPath raises `invalid-type` when a function is given `null` where it needs a
/// value (every argument but `contains`' search and `not_null`'s); the error makes the whole
/// expression fail, so the call marks `invalid` and the acceptor does not match.
fn call(function: &str, args: &[TypedPath]) -> TokenStream {
    if function == "NotNull" {
        let values = args.iter().map(value);
        let mut values = values.into_iter();
        let Some(first) = values.next() else { return none() };
        return quote!(#first #(.or(#values))*);
    }
    let needed = if function == "Contains" { 1 } else { args.len() };
    let names: Vec<_> = (0..args.len()).map(|i| format_ident!("arg{}", i)).collect();
    let (bound, checked) = (&names[..], &names[..needed]);
    let values = args.iter().map(value);
    let body = call_body(function, args, &names.iter().map(|n| quote!(#n)).collect::<Vec<_>>());
    quote!({
        #(let #bound = #values;)*
        if #(#checked.is_none())||* {
            invalid.set(true);
        }
        #body
    })
}

/// Whether a path holds a call that can raise `invalid-type` (and so needs the `invalid` flag).
pub fn may_be_invalid(p: &TypedPath) -> bool {
    match &p.node {
        TypedNode::Call(function, args) => function != "NotNull" || args.iter().any(may_be_invalid),
        TypedNode::Then(a, b) | TypedNode::Project(a, b) | TypedNode::Values(a, b) | TypedNode::Compare(_, a, b) | TypedNode::And(a, b) | TypedNode::Or(a, b) => {
            may_be_invalid(a) || may_be_invalid(b)
        }
        TypedNode::Filter(a, b, c) => may_be_invalid(a) || may_be_invalid(b) || may_be_invalid(c),
        TypedNode::Flatten(a, _) | TypedNode::Not(a) => may_be_invalid(a),
        _ => false,
    }
}

/// A call's result from its arguments, bound to `values`.
fn call_body(function: &str, args: &[TypedPath], values: &[TokenStream]) -> TokenStream {
    let types: Vec<&PathType> = args.iter().map(|a| &a.ty).collect();
    let collect = collect();
    let none = none();
    let Some(a) = values.first() else { return none };
    match (function, types.as_slice()) {
        ("Length", [PathType::String]) => quote!(#a.map(|s| s.chars().count() as f64)),
        ("Length", _) => quote!(#a.map(|l| l.len() as f64)),
        ("Contains", [PathType::List(element), search]) if **element == **search => {
            let s = &values[1];
            quote!(#a.map(|list| {
                let search = #s;
                list.iter().any(|e| search.as_ref() == ::std::option::Option::Some(e))
            }))
        }
        ("Contains", [PathType::String, PathType::String]) => {
            let s = &values[1];
            quote!(#a.map(|text| #s.is_some_and(|s| text.contains(s))))
        }
        // A list holds no `null` and no value of another type; a string contains only strings.
        ("Contains", _) => {
            let s = &values[1];
            quote!({
                let _ = #s;
                #a.map(|_| false)
            })
        }
        ("StartsWith" | "EndsWith", _) => {
            let (b, method) = (&values[1], if function == "StartsWith" { quote!(starts_with) } else { quote!(ends_with) });
            quote!(match (#a, #b) {
                (::std::option::Option::Some(a), ::std::option::Option::Some(b)) => ::std::option::Option::Some(a.#method(b)),
                _ => ::std::option::Option::None,
            })
        }
        ("Abs", _) => quote!(#a.map(f64::abs)),
        ("Ceil", _) => quote!(#a.map(f64::ceil)),
        ("Floor", _) => quote!(#a.map(f64::floor)),
        ("Sum", _) => quote!(#a.map(|l| l.iter().sum::<f64>())),
        ("Avg", _) => quote!(#a.and_then(|l| ::smithy_client_runtime::waiters::avg(&l))),
        ("Max" | "Min", [PathType::List(element)]) => {
            let max = function == "Max";
            if **element == PathType::Number {
                quote!(#a.and_then(|l| ::smithy_client_runtime::waiters::extreme_number(&l, #max)))
            } else {
                quote!(#a.and_then(|l| ::smithy_client_runtime::waiters::extreme_string(&l, #max)))
            }
        }
        ("Keys", _) => quote!(#a.map(|m| ::smithy_client_runtime::waiters::entries(m).into_iter().map(|(k, _)| k).#collect)),
        ("Values", [PathType::Map(stored)]) => {
            let lifted = lift(stored, &quote!(v), Form::Ref);
            quote!(#a.map(|m| ::smithy_client_runtime::waiters::entries(m).into_iter().map(|(_, v)| #lifted).#collect))
        }
        // The typing pass lets no other call through.
        _ => none,
    }
}
