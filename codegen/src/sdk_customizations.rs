//! Model changes the AWS SDK for Rust makes to particular services before generating them, so
//! that a crate generated from the same model behaves like the official one. Each is keyed by
//! shape id and does nothing to a model without that shape.
//!
//! - STS: `com.amazonaws.sts#Credentials` is `@sensitive` (its `Debug` hides the secret key and
//!   the session token), and `IDPCommunicationErrorException` is a retryable server error.

use serde_json::{json, Value};

use crate::ast::Model;

const STS_CREDENTIALS: &str = "com.amazonaws.sts#Credentials";
const STS_IDP_COMMUNICATION_ERROR: &str = "com.amazonaws.sts#IDPCommunicationErrorException";

/// Applies every customisation whose shapes the model has.
pub fn apply(mut model: Model) -> Model {
    if let Some(credentials) = model.shapes.get_mut(STS_CREDENTIALS) {
        credentials.traits.insert("smithy.api#sensitive".to_owned(), json!({}));
    }
    if let Some(error) = model.shapes.get_mut(STS_IDP_COMMUNICATION_ERROR) {
        error.traits.insert("smithy.api#error".to_owned(), Value::String("server".to_owned()));
        error.traits.entry("smithy.api#retryable".to_owned()).or_insert_with(|| json!({}));
    }
    model
}
