//! Support code shared by every generated client crate: the parts that never vary with the
//! model live here once instead of being generated into each crate.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
pub mod auth_token;
pub mod client;
#[cfg(feature = "cbor")]
pub mod cbor;
pub mod config;
pub mod customize;
pub mod endpoint;
pub mod endpoint_discovery;
pub mod error;
#[cfg(feature = "event-stream")]
pub mod event_stream;
#[cfg(feature = "json")]
pub mod json;
pub mod orchestrator;
pub mod paginate;
pub mod presigning;
pub mod protocol;
#[cfg(feature = "query")]
pub mod query;
pub mod request;
pub mod response;
pub mod send;
pub mod services;
pub mod value;
pub mod waiters;
#[cfg(feature = "xml")]
pub mod xml;
#[doc(hidden)]
pub mod protocol_test;

use aws_smithy_types::error::ErrorMetadata;

/// What `Debug` prints in place of a sensitive value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The `ErrorMetadata` extra field that holds the request id.
pub const AWS_REQUEST_ID: &str = "aws_request_id";

/// The `ErrorMetadata` extra field that holds S3's extended request id (`x-amz-id-2`).
pub const AWS_EXTENDED_REQUEST_ID: &str = "s3_extended_request_id";

/// Access to the id the service gave a request, for outputs, errors and `SdkError`s: the AWS
/// SDK's own trait, so code that imports it from `aws_types` works with generated crates.
pub use aws_types::request_id::RequestId;

/// Access to S3's extended request id (`x-amz-id-2`), for outputs and errors of services that
/// send one.
pub trait RequestIdExt {
    /// The extended request id, when the response carried one.
    fn extended_request_id(&self) -> Option<&str>;
}

impl RequestIdExt for ErrorMetadata {
    fn extended_request_id(&self) -> Option<&str> {
        self.extra(AWS_EXTENDED_REQUEST_ID)
    }
}

/// The value of an enum variant this crate does not know. Only generated code builds it.
#[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
pub struct UnknownVariantValue(#[doc(hidden)] pub String);

impl UnknownVariantValue {
    /// The value as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
