//! What Smithy's model keeps in order, compared separately from the rest of the model (whose
//! comparison ignores order): the members of structures, unions, enums and intEnums (a mixin's
//! members first, in mixin order, then the shape's own; a member declared again keeps the
//! mixin's place), and the errors and operations a shape lists, as declared.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The ordered parts of one shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    members: Vec<String>,
    errors: Vec<String>,
    operations: Vec<String>,
}

/// The ordered parts of every shape of a JSON AST model.
pub fn orders(model: &Value) -> BTreeMap<String, Order> {
    let Some(shapes) = model.get("shapes").and_then(Value::as_object) else { return BTreeMap::new() };
    shapes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) != Some("apply"))
        .map(|(id, shape)| {
            let order = Order { members: member_order(shapes, id, 0), errors: ids(shape, "errors"), operations: ids(shape, "operations") };
            (id.clone(), order)
        })
        .collect()
}

/// Where the shapes both models define differ in order: one line each.
pub fn differences(expected: &BTreeMap<String, Order>, actual: &BTreeMap<String, Order>) -> Vec<String> {
    let mut out = Vec::new();
    for (id, want) in expected {
        let Some(got) = actual.get(id) else { continue };
        for (what, w, g) in [("members", &want.members, &got.members), ("errors", &want.errors, &got.errors), ("operations", &want.operations, &got.operations)] {
            if w != g {
                out.push(format!("shape {id}: {what} in the order {g:?}, expected {w:?}"));
            }
        }
    }
    out
}

/// The member names of an aggregate shape in model order: its mixins' members first.
fn member_order(shapes: &Map<String, Value>, id: &str, depth: usize) -> Vec<String> {
    let Some(shape) = shapes.get(id).filter(|_| depth <= 64) else { return Vec::new() };
    if !matches!(shape.get("type").and_then(Value::as_str), Some("structure" | "union" | "enum" | "intEnum")) {
        return Vec::new();
    }
    let mut order: Vec<String> = Vec::new();
    let inherited = ids(shape, "mixins").into_iter().flat_map(|m| member_order(shapes, &m, depth + 1));
    let own = shape.get("members").and_then(Value::as_object).into_iter().flat_map(|m| m.keys().cloned());
    for name in inherited.chain(own) {
        if !order.contains(&name) {
            order.push(name);
        }
    }
    order
}

/// The targets of a list of shape references (`errors`, `operations`, `mixins`), each once.
fn ids(shape: &Value, key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let targets = shape.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(|r| r.get("target").and_then(Value::as_str));
    for t in targets {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixin_members_come_first_and_keep_their_place() {
        let model = serde_json::json!({"shapes": {
            "a#M": {"type": "structure", "members": {"z": {"target": "x"}, "y": {"target": "x"}}, "traits": {"smithy.api#mixin": {}}},
            "a#S": {"type": "structure", "mixins": [{"target": "a#M"}], "members": {"b": {"target": "x"}, "y": {"target": "x"}, "a": {"target": "x"}}},
            "a#Op": {"type": "operation", "errors": [{"target": "a#E2"}, {"target": "a#E1"}]}
        }});
        let found = orders(&model);
        assert_eq!(found["a#S"].members, ["z", "y", "b", "a"]);
        assert_eq!(found["a#Op"].errors, ["a#E2", "a#E1"]);
        let mut swapped = found.clone();
        if let Some(o) = swapped.get_mut("a#S") {
            o.members.swap(2, 3);
        }
        assert_eq!(differences(&found, &swapped).len(), 1);
    }
}
