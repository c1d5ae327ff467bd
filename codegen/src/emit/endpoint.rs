//! `config::endpoint`: the rule set (embedded as JSON for the runtime's engine), the typed
//! `Params` and `ParamsBuilder`, the `ResolveEndpoint` trait a user's resolver implements, and
//! `DefaultResolver`; the endpoint parameters each input supplies; the `endpointTests` cases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{docs, ident};
use crate::ir::{
    ConfigSetting, Crate, EndpointBinding, EndpointExpect, EndpointLiteral, EndpointParam, EndpointParamKind, EndpointRules, EndpointStep,
    EndpointTest, EndpointTestCase, PathLeaf, Structure,
};

fn rt() -> TokenStream {
    quote!(::smithy_client_runtime::endpoint)
}

/// The `pub mod endpoint` of `config.rs`.
pub fn endpoint_module(rules: &EndpointRules) -> TokenStream {
    let rt = rt();
    let json = &rules.json;
    let params = &rules.params;
    let fields = params.iter().map(|p| {
        let (f, ty, d) = (ident(&p.field), value_type(p.kind), docs(&p.docs));
        quote!(#d pub(crate) #f: ::std::option::Option<#ty>,)
    });
    let builder_fields = params.iter().map(|p| {
        let (f, ty) = (ident(&p.field), value_type(p.kind));
        quote!(#f: ::std::option::Option<#ty>,)
    });
    let getters = params.iter().map(getter);
    let setters = params.iter().map(setter);
    let build = params.iter().map(build_field);
    let from_list = params.iter().map(|p| {
        let (f, name) = (ident(&p.field), &p.name);
        let read = match p.kind {
            EndpointParamKind::String => quote!(string_param),
            EndpointParamKind::Bool => quote!(bool_param),
            EndpointParamKind::StringArray => quote!(string_array_param),
        };
        quote!(#f: #rt::#read(list, #name),)
    });
    let to_list = params.iter().map(|p| {
        let (f, name) = (ident(&p.field), &p.name);
        let value = match p.kind {
            EndpointParamKind::Bool => quote!(self.#f),
            _ => quote!(self.#f.clone()),
        };
        quote!((::std::string::String::from(#name), #value.map(#rt::ParamValue::from)),)
    });
    quote! {
        /// Endpoint resolution: the parameters the model's endpoint rules take, the trait a
        /// resolver implements, and the default resolver that evaluates the rules.
        pub mod endpoint {
            pub use #rt::{Endpoint, EndpointFuture, InvalidParams, ResolveEndpointError};

            /// The model's endpoint rule set.
            pub(crate) static RULES: #rt::LazyRules = #rt::LazyRules::new(#json);

            /// The parameters of one endpoint resolution.
            #[non_exhaustive]
            #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
            pub struct Params {
                #(#fields)*
            }

            impl Params {
                /// A builder for the parameters.
                pub fn builder() -> ParamsBuilder {
                    ParamsBuilder::default()
                }
                #(#getters)*
                /// The parameters from the runtime's list (defaults already applied).
                pub(crate) fn from_list(list: &#rt::ParamList) -> Self {
                    Self { #(#from_list)* }
                }
                /// The parameters as the rules engine takes them.
                pub(crate) fn to_list(&self) -> #rt::ParamList {
                    ::std::vec![#(#to_list)*]
                }
            }

            /// Builds [`Params`].
            #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default, ::std::cmp::PartialEq)]
            pub struct ParamsBuilder {
                #(#builder_fields)*
            }

            impl ParamsBuilder {
                #(#setters)*
                /// The parameters, with defaults applied; fails when a required one is missing.
                pub fn build(self) -> ::std::result::Result<Params, InvalidParams> {
                    ::std::result::Result::Ok(Params { #(#build)* })
                }
            }

            /// Resolves the endpoint of a request from its [`Params`]; set your own with
            /// `config::Builder::endpoint_resolver`.
            pub trait ResolveEndpoint: ::std::marker::Send + ::std::marker::Sync + ::std::fmt::Debug {
                /// The endpoint for these parameters.
                fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a>;
            }

            /// The resolver that evaluates the model's endpoint rules.
            #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default)]
            pub struct DefaultResolver {
                _private: (),
            }

            impl DefaultResolver {
                /// The rules' resolver.
                pub fn new() -> Self {
                    Self::default()
                }
            }

            impl ResolveEndpoint for DefaultResolver {
                fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
                    EndpointFuture::ready(#rt::resolve_with(&RULES, &params.to_list()))
                }
            }

            /// A user's resolver, as the runtime calls it.
            #[derive(::std::fmt::Debug)]
            pub(crate) struct Adapter<R>(pub(crate) R);

            impl<R: ResolveEndpoint> #rt::ResolveEndpointDyn for Adapter<R> {
                fn resolve<'a>(&'a self, list: &'a #rt::ParamList) -> EndpointFuture<'a> {
                    let params = Params::from_list(list);
                    EndpointFuture::new(async move { self.0.resolve_endpoint(&params).await })
                }
            }
        }
    }
}

fn value_type(kind: EndpointParamKind) -> TokenStream {
    match kind {
        EndpointParamKind::String => quote!(::std::string::String),
        EndpointParamKind::Bool => quote!(bool),
        EndpointParamKind::StringArray => quote!(::std::vec::Vec<::std::string::String>),
    }
}

fn getter(p: &EndpointParam) -> TokenStream {
    let (f, d) = (ident(&p.field), docs(&p.docs));
    match p.kind {
        EndpointParamKind::String => quote!(#d pub fn #f(&self) -> ::std::option::Option<&str> { self.#f.as_deref() }),
        EndpointParamKind::Bool => quote!(#d pub fn #f(&self) -> ::std::option::Option<bool> { self.#f }),
        EndpointParamKind::StringArray => {
            quote!(#d pub fn #f(&self) -> ::std::option::Option<&[::std::string::String]> { self.#f.as_deref() })
        }
    }
}

fn setter(p: &EndpointParam) -> TokenStream {
    let (f, ty, d) = (ident(&p.field), value_type(p.kind), docs(&p.docs));
    let set = format_ident!("set_{}", p.accessor);
    let set_doc = format!(" Sets or clears `{}`.", p.name);
    quote! {
        #d
        pub fn #f(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#f = ::std::option::Option::Some(value.into());
            self
        }
        #[doc = #set_doc]
        pub fn #set(mut self, param: ::std::option::Option<#ty>) -> Self {
            self.#f = param;
            self
        }
    }
}

fn build_field(p: &EndpointParam) -> TokenStream {
    let f = ident(&p.field);
    let field_name = p.field.trim_start_matches("r#");
    match (&p.default, p.required) {
        (Some(EndpointLiteral::Bool(b)), _) => quote!(#f: ::std::option::Option::Some(self.#f.unwrap_or(#b)),),
        (Some(default), _) => {
            let value = literal_value(default);
            quote!(#f: ::std::option::Option::Some(self.#f.unwrap_or_else(|| #value)),)
        }
        (None, true) => quote!(#f: ::std::option::Option::Some(self.#f.ok_or_else(|| InvalidParams::missing(#field_name))?),),
        (None, false) => quote!(#f: self.#f,),
    }
}

/// An owned Rust value of a literal.
fn literal_value(l: &EndpointLiteral) -> TokenStream {
    match l {
        EndpointLiteral::String(s) => quote!(::std::string::String::from(#s)),
        EndpointLiteral::Bool(b) => quote!(#b),
        EndpointLiteral::StringArray(items) => quote!(::std::vec![#(::std::string::String::from(#items)),*]),
    }
}

/// A `StaticParam` of the runtime.
pub fn static_param(l: &EndpointLiteral) -> TokenStream {
    let rt = rt();
    match l {
        EndpointLiteral::String(s) => quote!(#rt::StaticParam::String(#s)),
        EndpointLiteral::Bool(b) => quote!(#rt::StaticParam::Bool(#b)),
        EndpointLiteral::StringArray(items) => quote!(#rt::StaticParam::StringArray(&[#(#items),*])),
    }
}

/// `endpoint_params` of an input's `WriteRequest`: one line per binding.
pub fn input_endpoint_params(s: &Structure) -> Option<TokenStream> {
    if s.endpoint_bindings.is_empty() {
        return None;
    }
    let rt = quote!(::smithy_client_runtime);
    let lines = s.endpoint_bindings.iter().map(binding_line);
    Some(quote! {
        #[inline]
        fn endpoint_params(&self, p: &mut #rt::endpoint::ContextParams) {
            #(#lines)*
        }
    })
}

fn binding_line(b: &EndpointBinding) -> TokenStream {
    let name = &b.param;
    // A member read directly: no iterator.
    if let [EndpointStep::Field { field, optional: true, boxed: false }] = b.path.as_slice() {
        let f = ident(field);
        match (b.kind, b.leaf) {
            (EndpointParamKind::Bool, _) => return quote!(p.bool(#name, self.#f);),
            (EndpointParamKind::String, PathLeaf::String) => return quote!(p.string(#name, self.#f.as_deref());),
            (EndpointParamKind::String, PathLeaf::Enum) => return quote!(p.string(#name, self.#f.as_ref().map(|v| v.as_str()));),
            _ => {}
        }
    }
    let chain = steps(&b.path);
    let values = match b.leaf {
        PathLeaf::String => quote!(::std::iter::once(self) #chain .map(|v| v.as_str())),
        PathLeaf::Enum => quote!(::std::iter::once(self) #chain .map(|v| v.as_str())),
        PathLeaf::Bool => quote!(::std::iter::once(self) #chain .copied()),
    };
    match b.kind {
        EndpointParamKind::Bool => quote!(p.bool(#name, #values.next());),
        EndpointParamKind::String => quote!(p.string(#name, #values.next());),
        EndpointParamKind::StringArray => quote!(p.strings(#name, #values);),
    }
}

/// Iterator adapters for the steps of a path, over references.
fn steps(path: &[EndpointStep]) -> TokenStream {
    let parts = path.iter().map(|step| match step {
        EndpointStep::Field { field, optional, boxed } => {
            let f = ident(field);
            match (optional, boxed) {
                (true, true) => quote!(.filter_map(|v| v.#f.as_deref())),
                (true, false) => quote!(.filter_map(|v| v.#f.as_ref())),
                (false, true) => quote!(.map(|v| &*v.#f)),
                (false, false) => quote!(.map(|v| &v.#f)),
            }
        }
        EndpointStep::Keys => quote!(.flat_map(|v| v.keys())),
        EndpointStep::Each { sparse: false } => quote!(.flat_map(|v| v.iter())),
        EndpointStep::Each { sparse: true } => quote!(.flat_map(|v| v.iter().flatten())),
        EndpointStep::Select(branches) => {
            let branches = branches.iter().map(|b| {
                let chain = steps(b);
                quote!(out.extend(::std::iter::once(v) #chain);)
            });
            quote!(.flat_map(|v| {
                let mut out = ::std::vec::Vec::new();
                #(#branches)*
                out
            }))
        }
    });
    quote!(#(#parts)*)
}

/// `src/endpoint_tests.rs`, or `None` when the crate has no cases.
pub fn emit_endpoint_tests(c: &Crate) -> Option<TokenStream> {
    let rules = c.service.endpoint_rules.as_ref()?;
    if c.endpoint_tests.is_empty() || c.service.client_protocol.is_none() {
        return None;
    }
    let tests = c.endpoint_tests.iter().map(|t| emit_test(t, rules, c));
    Some(quote! {
        #![allow(clippy::all)]
        use crate::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
        use ::smithy_client_runtime::endpoint::testing as et;
        #(#tests)*
    })
}

fn emit_test(t: &EndpointTest, rules: &EndpointRules, c: &Crate) -> TokenStream {
    let name = format_ident!("case_{:04}", t.number);
    let doc = format!(" Endpoint test {}: {}", t.number, t.docs);
    let ignore = t.skip.as_ref().map(|why| quote!(#[ignore = #why]));
    let body = match &t.kind {
        Err(why) => {
            let message = format!("this case cannot run against the generated client: {why}");
            quote!(panic!(#message);)
        }
        Ok(case) => case_body(case, rules, c),
    };
    quote! {
        #[doc = #doc]
        #[test]
        #ignore
        fn #name() {
            #body
        }
    }
}

fn case_body(case: &EndpointTestCase, rules: &EndpointRules, c: &Crate) -> TokenStream {
    let setters = case.params.iter().map(|(i, value)| {
        let f = ident(&rules.params[*i].field);
        let v = literal_value(value);
        quote!(.#f(#v))
    });
    let expected = match &case.expect {
        EndpointExpect::Error(message) => quote!(et::Expected::Error(#message)),
        EndpointExpect::Endpoint { url, headers, properties } => {
            let headers = headers.iter().map(|(name, values)| quote!((#name, &[#(#values),*] as &[&str])));
            quote!(et::Expected::Endpoint { url: #url, headers: &[#(#headers),*], properties: #properties })
        }
    };
    let operations = case.operations.iter().map(|o| {
        let op = &c.operations[o.operation];
        let module = ident(&op.module);
        let account_id = o.config.iter().find_map(|s| match s {
            ConfigSetting::AccountId(a) => Some(a.as_str()),
            _ => None,
        });
        let account_id = match account_id {
            Some(a) => quote!(::std::option::Option::Some(#a)),
            None => quote!(::std::option::Option::None),
        };
        let config = o.config.iter().filter_map(config_call);
        let input = super::protocol_tests::value_expr(&o.input);
        quote! {
            let conf = crate::Config::builder() #(#config)* .build();
            let client = crate::Client::from_conf(conf);
            let resolved = client.runtime().endpoint_of(&crate::operation::#module::SPEC, #input, #account_id);
            et::check_resolved(resolved, &expected);
        }
    });
    quote! {
        let params = Params::builder() #(#setters)* .build().expect("the parameters build");
        let expected = #expected;
        et::check(et::now(DefaultResolver::new().resolve_endpoint(&params)), &expected);
        #(#operations)*
    }
}

fn config_call(s: &ConfigSetting) -> Option<TokenStream> {
    Some(match s {
        ConfigSetting::Region(r) => quote!(.region(crate::config::Region::new(#r))),
        ConfigSetting::UseFips(b) => quote!(.use_fips(#b)),
        ConfigSetting::UseDualStack(b) => quote!(.use_dual_stack(#b)),
        ConfigSetting::EndpointUrl(u) => quote!(.endpoint_url(#u)),
        ConfigSetting::AccountId(_) => return None,
        ConfigSetting::AccountIdEndpointMode(m) => {
            quote!(.account_id_endpoint_mode(<crate::config::AccountIdEndpointMode as ::std::str::FromStr>::from_str(#m).expect("a valid mode")))
        }
        ConfigSetting::Context { setter, value } => {
            let f = ident(setter);
            let v = literal_value(value);
            quote!(.#f(#v))
        }
    })
}
