//! Amazon Bedrock (every service signed as `bedrock`): a bearer token (a Bedrock API key) from
//! `AWS_BEARER_TOKEN_BEDROCK`, through `from_env()` or the `SdkConfig`, is used and preferred to
//! SigV4 where an operation takes both, unless the configuration sets its own token or
//! preference.

use super::{Lowering, ServiceRules};

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: "*",
        signing_name: Some("bedrock"),
        transform: None,
        lowering: Lowering { bearer_token_env: Some("bedrock"), ..Lowering::default() },
        runtime: Vec::new(),
    }
}
