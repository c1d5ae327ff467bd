//! Errors: the impls of an error structure, `<Op>Error`, and `crate::Error`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::common::{deprecated, docs, ident, type_path, REDACTED};
use crate::ir::{Crate, ErrorInfo, ErrorVariant, EventStreamErrors, Operation, Structure, Union};

const META: &str = "::aws_smithy_types::error::ErrorMetadata";

/// `message()`, `Display`, `Error`, `ProvideErrorMetadata` and `RequestId` for an error struct.
pub fn emit_error_impls(s: &Structure, info: &ErrorInfo, ext: bool) -> TokenStream {
    let name = ident(&s.path.name);
    let Some(message) = s.members.get(info.message_member) else { return TokenStream::new() };
    let f = ident(&message.field);
    let getter = if message.optional {
        quote!(self.#f.as_deref())
    } else {
        quote!(::std::option::Option::Some(&self.#f))
    };
    let title = if info.shape_name == s.path.name {
        s.path.name.clone()
    } else {
        format!("{} [{}]", s.path.name, info.shape_name)
    };
    let body = if message.redacted {
        let text = format!("{title}: {REDACTED}");
        quote!(f.write_str(#text))
    } else {
        quote! {
            f.write_str(#title)?;
            if let ::std::option::Option::Some(msg) = self.message() {
                ::std::write!(f, ": {msg}")?;
            }
            ::std::result::Result::Ok(())
        }
    };
    let meta: TokenStream = META.parse().unwrap_or_default();
    let ext_impl = ext.then(|| request_id_ext(&quote!(#name), quote!(&self.meta)));
    let retryable = info.retryable.map(|throttling| {
        let kind = if throttling {
            quote!(ThrottlingError)
        } else if info.server_fault {
            quote!(ServerError)
        } else {
            quote!(ClientError)
        };
        quote! {
            /// The kind of retry this error calls for.
            pub fn retryable_error_kind(&self) -> ::aws_smithy_types::retry::ErrorKind {
                ::aws_smithy_types::retry::ErrorKind::#kind
            }
        }
    });
    quote! {
        impl #name {
            /// Returns the error message.
            pub fn message(&self) -> ::std::option::Option<&str> {
                #getter
            }
            #retryable
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
        impl ::std::error::Error for #name {}
        impl ::aws_smithy_types::error::metadata::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#meta {
                &self.meta
            }
        }
        impl crate::operation::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                crate::operation::RequestId::request_id(&self.meta)
            }
        }
        #ext_impl
    }
}

/// `RequestIdExt` from the error metadata, for services that send S3's extended request id.
fn request_id_ext(name: &TokenStream, meta: TokenStream) -> TokenStream {
    quote! {
        impl crate::operation::RequestIdExt for #name {
            fn extended_request_id(&self) -> ::std::option::Option<&str> {
                crate::operation::RequestIdExt::extended_request_id(#meta)
            }
        }
    }
}

fn unhandled_deprecation(enum_name: &str) -> TokenStream {
    let note = format!(
        "Do not match `Unhandled` by name: errors the model adds later would move out of it. Use a wildcard arm and check `.code()`, e.g. `err if err.code() == Some(\"SomeCode\") => {{ .. }}`; [`ProvideErrorMetadata`](#impl-ProvideErrorMetadata-for-{enum_name}) lists what else is available."
    );
    quote!(#[deprecated(note = #note)])
}

fn variant_defs(variants: &[ErrorVariant]) -> Vec<TokenStream> {
    variants
        .iter()
        .map(|v| {
            let name = ident(&v.path.name);
            let path = type_path(&v.path);
            let (d, dep) = (docs(&v.docs), deprecated(&v.deprecated));
            quote!(#d #dep #name(#path),)
        })
        .collect()
}

/// `<Op>Error` with its helpers and trait impls.
pub fn emit_operation_error(op: &Operation, ext: bool) -> TokenStream {
    let name = format_ident!("{}Error", op.type_name);
    let doc = format!(" Error type for the `{}` operation.", op.type_name);
    emit_error_enum(&name, &doc, &op.errors, ext)
}

/// `crate::types::error::<Union>Error`: the errors an event stream can carry, with the same
/// helpers as an operation's error, and how they are read from (output streams) and written as
/// (input streams) exception messages.
pub fn emit_event_stream_error(u: &Union, ext: bool) -> TokenStream {
    let Some(errors) = &u.event_stream else { return TokenStream::new() };
    let name = ident(&errors.name);
    let doc = format!(" Error type for the `{}` event stream.", u.name);
    let variants: Vec<ErrorVariant> = errors.variants.iter().map(|(_, v)| v.clone()).collect();
    let definition = emit_error_enum(&name, &doc, &variants, ext);
    let read = u.wire.de.then(|| read_event_error(&name, errors));
    let write = u.wire.ser.then(|| write_event_error(&name, errors));
    quote!(#definition #read #write)
}

/// `ReadEventError`: the modelled error an exception message's `:exception-type` names.
fn read_event_error(name: &Ident, errors: &EventStreamErrors) -> TokenStream {
    let arms = errors.variants.iter().map(|(member, v)| {
        let variant = ident(&v.path.name);
        quote!(#member => ::std::option::Option::Some(Self::#variant(::smithy_client_runtime::event_stream::read_exception(exception_type, r)?)),)
    });
    // A stream without modelled errors reads every exception as unmodelled.
    let (t, r, body) = if errors.variants.is_empty() {
        (quote!(_exception_type), quote!(_r), quote!(::std::result::Result::Ok(::std::option::Option::None)))
    } else {
        let body = quote!(::std::result::Result::Ok(match exception_type {
            #(#arms)*
            _ => ::std::option::Option::None,
        }));
        (quote!(exception_type), quote!(r), body)
    };
    quote! {
        impl ::smithy_client_runtime::event_stream::ReadEventError for #name {
            fn read_exception(
                #t: &str,
                #r: &mut ::smithy_client_runtime::response::ResponseReader<'_>,
            ) -> ::std::result::Result<::std::option::Option<Self>, ::smithy_client_runtime::error::BoxError> {
                #body
            }
            fn unmodelled(meta: ::aws_smithy_types::error::ErrorMetadata) -> Self {
                Self::generic(meta)
            }
        }
    }
}

/// `WriteEventError`: a modelled error of an input stream is sent as an exception message
/// named by its member; `Unhandled` ends the request.
fn write_event_error(name: &Ident, errors: &EventStreamErrors) -> TokenStream {
    let rt = quote!(::smithy_client_runtime::event_stream);
    let arms = errors.variants.iter().map(|(member, v)| {
        let variant = ident(&v.path.name);
        quote!(Self::#variant(value) => #rt::write_exception(#member, value, protocol),)
    });
    let (p, body) = if errors.variants.is_empty() {
        (quote!(_protocol), quote!(::std::result::Result::Err(#rt::ExceptionError::Unmodelled(self))))
    } else {
        let body = quote!(match self {
            #(#arms)*
            other => ::std::result::Result::Err(#rt::ExceptionError::Unmodelled(other)),
        });
        (quote!(protocol), body)
    };
    quote! {
        impl #rt::WriteEventError for #name {
            fn write_exception(self, #p: ::smithy_client_runtime::protocol::Protocol) -> ::std::result::Result<#rt::Message, #rt::ExceptionError<Self>> {
                #body
            }
        }
    }
}

/// An error enum over `errors` plus `Unhandled`, with its helpers and trait impls.
fn emit_error_enum(name: &Ident, doc: &str, errors: &[ErrorVariant], ext: bool) -> TokenStream {
    let variants = variant_defs(errors);
    let deprecation = unhandled_deprecation(&name.to_string());
    let modeled = modeled_fn(errors);
    let is_fns = errors.iter().map(|v| is_fn(name, v));
    let kind = retryable_kind(errors);
    let ext_impl = ext.then(|| request_id_ext(&quote!(#name), quote!(self.meta())));
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe: an unknown error code, or a response that could not be read.
            #deprecation
            Unhandled(crate::error::sealed_unhandled::Unhandled),
        }
        impl #name {
            /// Wraps any error in the `Unhandled` variant.
            pub fn unhandled(err: impl ::std::convert::Into<crate::error::BoxError>) -> Self {
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled::new(err.into(), ::std::default::Default::default()))
            }
            /// Builds the `Unhandled` variant from error metadata alone.
            pub fn generic(err: ::aws_smithy_types::error::ErrorMetadata) -> Self {
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled::new(err.clone().into(), err))
            }
            /// The error's metadata: code, message, request id and any extra fields.
            pub fn meta(&self) -> &::aws_smithy_types::error::ErrorMetadata {
                match self.modeled() {
                    ::std::result::Result::Ok(e) => e.meta(),
                    ::std::result::Result::Err(u) => &u.meta,
                }
            }
            #modeled
            #(#is_fns)*
        }
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self.modeled() {
                    ::std::result::Result::Ok(e) => ::std::option::Option::Some(e),
                    ::std::result::Result::Err(u) => ::std::option::Option::Some(&*u.source),
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self.modeled() {
                    ::std::result::Result::Ok(e) => ::std::fmt::Display::fmt(e, f),
                    ::std::result::Result::Err(u) => crate::error::sealed_unhandled::display(u, f),
                }
            }
        }
        impl ::aws_smithy_types::retry::ProvideErrorKind for #name {
            fn code(&self) -> ::std::option::Option<&str> {
                ::aws_smithy_types::error::metadata::ProvideErrorMetadata::code(self)
            }
            fn retryable_error_kind(&self) -> ::std::option::Option<::aws_smithy_types::retry::ErrorKind> {
                #kind
            }
        }
        impl ::aws_smithy_types::error::metadata::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::aws_smithy_types::error::ErrorMetadata {
                self.meta()
            }
        }
        impl ::smithy_client_runtime::client::CreateUnhandledError for #name {
            fn create_unhandled_error(
                source: crate::error::BoxError,
                meta: ::std::option::Option<::aws_smithy_types::error::ErrorMetadata>,
            ) -> Self {
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled::new(source, meta.unwrap_or_default()))
            }
        }
        impl crate::operation::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                crate::operation::RequestId::request_id(self.meta())
            }
        }
        #ext_impl
    }
}

/// `modeled()`: the set variant as a trait object, or the `Unhandled` value.
fn modeled_fn(errors: &[ErrorVariant]) -> TokenStream {
    let arms = errors.iter().map(|v| {
        let v = ident(&v.path.name);
        quote!(Self::#v(e) => ::std::result::Result::Ok(e),)
    });
    quote! {
        fn modeled(&self) -> ::std::result::Result<&dyn ::smithy_client_runtime::error::Modeled, &crate::error::sealed_unhandled::Unhandled> {
            match self {
                #(#arms)*
                Self::Unhandled(u) => ::std::result::Result::Err(u),
            }
        }
    }
}

fn is_fn(enum_name: &Ident, v: &ErrorVariant) -> TokenStream {
    let f = format_ident!("is_{}", v.method);
    let variant = ident(&v.path.name);
    let doc = format!(" Returns `true` if the error kind is `{enum_name}::{}`.", v.path.name);
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #f(&self) -> bool {
            ::std::matches!(self, Self::#variant(_))
        }
    }
}

fn retryable_kind(errors: &[ErrorVariant]) -> TokenStream {
    let arms: Vec<TokenStream> = errors
        .iter()
        .filter(|v| v.retryable)
        .map(|v| {
            let variant = ident(&v.path.name);
            quote!(Self::#variant(inner) => ::std::option::Option::Some(inner.retryable_error_kind()),)
        })
        .collect();
    if arms.is_empty() {
        return quote!(::std::option::Option::None);
    }
    quote!(match self { #(#arms)* _ => ::std::option::Option::None, })
}

/// `crate::Error`: every modelled error of the service, plus `Unhandled`, and the conversions.
pub fn emit_crate_error(c: &Crate) -> TokenStream {
    let variants = variant_defs(&c.errors);
    let deprecation = unhandled_deprecation("Error");
    let modeled = modeled_fn(&c.errors);
    let froms = c.operations.iter().map(from_operation_error);
    let from_waiter = super::waiters::crate_error_from(c);
    let de_modeled = (c.service.client_protocol.is_some() && !c.operations.is_empty()).then(|| de_modeled(&c.errors));
    let ext_impl = c.service.extended_request_id
        .then(|| request_id_ext(&quote!(Error), quote!(::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(self))));
    quote! {
        /// All possible error types for this service.
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum Error {
            #(#variants)*
            /// An error the model does not describe: an unknown error code, or a response that could not be read.
            #deprecation
            Unhandled(crate::error::sealed_unhandled::Unhandled),
        }
        impl Error {
            #modeled
            #de_modeled
        }
        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self.modeled() {
                    ::std::result::Result::Ok(e) => ::std::fmt::Display::fmt(e, f),
                    ::std::result::Result::Err(u) => crate::error::sealed_unhandled::display(u, f),
                }
            }
        }
        impl ::std::convert::From<::aws_smithy_types::error::operation::BuildError> for Error {
            fn from(value: ::aws_smithy_types::error::operation::BuildError) -> Self {
                Error::Unhandled(crate::error::sealed_unhandled::Unhandled::new(value.into(), ::std::default::Default::default()))
            }
        }
        #(#froms)*
        #from_waiter
        impl<E, R> ::std::convert::From<crate::error::SdkError<E, R>> for Error
        where
            E: ::std::convert::Into<Error> + ::smithy_client_runtime::error::Modeled,
            R: ::std::marker::Send + ::std::marker::Sync + ::std::fmt::Debug + 'static,
        {
            fn from(err: crate::error::SdkError<E, R>) -> Self {
                match err {
                    ::smithy_client_runtime::client::SdkError::ServiceError(context) => context.into_err().into(),
                    _ => Error::Unhandled(::smithy_client_runtime::error::unhandled_from_sdk(err)),
                }
            }
        }
        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self.modeled() {
                    ::std::result::Result::Ok(e) => e.source(),
                    ::std::result::Result::Err(u) => ::std::option::Option::Some(&*u.source),
                }
            }
        }
        impl ::aws_smithy_types::error::metadata::ProvideErrorMetadata for Error {
            fn meta(&self) -> &::aws_smithy_types::error::ErrorMetadata {
                match self.modeled() {
                    ::std::result::Result::Ok(e) => e.meta(),
                    ::std::result::Result::Err(u) => &u.meta,
                }
            }
        }
        impl crate::operation::RequestId for Error {
            fn request_id(&self) -> ::std::option::Option<&str> {
                crate::operation::RequestId::request_id(::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(self))
            }
        }
        #ext_impl
    }
}

/// `Error::de_modeled`: the one place a response's error code is matched to a modelled error
/// and its body read; operations narrow the result to their own errors.
fn de_modeled(errors: &[ErrorVariant]) -> TokenStream {
    if errors.is_empty() {
        return quote! {
            /// Every error of this service is `Unhandled`: the model describes none.
            #[inline]
            pub(crate) fn de_modeled(meta: ::aws_smithy_types::error::ErrorMetadata, _raw: &::smithy_client_runtime::client::HttpResponse) -> Self {
                Error::Unhandled(crate::error::sealed_unhandled::Unhandled::new(meta.clone().into(), meta))
            }
        };
    }
    // Two errors with one `@awsQueryError` code cannot be told apart: the first one wins.
    let mut seen = std::collections::BTreeSet::new();
    let arms = errors.iter().filter(|e| seen.insert(e.code.as_str())).map(|e| {
        let code = &e.code;
        let variant = ident(&e.path.name);
        quote!(::std::option::Option::Some(#code) => m(meta, raw, protocol, Error::#variant, unhandled),)
    });
    quote! {
        /// Reads the modelled error that the response's error code names; an unknown code or a
        /// body that does not parse gives `Unhandled`, keeping the metadata.
        #[inline]
        pub(crate) fn de_modeled(meta: ::aws_smithy_types::error::ErrorMetadata, raw: &::smithy_client_runtime::client::HttpResponse) -> Self {
            use ::smithy_client_runtime::response::modeled_error as m;
            let protocol = crate::client::SERVICE.protocol;
            let unhandled = |source, meta| Error::Unhandled(crate::error::sealed_unhandled::Unhandled::new(source, meta));
            let code = ::smithy_client_runtime::protocol::shape_code(&meta).map(::std::borrow::ToOwned::to_owned);
            match code.as_deref() {
                #(#arms)*
                _ => Error::Unhandled(crate::error::sealed_unhandled::Unhandled::new(meta.clone().into(), meta)),
            }
        }
    }
}

fn from_operation_error(op: &Operation) -> TokenStream {
    let module = ident(&op.module);
    let name = format_ident!("{}Error", op.type_name);
    let arms = op.errors.iter().map(|v| {
        let v = ident(&v.path.name);
        quote!(E::#v(inner) => Error::#v(inner),)
    });
    quote! {
        impl ::std::convert::From<crate::operation::#module::#name> for Error {
            fn from(err: crate::operation::#module::#name) -> Self {
                use crate::operation::#module::#name as E;
                match err {
                    #(#arms)*
                    E::Unhandled(inner) => Error::Unhandled(inner),
                }
            }
        }
    }
}
