//! Amazon Timestream (query and write): endpoint discovery. Each account's calls go to the
//! cell `DescribeEndpoints` names, for as long as it says; the client gets
//! `with_endpoint_discovery_enabled()`, which users must call, as with the official crates.

use super::{Lowering, ServiceRules};

fn discovering(service: &'static str) -> ServiceRules {
    ServiceRules { service, signing_name: None, transform: None, lowering: Lowering { endpoint_discovery: true, ..Lowering::default() }, runtime: Vec::new() }
}

pub fn query_rules() -> ServiceRules {
    discovering("com.amazonaws.timestreamquery#Timestream_20181101")
}

pub fn write_rules() -> ServiceRules {
    discovering("com.amazonaws.timestreamwrite#Timestream_20181101")
}
