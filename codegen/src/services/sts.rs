//! AWS STS.
//! - `Credentials` is `@sensitive`: its `Debug` hides the secret key and the session token.
//! - `IDPCommunicationErrorException` is a retryable server error.
//! - `AssumeRoleWithSAML` and `AssumeRoleWithWebIdentity` are sent without auth (their
//!   callers have no AWS credentials yet).

use serde_json::json;

use super::{add_trait, Lowering, ServiceRules};
use crate::ast::Model;

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: "com.amazonaws.sts#AWSSecurityTokenServiceV20110615",
        signing_name: None,
        transform: Some(transform),
        lowering: Lowering::default(),
        runtime: Vec::new(),
    }
}

fn transform(model: &mut Model) {
    add_trait(model, "com.amazonaws.sts#Credentials", "smithy.api#sensitive", json!({}));
    if let Some(error) = model.shapes.get_mut("com.amazonaws.sts#IDPCommunicationErrorException") {
        error.traits.insert("smithy.api#error".to_owned(), json!("server"));
        error.traits.entry("smithy.api#retryable".to_owned()).or_insert_with(|| json!({}));
    }
    for op in ["AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"] {
        super::sso::without_auth(model, &format!("com.amazonaws.sts#{op}"));
    }
}
