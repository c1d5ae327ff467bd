//! The per-service rules of the AWS SDK for Rust: what the official crates do differently for
//! particular services, so that a crate generated from the same model behaves like theirs.
//! These are facts of the official SDK's behaviour, each keyed by the service's shape id; a
//! model without that service is untouched.
//!
//! Each service's rules live in one file, and say where they act:
//! - [`ServiceRules::transform`]: changes to the model before it is lowered;
//! - [`ServiceRules::lowering`]: decisions lowering makes differently ([`Lowering`]);
//! - [`ServiceRules::runtime`]: rules the runtime applies to requests, errors and retries
//!   (listed in the generated crate's service spec).
//!
//! [`model_fixes`] lists the defaults the SDK removes from some services' models.
//!
//! Adding a service is one file here, its line in [`ALL`], and its tests.

mod apigateway;
mod auth_tokens;
mod bedrock;
mod dynamodb;
mod ec2;
mod glacier;
mod machinelearning;
mod model_fixes;
mod polly;
mod route53;
mod s3;
mod s3control;
mod sso;
mod sts;
mod timestream;

use crate::ast::Model;
use crate::ir::{LabelAdjust, RuntimeRule};

/// The rules of one service (or of the services signed with one name).
pub struct ServiceRules {
    /// The service's shape id; `*` with `signing_name` set: every service signed with it.
    pub service: &'static str,
    /// The SigV4 signing name of the services the rules apply to, when they apply by name.
    pub signing_name: Option<&'static str>,
    /// Changes to the model, applied before lowering when the model has the service.
    pub transform: Option<fn(&mut Model)>,
    /// Decisions lowering makes differently for the service.
    pub lowering: Lowering,
    /// Rules the runtime applies, in this order.
    pub runtime: Vec<RuntimeRule>,
}

/// What lowering decides differently for a service.
#[derive(Debug, Default)]
pub struct Lowering {
    /// An `Expires` header member that the model says is a string is a timestamp (lenient in
    /// outputs, which also get the raw text as `ExpiresString`).
    pub expires_is_timestamp: bool,
    /// Outputs and errors carry the extended request id (`x-amz-id-2`).
    pub extended_request_id: bool,
    /// URI labels whose values are adjusted before they are bound.
    pub labels: Vec<LabelRule>,
    /// The service part of a bearer token environment variable the client reads
    /// (`bedrock`: `AWS_BEARER_TOKEN_BEDROCK`), preferring the token to SigV4.
    pub bearer_token_env: Option<&'static str>,
    /// Operations (shape id) whose request goes to the URL an input member (name) holds.
    pub endpoint_from_member: Vec<(&'static str, &'static str)>,
    /// The crate offers a database auth token generator at `crate::auth_token`.
    pub auth_token: Option<crate::ir::AuthTokenKind>,
    /// The client offers endpoint discovery (`with_endpoint_discovery_enabled()`), through the
    /// operation the service's `aws.api#clientEndpointDiscovery` names.
    pub endpoint_discovery: bool,
    /// Paginated operations (shape id) that stop when a boolean output member (name) is not
    /// `true`, whatever token the last page holds.
    pub more_pages: Vec<(&'static str, &'static str)>,
    /// Every SigV4 operation can be presigned, whatever its input holds: the presigned request
    /// is signed with `UNSIGNED-PAYLOAD`, so its sender chooses the body.
    pub presign_any_operation: bool,
    /// Operations (shape id) presigned as a GET with every input member in the query string,
    /// named by its member name (the request `send()` sends is unchanged).
    pub presign_as_get: Vec<&'static str>,
}

/// An adjustment of the URI labels bound from members of these names, or targeting these
/// shapes.
#[derive(Debug)]
pub struct LabelRule {
    /// Member names it applies to.
    pub members: &'static [&'static str],
    /// Shape ids of member targets it applies to.
    pub targets: &'static [&'static str],
    /// What is done to the value.
    pub adjust: LabelAdjust,
}

impl Lowering {
    /// The adjustment of a label member, when a rule has one.
    pub fn label_adjust(&self, member: &str, target: &str) -> Option<LabelAdjust> {
        let rule = self.labels.iter().find(|r| r.members.contains(&member) || r.targets.contains(&target))?;
        Some(rule.adjust.clone())
    }
}

/// Every service with rules.
const ALL: &[fn() -> ServiceRules] = &[
    apigateway::rules,
    auth_tokens::rds_rules,
    auth_tokens::dsql_rules,
    bedrock::rules,
    dynamodb::rules,
    ec2::rules,
    glacier::rules,
    machinelearning::rules,
    polly::rules,
    route53::rules,
    s3::rules,
    s3control::rules,
    sso::rules,
    sts::rules,
    timestream::query_rules,
    timestream::write_rules,
];

/// The rules of the service `service_id` (signed as `signing_name`): those keyed by its shape
/// id, else those of its signing name; none for a service without rules.
pub fn for_service(service_id: &str, signing_name: Option<&str>) -> ServiceRules {
    let all = || ALL.iter().map(|rules| rules());
    all()
        .find(|r| r.service == service_id)
        .or_else(|| all().find(|r| r.signing_name.is_some() && r.signing_name == signing_name))
        .unwrap_or(ServiceRules { service: "", signing_name: None, transform: None, lowering: Lowering::default(), runtime: Vec::new() })
}

/// Applies the model transforms of every service the model has, and the model fixes.
pub fn transform(mut model: Model) -> Model {
    model_fixes::apply(&mut model);
    for rules in ALL.iter().map(|rules| rules()) {
        let present = model.shapes.get(rules.service).is_some_and(|s| s.kind == "service");
        if let (true, Some(transform)) = (present, rules.transform) {
            transform(&mut model);
        }
    }
    model
}

/// The service the rules of `rules` name, in a model (for the transforms).
fn service_of<'m>(model: &'m Model, service: &str) -> Option<&'m crate::ast::Shape> {
    model.shapes.get(service).filter(|s| s.kind == "service")
}

/// Adds `trait_id` with `value` to a shape of the model, when it has the shape.
fn add_trait(model: &mut Model, shape: &str, trait_id: &str, value: serde_json::Value) {
    if let Some(shape) = model.shapes.get_mut(shape) {
        shape.traits.insert(trait_id.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn model(shapes: serde_json::Value) -> Model {
        crate::ast::parse_model(&json!({"smithy": "2.0", "shapes": shapes}).to_string()).expect("model parses")
    }

    fn service(ops: &[&str]) -> serde_json::Value {
        json!({"type": "service", "version": "1", "operations": ops.iter().map(|o| json!({"target": o})).collect::<Vec<_>>()})
    }

    #[test]
    fn model_fixes_remove_listed_defaults_and_only_for_their_service() {
        let shapes = json!({
            "com.amazonaws.evidently#Evidently": service(&[]),
            "com.amazonaws.evidently#ResultsPeriod": {"type": "long", "traits": {"smithy.api#default": 0}},
            "com.amazonaws.evidently#Query": {"type": "structure", "members": {
                "period": {"target": "com.amazonaws.evidently#ResultsPeriod", "traits": {"smithy.api#default": 0}},
                "other": {"target": "smithy.api#Long", "traits": {"smithy.api#default": 0}}
            }}
        });
        let fixed = transform(model(shapes.clone()));
        assert!(!fixed.shapes["com.amazonaws.evidently#ResultsPeriod"].traits.contains_key("smithy.api#default"));
        let query = &fixed.shapes["com.amazonaws.evidently#Query"];
        assert!(!query.members["period"].traits.contains_key("smithy.api#default"));
        assert!(query.members["other"].traits.contains_key("smithy.api#default"));
        // Without the service, nothing changes.
        let mut alone = shapes;
        alone.as_object_mut().expect("object").remove("com.amazonaws.evidently#Evidently");
        let untouched = transform(model(alone));
        assert!(untouched.shapes["com.amazonaws.evidently#ResultsPeriod"].traits.contains_key("smithy.api#default"));
    }

    #[test]
    fn s3_control_account_ids_go_to_the_rules_only() {
        let shapes = json!({
            "com.amazonaws.s3control#AWSS3ControlServiceV20180820": service(&["com.amazonaws.s3control#GetThing"]),
            "com.amazonaws.s3control#GetThing": {"type": "operation", "input": {"target": "com.amazonaws.s3control#GetThingRequest"},
                "traits": {"smithy.api#endpoint": {"hostPrefix": "{AccountId}."}}},
            "com.amazonaws.s3control#GetThingRequest": {"type": "structure", "members": {
                "AccountId": {"target": "smithy.api#String", "traits": {"smithy.api#hostLabel": {}, "smithy.api#required": {}}}
            }}
        });
        let fixed = transform(model(shapes));
        assert!(!fixed.shapes["com.amazonaws.s3control#GetThing"].traits.contains_key("smithy.api#endpoint"));
        let account = &fixed.shapes["com.amazonaws.s3control#GetThingRequest"].members["AccountId"];
        assert!(!account.traits.contains_key("smithy.api#hostLabel"));
        assert!(account.traits.contains_key("smithy.api#required"));
    }

    #[test]
    fn sts_and_sso_calls_without_credentials_are_unauthenticated() {
        let shapes = json!({
            "com.amazonaws.sso#SWBPortalService": service(&["com.amazonaws.sso#GetRoleCredentials"]),
            "com.amazonaws.sso#GetRoleCredentials": {"type": "operation"},
            "com.amazonaws.sso#RoleCredentials": {"type": "structure", "members": {}},
        });
        let fixed = transform(model(shapes));
        let op = &fixed.shapes["com.amazonaws.sso#GetRoleCredentials"];
        assert_eq!(op.traits.get("smithy.api#auth"), Some(&json!([])));
        assert!(op.traits.contains_key("smithy.api#optionalAuth"));
        assert!(fixed.shapes["com.amazonaws.sso#RoleCredentials"].traits.contains_key("smithy.api#sensitive"));
    }

    #[test]
    fn rules_apply_by_shape_id_then_by_signing_name() {
        assert_eq!(for_service("com.amazonaws.bedrockruntime#AmazonBedrockFrontendService", Some("bedrock")).lowering.bearer_token_env, Some("bedrock"));
        assert_eq!(for_service("com.amazonaws.other#Other", Some("other")).lowering.bearer_token_env, None);
        assert!(for_service("com.amazonaws.glacier#Glacier", Some("glacier")).runtime.contains(&crate::ir::RuntimeRule::GlacierHeaders));
        assert!(for_service("example#Glacier", Some("glacier")).runtime.is_empty(), "by shape id, not by name");
    }

    #[test]
    fn every_service_has_one_entry() {
        let mut ids: Vec<String> = ALL.iter().map(|r| r()).map(|r| format!("{}{:?}", r.service, r.signing_name)).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "two rule files for one service");
    }
}
