//! Model changes the AWS SDK for Rust makes to particular services before generating them, so
//! that a crate generated from the same model behaves like the official one. Each is keyed by
//! shape id and does nothing to a model without that shape.
//!
//! - STS: `com.amazonaws.sts#Credentials` is `@sensitive` (its `Debug` hides the secret key and
//!   the session token), and `IDPCommunicationErrorException` is a retryable server error.
//! - S3: when the endpoint rules take the bucket (a `Bucket` parameter, bound by
//!   `@contextParam` on the input's `Bucket` member), `/{Bucket}` leaves the operation's URI:
//!   the rules put the bucket in the host (virtual-host style) or the endpoint's path.

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
    strip_s3_bucket_from_uris(&mut model);
    model
}

/// S3's URIs without `/{Bucket}`, when the rules resolve the bucket.
fn strip_s3_bucket_from_uris(model: &mut Model) {
    let takes_bucket = model.shapes.values().any(|s| {
        s.kind == "service"
            && s.traits.get("aws.api#service").and_then(|a| a.get("sdkId")).and_then(Value::as_str) == Some("S3")
            && ["smithy.rules#endpointRuleSet", "smithy.rules#endpointBdd"]
                .iter()
                .any(|t| s.traits.get(*t).and_then(|r| r.get("parameters")).and_then(|p| p.get("Bucket")).is_some())
    });
    if !takes_bucket {
        return;
    }
    let bound: Vec<String> = model
        .shapes
        .iter()
        .filter(|(_, s)| s.kind == "operation")
        .filter(|(_, s)| {
            let input = s.input.as_ref().and_then(|r| model.shapes.get(&r.target));
            let member = input.and_then(|i| i.members.get("Bucket"));
            member.and_then(|m| m.traits.get("smithy.rules#contextParam")).and_then(|c| c.get("name")).and_then(Value::as_str) == Some("Bucket")
        })
        .map(|(id, _)| id.clone())
        .collect();
    for id in bound {
        let Some(http) = model.shapes.get_mut(&id).and_then(|s| s.traits.get_mut("smithy.api#http")) else { continue };
        let Some(uri) = http.get("uri").and_then(Value::as_str) else { continue };
        let Some(rest) = uri.strip_prefix("/{Bucket}") else { continue };
        let stripped = match rest.chars().next() {
            None => "/".to_owned(),
            Some('/') => rest.to_owned(),
            Some('?') => format!("/{rest}"),
            Some(_) => continue,
        };
        http["uri"] = Value::String(stripped);
    }
}
