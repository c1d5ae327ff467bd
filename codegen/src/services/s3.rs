//! Amazon S3.
//! - When the endpoint rules take the bucket (a `Bucket` parameter, bound by `@contextParam`
//!   on the input's `Bucket` member), `/{Bucket}` leaves the operation's URI: the rules put the
//!   bucket in the host (virtual-host style) or the endpoint's path.
//! - `Expires` headers are timestamps (the model says string); an output keeps the raw text
//!   in `ExpiresString` too.
//! - Outputs and errors carry the extended request id (`x-amz-id-2`).
//! - `ListParts` pages while `IsTruncated` says more parts follow.
//! - Every operation can be presigned (`UNSIGNED-PAYLOAD`: the sender chooses the body).
//! - At run time: S3's signing rules, `<Error>` documents in 2xx responses, error codes of
//!   bodiless error responses taken from the status (`HeadObject`'s 404 is `NotFound`), and
//!   `InternalError` retried.

use serde_json::Value;

use super::{Lowering, ServiceRules};
use crate::ast::Model;
use crate::ir::RuntimeRule;

pub const SERVICE: &str = "com.amazonaws.s3#AmazonS3";

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: SERVICE,
        signing_name: None,
        transform: Some(strip_bucket_from_uris),
        lowering: Lowering {
            expires_is_timestamp: true,
            extended_request_id: true,
            more_pages: vec![("com.amazonaws.s3#ListParts", "IsTruncated")],
            presign_any_operation: true,
            ..Lowering::default()
        },
        runtime: vec![
            RuntimeRule::S3Signing,
            RuntimeRule::ErrorsIn200,
            RuntimeRule::ErrorCodeFromStatus,
            RuntimeRule::RetryErrorCodes(vec!["InternalError".to_owned()]),
        ],
    }
}

/// S3's URIs without `/{Bucket}`, when the rules resolve the bucket.
fn strip_bucket_from_uris(model: &mut Model) {
    let takes_bucket = super::service_of(model, SERVICE).is_some_and(|s| {
        ["smithy.rules#endpointRuleSet", "smithy.rules#endpointBdd"]
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
