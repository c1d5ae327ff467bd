//! Amazon S3 Glacier.
//! - `accountId` (bound to every URI) is `-`, the account of the credentials, when unset or
//!   empty.
//! - Every request carries `x-amz-glacier-version` with the model's version; uploads carry
//!   the body's SHA-256 and SHA-256 tree hash (the runtime computes them).

use super::{LabelRule, Lowering, ServiceRules};
use crate::ir::{LabelAdjust, RuntimeRule};

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: "com.amazonaws.glacier#Glacier",
        signing_name: None,
        transform: None,
        lowering: Lowering {
            labels: vec![LabelRule { members: &["accountId"], targets: &[], adjust: LabelAdjust::DefaultWhenEmpty("-".to_owned()) }],
            ..Lowering::default()
        },
        runtime: vec![RuntimeRule::GlacierHeaders],
    }
}
