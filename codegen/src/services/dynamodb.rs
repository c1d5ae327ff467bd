//! Amazon DynamoDB: without a retry configuration, calls take 4 attempts, and failures other
//! than throttling back off from 25 ms (the service answers fast, and most of its transient
//! failures clear quickly); throttling keeps the standard base.

use super::{Lowering, ServiceRules};
use crate::ir::RuntimeRule;

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: "com.amazonaws.dynamodb#DynamoDB_20120810",
        signing_name: None,
        transform: None,
        lowering: Lowering::default(),
        runtime: vec![RuntimeRule::RetryDefaults { max_attempts: 4, non_throttling_backoff_ms: 25 }],
    }
}
