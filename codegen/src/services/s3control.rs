//! Amazon S3 Control.
//! - The account id goes to the endpoint rules (its `AccountId` parameter puts it in the
//!   host), not through the operations' `{AccountId}.` host prefix, which would put it there
//!   twice: the host prefix and the `@hostLabel` go.
//! - S3's signing rules (the endpoint rules also ask for single encoding and no path
//!   normalisation).

use super::{Lowering, ServiceRules};
use crate::ast::Model;
use crate::ir::RuntimeRule;

const SERVICE: &str = "com.amazonaws.s3control#AWSS3ControlServiceV20180820";

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: SERVICE,
        signing_name: None, transform: Some(account_id_to_rules), lowering: Lowering::default(), runtime: vec![RuntimeRule::S3Signing] }
}

fn account_id_to_rules(model: &mut Model) {
    let namespace = SERVICE.split('#').next().unwrap_or_default();
    let mut inputs = Vec::new();
    for (id, shape) in model.shapes.iter_mut() {
        if shape.kind != "operation" || id.split('#').next() != Some(namespace) {
            continue;
        }
        let prefix = shape.traits.get("smithy.api#endpoint").and_then(|e| e.get("hostPrefix")).and_then(serde_json::Value::as_str);
        if prefix == Some("{AccountId}.") {
            shape.traits.remove("smithy.api#endpoint");
            inputs.extend(shape.input.as_ref().map(|r| r.target.clone()));
        }
    }
    for input in inputs {
        if let Some(member) = model.shapes.get_mut(&input).and_then(|s| s.members.get_mut("AccountId")) {
            member.traits.remove("smithy.api#hostLabel");
        }
    }
}
