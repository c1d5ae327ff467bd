//! Amazon RDS and Amazon Aurora DSQL: database auth token generators (presigned connect
//! tokens), at `crate::auth_token` as in the official crates. The generators live in the
//! runtime; the crates re-export them.

use super::{Lowering, ServiceRules};
use crate::ir::AuthTokenKind;

fn with_tokens(service: &'static str, kind: AuthTokenKind) -> ServiceRules {
    ServiceRules { service, signing_name: None, transform: None, lowering: Lowering { auth_token: Some(kind), ..Lowering::default() }, runtime: Vec::new() }
}

pub fn rds_rules() -> ServiceRules {
    with_tokens("com.amazonaws.rds#AmazonRDSv19", AuthTokenKind::Rds)
}

pub fn dsql_rules() -> ServiceRules {
    with_tokens("com.amazonaws.dsql#DSQL", AuthTokenKind::Dsql)
}
