//! Amazon Machine Learning: `Predict` is sent to the real-time endpoint its `PredictEndpoint`
//! member names, not to the service's endpoint.

use super::{Lowering, ServiceRules};

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: "com.amazonaws.machinelearning#AmazonML_20141212",
        signing_name: None,
        transform: None,
        lowering: Lowering { endpoint_from_member: vec![("com.amazonaws.machinelearning#Predict", "PredictEndpoint")], ..Lowering::default() },
        runtime: Vec::new(),
    }
}
