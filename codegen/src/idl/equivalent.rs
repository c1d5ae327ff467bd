//! Whether two definitions of one shape are the same shape, as Smithy decides before it ignores
//! a duplicate definition ("Ignoring duplicate but equivalent shape definition", a NOTE) instead
//! of refusing it: the same kind, mixins, traits, members and properties, compared as models
//! rather than as text. Members come in the same order (Smithy's shapes keep the order they are
//! declared in); node values are equal whatever the order of their object keys, and `1` equals
//! `1.0`; a trait written without a value equals `{}` or `[]`; a trait property left out equals
//! its default where Smithy's trait compares it so (`@http`'s `code` 200, `@cors`'s `origin`
//! `"*"`, `maxAge` 600 and empty header lists). An omitted `Unit` input or output and omitted
//! empty `members` are no difference, nor is the order of the id lists Smithy keeps as sets (a
//! service's or resource's `operations`, `resources` and `collectionOperations`).

use serde_json::{Map, Value};

use super::parser::ANNOTATION;

/// The keys of a shape body compared on their own; every other key is a property.
const STRUCTURAL: &[&str] = &["type", "traits", "members", "member", "key", "value"];

/// Id lists that Smithy keeps as sets.
const UNORDERED: &[&str] = &["operations", "resources", "collectionOperations"];

/// Why two definitions of one shape (JSON AST shape bodies) are different shapes, or `None`
/// when Smithy takes them for the same shape.
pub fn shape_difference(a: &Value, b: &Value) -> Option<String> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return (a != b).then(|| "a definition is not an object".to_owned());
    };
    let (kind_a, kind_b) = (kind(a), kind(b));
    if kind_a != kind_b {
        return Some(format!("the kinds differ: {kind_a} and {kind_b}"));
    }
    traits_difference(a.get("traits"), b.get("traits"))
        .or_else(|| members_difference(a, b))
        .or_else(|| properties_difference(a, b))
}

fn kind(body: &Map<String, Value>) -> &str {
    body.get("type").and_then(Value::as_str).unwrap_or("unknown")
}

/// The first trait the two trait maps (absent: none) do not agree on.
fn traits_difference(a: Option<&Value>, b: Option<&Value>) -> Option<String> {
    let empty = Map::new();
    let a = a.and_then(Value::as_object).unwrap_or(&empty);
    let b = b.and_then(Value::as_object).unwrap_or(&empty);
    let only = a.keys().find(|k| !b.contains_key(*k)).or_else(|| b.keys().find(|k| !a.contains_key(*k)));
    if let Some(id) = only {
        return Some(format!("only one has the trait `{id}`"));
    }
    let differs = a.iter().find(|(id, value)| b.get(*id).is_none_or(|other| !same_trait(id, value, other)));
    differs.map(|(id, _)| format!("the values of the trait `{id}` differ"))
}

/// Whether two values of the trait `id` are equal.
fn same_trait(id: &str, a: &Value, b: &Value) -> bool {
    let annotation = |v: &Value| v.as_str() == Some(ANNOTATION);
    let empty = |v: &Value| annotation(v) || v.as_object().is_some_and(Map::is_empty) || v.as_array().is_some_and(Vec::is_empty);
    if annotation(a) || annotation(b) {
        return empty(a) && empty(b);
    }
    same_node(&with_defaults(id, a), &with_defaults(id, b))
}

/// A trait value with the properties Smithy defaults made explicit (`@http`) or left out
/// (`@cors`), as its trait class compares it.
fn with_defaults(id: &str, value: &Value) -> Value {
    let Some(map) = value.as_object() else { return value.clone() };
    let mut map = map.clone();
    match id {
        "smithy.api#http" => {
            map.entry("code").or_insert(Value::from(200));
        }
        "smithy.api#cors" => {
            let defaults = [("origin", Value::from("*")), ("maxAge", Value::from(600)), ("origins", Value::Object(Map::new()))];
            for (key, default) in defaults {
                if map.get(key).is_some_and(|v| same_node(v, &default)) {
                    map.shift_remove(key);
                }
            }
            for key in ["additionalAllowedHeaders", "additionalExposedHeaders"] {
                header_set(&mut map, key);
            }
        }
        _ => {}
    }
    Value::Object(map)
}

/// A `@cors` header list as the case-insensitive set Smithy keeps; left out when empty.
fn header_set(map: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(items)) = map.get(key) else { return };
    let mut names: Vec<Value> = items.iter().map(|v| v.as_str().map_or_else(|| v.clone(), |s| Value::from(s.to_ascii_lowercase()))).collect();
    names.sort_by_key(ToString::to_string);
    names.dedup();
    if names.is_empty() {
        map.shift_remove(key);
    } else {
        map.insert(key.to_owned(), Value::Array(names));
    }
}

/// The first member the two shapes do not agree on: names and their order, targets, traits.
fn members_difference(a: &Map<String, Value>, b: &Map<String, Value>) -> Option<String> {
    let empty = Map::new();
    let members = |body: &Map<String, Value>| body.get("members").and_then(Value::as_object).unwrap_or(&empty).clone();
    let (ma, mb) = (members(a), members(b));
    if !ma.keys().eq(mb.keys()) {
        let names = |m: &Map<String, Value>| m.keys().cloned().collect::<Vec<_>>().join(", ");
        return Some(format!("the members differ: [{}] and [{}]", names(&ma), names(&mb)));
    }
    let named = ma.iter().map(|(name, m)| (name.as_str(), Some(m), mb.get(name)));
    let fixed = ["member", "key", "value"].into_iter().map(|name| (name, a.get(name), b.get(name)));
    named.chain(fixed).find_map(|(name, x, y)| member_difference(name, x, y))
}

fn member_difference(name: &str, a: Option<&Value>, b: Option<&Value>) -> Option<String> {
    let (a, b) = match (a, b) {
        (None, None) => return None,
        (Some(a), Some(b)) => (a, b),
        _ => return Some(format!("only one has the member `{name}`")),
    };
    let target = |m: &Value| m.get("target").and_then(Value::as_str).map(str::to_owned);
    if target(a) != target(b) {
        return Some(format!("the member `{name}` targets different shapes"));
    }
    traits_difference(a.get("traits"), b.get("traits")).map(|why| format!("member `{name}`: {why}"))
}

/// The first other property (mixins, input, operations, identifiers...) the two shapes do not
/// agree on.
fn properties_difference(a: &Map<String, Value>, b: &Map<String, Value>) -> Option<String> {
    let keys = a.keys().chain(b.keys()).filter(|k| !STRUCTURAL.contains(&k.as_str()));
    keys.into_iter().find(|k| !same_property(k, a.get(*k), b.get(*k))).map(|k| format!("their `{k}` differ"))
}

fn same_property(key: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    let unit = Value::Object(Map::from_iter([("target".to_owned(), Value::from("smithy.api#Unit"))]));
    let default = |v: Option<&Value>| match v {
        None if matches!(key, "input" | "output") => Some(unit.clone()),
        other => other.cloned(),
    };
    match (default(a), default(b)) {
        (Some(Value::Array(x)), Some(Value::Array(y))) if UNORDERED.contains(&key) => same_set(&x, &y),
        (Some(x), Some(y)) => same_node(&x, &y),
        (None, None) => true,
        _ => false,
    }
}

/// Whether two lists hold the same values, in any order.
fn same_set(a: &[Value], b: &[Value]) -> bool {
    let within = |x: &[Value], y: &[Value]| x.iter().all(|v| y.iter().any(|w| same_node(v, w)));
    within(a, b) && within(b, a)
}

/// Whether two node values are equal: object keys in any order, numbers by value.
fn same_node(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || ((x.is_f64() || y.is_f64()) && x.as_f64() == y.as_f64()),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_node(v, w)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_node(v, w))),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn same(a: Value, b: Value) -> bool {
        shape_difference(&a, &b).is_none()
    }

    #[test]
    fn equal_definitions_are_the_same_shape() {
        let a = json!({"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 2}}});
        let b = json!({"traits": {"smithy.api#length": {"max": 2.0, "min": 1}}, "type": "string"});
        assert!(same(a, b));
    }

    #[test]
    fn a_different_kind_trait_or_value_is_a_different_shape() {
        let a = json!({"type": "string", "traits": {"smithy.api#length": {"min": 1}}});
        let why = shape_difference(&a, &json!({"type": "blob", "traits": {"smithy.api#length": {"min": 1}}}));
        assert_eq!(why.as_deref(), Some("the kinds differ: string and blob"));
        let why = shape_difference(&a, &json!({"type": "string", "traits": {"smithy.api#length": {"min": 2}}}));
        assert_eq!(why.as_deref(), Some("the values of the trait `smithy.api#length` differ"));
        let why = shape_difference(&a, &json!({"type": "string"}));
        assert_eq!(why.as_deref(), Some("only one has the trait `smithy.api#length`"));
    }

    #[test]
    fn members_are_compared_in_their_order() {
        let a = json!({"type": "structure", "members": {"a": {"target": "smithy.api#String"}, "b": {"target": "smithy.api#Integer"}}});
        let swapped = json!({"type": "structure", "members": {"b": {"target": "smithy.api#Integer"}, "a": {"target": "smithy.api#String"}}});
        assert!(same(a.clone(), a.clone()));
        assert_eq!(shape_difference(&a, &swapped).as_deref(), Some("the members differ: [a, b] and [b, a]"));
        let retargeted = json!({"type": "structure", "members": {"a": {"target": "smithy.api#String"}, "b": {"target": "smithy.api#Long"}}});
        assert_eq!(shape_difference(&a, &retargeted).as_deref(), Some("the member `b` targets different shapes"));
        assert!(same(json!({"type": "structure"}), json!({"type": "structure", "members": {}})));
        let list = |t: &str| json!({"type": "list", "member": {"target": t}});
        assert!(!same(list("smithy.api#String"), list("smithy.api#Blob")));
    }

    #[test]
    fn defaults_and_annotations_are_no_difference() {
        let http = |v: Value| json!({"type": "operation", "traits": {"smithy.api#http": v}});
        assert!(same(http(json!({"method": "GET", "uri": "/"})), http(json!({"method": "GET", "uri": "/", "code": 200}))));
        assert!(!same(http(json!({"method": "GET", "uri": "/"})), http(json!({"method": "GET", "uri": "/", "code": 201}))));
        let cors = |v: Value| json!({"type": "service", "traits": {"smithy.api#cors": v}});
        assert!(same(cors(json!({})), cors(json!({"origin": "*", "maxAge": 600, "additionalAllowedHeaders": []}))));
        let sensitive = |v: Value| json!({"type": "string", "traits": {"smithy.api#sensitive": v}});
        assert!(same(sensitive(Value::from(ANNOTATION)), sensitive(json!({}))));
        assert!(!same(sensitive(Value::from(ANNOTATION)), sensitive(json!({"a": 1}))));
        let op = |v: Value| json!({"type": "operation", "input": v});
        assert!(same(json!({"type": "operation"}), op(json!({"target": "smithy.api#Unit"}))));
        assert!(!same(json!({"type": "operation"}), op(json!({"target": "ex#In"}))));
        let service = |ops: Value| json!({"type": "service", "version": "1", "operations": ops});
        assert!(same(service(json!([{"target": "ex#A"}, {"target": "ex#B"}])), service(json!([{"target": "ex#B"}, {"target": "ex#A"}]))));
    }
}
