//! Error types every generated crate re-exports.

use std::error::Error;
use std::fmt;

use aws_smithy_types::error::ErrorMetadata;

/// A boxed error that can cross threads.
pub type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// An error the model does not describe. Generated crates keep it in a sealed module, so user
/// code can hold it (inside an `Unhandled` variant) but not name or match it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Unhandled {
    /// The underlying error.
    pub source: BoxError,
    /// Code, message and request id, as far as the response carried them.
    pub meta: ErrorMetadata,
}

impl Unhandled {
    /// Wraps an error with its metadata.
    pub fn new(source: BoxError, meta: ErrorMetadata) -> Self {
        Self { source, meta }
    }
}

/// The `Unhandled` form of any `SdkError` that is not a service error, keeping its metadata.
pub fn unhandled_from_sdk<E, R>(err: aws_smithy_runtime_api::client::result::SdkError<E, R>) -> Unhandled
where
    E: Error + aws_smithy_types::error::metadata::ProvideErrorMetadata + Send + Sync + 'static,
    R: fmt::Debug + Send + Sync + 'static,
{
    let meta = aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(&err).clone();
    Unhandled::new(Box::new(err), meta)
}

/// A modelled error, as the `<Op>Error` enums and `crate::Error` see their variants: one trait
/// object gives the metadata, `Display` and `Error` of whichever variant is set.
pub trait Modeled: Error + aws_smithy_types::error::metadata::ProvideErrorMetadata + Send + Sync + 'static {}

impl<T> Modeled for T where T: Error + aws_smithy_types::error::metadata::ProvideErrorMetadata + Send + Sync + 'static {}

/// `unhandled error (CODE)`, or `unhandled error` when there is no code.
pub fn display(unhandled: &Unhandled, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match unhandled.meta.code() {
        Some(code) => write!(f, "unhandled error ({code})"),
        None => f.write_str("unhandled error"),
    }
}

/// Error metadata whose message is sensitive: `Debug` shows the code and the extra fields (the
/// request id) but not the message, which a service may have copied from the request.
pub struct RedactedMeta<'a>(pub &'a ErrorMetadata);

impl fmt::Debug for RedactedMeta<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let meta = self.0;
        let mut d = f.debug_struct("ErrorMetadata");
        d.field("code", &meta.code());
        d.field("message", &meta.message().map(|_| crate::REDACTED));
        for key in [crate::AWS_REQUEST_ID, crate::AWS_EXTENDED_REQUEST_ID] {
            if let Some(value) = meta.extra(key) {
                d.field(key, &value);
            }
        }
        d.finish_non_exhaustive()
    }
}

/// `try_parse` was given a value that is not one of the enum's known values.
#[derive(Debug)]
pub struct UnknownVariantError {
    value: String,
}

impl UnknownVariantError {
    /// An error for this value.
    pub fn new(value: impl Into<String>) -> Self {
        Self { value: value.into() }
    }
}

impl fmt::Display for UnknownVariantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown enum variant: '{}'", self.value)
    }
}

impl Error for UnknownVariantError {}
