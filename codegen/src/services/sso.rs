//! AWS IAM Identity Center (SSO) portal.
//! - `RoleCredentials` is `@sensitive`: its `Debug` hides the keys it hands out.
//! - `GetRoleCredentials`, `ListAccounts`, `ListAccountRoles` and `Logout` are sent without
//!   SigV4 auth (they carry the user's bearer access token in a header instead).

use serde_json::json;

use super::{add_trait, Lowering, ServiceRules};
use crate::ast::Model;

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: "com.amazonaws.sso#SWBPortalService",
        signing_name: None, transform: Some(transform), lowering: Lowering::default(), runtime: Vec::new() }
}

fn transform(model: &mut Model) {
    add_trait(model, "com.amazonaws.sso#RoleCredentials", "smithy.api#sensitive", json!({}));
    for op in ["GetRoleCredentials", "ListAccounts", "ListAccountRoles", "Logout"] {
        without_auth(model, &format!("com.amazonaws.sso#{op}"));
    }
}

/// The operation is sent without auth: `@auth([])` and `@optionalAuth`.
pub(super) fn without_auth(model: &mut Model, operation: &str) {
    add_trait(model, operation, "smithy.api#auth", json!([]));
    add_trait(model, operation, "smithy.api#optionalAuth", json!({}));
}
