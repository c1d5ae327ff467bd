//! Rust expressions that build an `aws_smithy_types::Document` from a JSON default value.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

/// An expression of type `::aws_smithy_types::Document` equal to `value`.
pub fn document_literal(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(::aws_smithy_types::Document::Null),
        Value::Bool(b) => quote!(::aws_smithy_types::Document::Bool(#b)),
        Value::Number(n) => number(n),
        Value::String(s) => quote!(::aws_smithy_types::Document::String(#s.to_owned())),
        Value::Array(items) => {
            let items = items.iter().map(document_literal);
            quote!(::aws_smithy_types::Document::Array(::std::vec![#(#items),*]))
        }
        Value::Object(map) => {
            let sorted: std::collections::BTreeMap<&String, &Value> = map.iter().collect();
            let entries = sorted.into_iter().map(|(k, v)| {
                let v = document_literal(v);
                quote!((#k.to_owned(), #v))
            });
            quote!(::aws_smithy_types::Document::Object(::std::collections::HashMap::from([#(#entries),*])))
        }
    }
}

fn number(n: &serde_json::Number) -> TokenStream {
    if let Some(u) = n.as_u64() {
        quote!(::aws_smithy_types::Document::Number(::aws_smithy_types::Number::PosInt(#u)))
    } else if let Some(i) = n.as_i64() {
        quote!(::aws_smithy_types::Document::Number(::aws_smithy_types::Number::NegInt(#i)))
    } else {
        let f = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
        quote!(::aws_smithy_types::Document::Number(::aws_smithy_types::Number::Float(#f)))
    }
}
