//! Amazon EC2: members that target a primitive (boolean or number) are optional, also where
//! the model gives them a default, so an unset value stays unset (the official crate's
//! `Option<bool>`, `Option<i32>`).

use serde_json::json;

use super::{Lowering, ServiceRules};
use crate::ast::Model;

const SERVICE: &str = "com.amazonaws.ec2#AmazonEC2";
const PRIMITIVES: &[&str] = &["boolean", "byte", "short", "integer", "long", "float", "double"];

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: SERVICE,
        signing_name: None, transform: Some(optional_primitives), lowering: Lowering::default(), runtime: Vec::new() }
}

fn optional_primitives(model: &mut Model) {
    let namespace = SERVICE.split('#').next().unwrap_or_default();
    let primitive: std::collections::BTreeSet<String> =
        model.shapes.iter().filter(|(_, s)| PRIMITIVES.contains(&s.kind.as_str())).map(|(id, _)| id.clone()).collect();
    let is_primitive = |target: &str| primitive.contains(target) || PRIMITIVES.iter().any(|p| target.eq_ignore_ascii_case(&format!("smithy.api#{p}")) || target.starts_with("smithy.api#Primitive"));
    for (id, shape) in model.shapes.iter_mut() {
        if shape.kind != "structure" || id.split('#').next() != Some(namespace) {
            continue;
        }
        for member in shape.members.values_mut() {
            if is_primitive(&member.target) {
                member.traits.insert("smithy.api#clientOptional".to_owned(), json!({}));
            }
        }
    }
}
