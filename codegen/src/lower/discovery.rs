//! Endpoint discovery: the operation `aws.api#clientEndpointDiscovery` names, and the fields of
//! its output that hold the endpoints (a list of structures with an address and a validity in
//! minutes, as Amazon Timestream's `DescribeEndpoints` returns).

use serde_json::Value;

use super::shapes::Role;
use super::Ctx;
use crate::ast::Shape;
use crate::ir::{EndpointDiscovery, Operation};
use crate::naming;

impl Ctx<'_> {
    /// The discovery of the service, when the model says how: otherwise why not.
    pub(super) fn endpoint_discovery(&self, operations: &[Operation]) -> Result<EndpointDiscovery, String> {
        let trait_value = self.service.traits.get("aws.api#clientEndpointDiscovery").ok_or("the service has no `aws.api#clientEndpointDiscovery`")?;
        let op_id = trait_value.get("operation").and_then(Value::as_str).ok_or("`aws.api#clientEndpointDiscovery` names no operation")?;
        let op = operations.iter().find(|o| o.shape_id == op_id).ok_or_else(|| format!("the discovery operation `{op_id}` is not generated"))?;
        let output = self
            .shapes
            .get(op_id)
            .and_then(|s| s.output.as_ref())
            .and_then(|r| self.shapes.get(&r.target))
            .ok_or_else(|| format!("`{op_id}` has no output"))?;
        let (list_name, list_def) = output
            .members
            .iter()
            .find(|(_, m)| self.shapes.get(&m.target).is_some_and(|t| t.kind == "list"))
            .ok_or_else(|| format!("the output of `{op_id}` has no list of endpoints"))?;
        let endpoint = self
            .shapes
            .get(&list_def.target)
            .and_then(|l| l.member.as_ref())
            .and_then(|m| self.shapes.get(&m.target))
            .filter(|s| s.kind == "structure")
            .ok_or_else(|| format!("the endpoints of `{op_id}` are not structures"))?;
        let field = |shape: &Shape, name: &str, kinds: &[&str]| -> Result<(String, bool), String> {
            let def = shape.members.get(name).ok_or_else(|| format!("an endpoint of `{op_id}` has no `{name}`"))?;
            let kind = self.shapes.get(&def.target).map(|t| t.kind.as_str()).unwrap_or_default();
            if !kinds.contains(&kind) {
                return Err(format!("`{name}` of an endpoint of `{op_id}` is a {kind}"));
            }
            Ok((naming::field_name(name).0, self.is_optional(def, Role::Data)))
        };
        Ok(EndpointDiscovery {
            operation: op.module.clone(),
            endpoints: (naming::field_name(list_name).0, self.is_optional(list_def, Role::Output)),
            address: field(endpoint, "Address", &["string"])?,
            cache_minutes: field(endpoint, "CachePeriodInMinutes", &["long", "integer"])?,
        })
    }
}
