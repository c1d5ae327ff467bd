//! Amazon API Gateway: every request carries `Accept: application/json` (the service answers
//! other media types otherwise).

use super::{Lowering, ServiceRules};
use crate::ir::RuntimeRule;

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: "com.amazonaws.apigateway#BackplaneControlService",
        signing_name: None,
        transform: None,
        lowering: Lowering::default(),
        runtime: vec![RuntimeRule::AcceptJson],
    }
}
