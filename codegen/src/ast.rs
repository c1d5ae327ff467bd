//! Serde mirror of the Smithy JSON AST (IDL 1.0 and 2.0).
//!
//! Shapes are parsed one by one so that a malformed shape is reported with its id. Member order
//! is semantic in Smithy (it is the order of struct fields and client-doc lines), so members keep
//! their JSON order; everything else is kept in sorted maps so the output never depends on the
//! order of keys in the file.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// Trait values keyed by absolute trait shape id.
pub type Traits = BTreeMap<String, Value>;

/// A whole model file.
#[derive(Debug, Clone)]
pub struct Model {
    /// `"1.0"`, `"1"` or `"2.0"`.
    pub version: String,
    /// Every shape defined in the file, keyed by absolute shape id.
    pub shapes: BTreeMap<String, Shape>,
    /// The model's metadata, by key (validation reads the keys Smithy reserves).
    pub metadata: BTreeMap<String, Value>,
}

/// A reference to another shape (`{"target": "ns#Name"}`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ShapeRef {
    /// Absolute shape id of the target.
    pub target: String,
}

/// A member of a structure, union, enum, list or map.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct MemberDef {
    /// Absolute shape id of the member's target.
    pub target: String,
    /// Traits applied to the member.
    #[serde(default)]
    pub traits: Traits,
}

/// One shape, with every property any shape type can have.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Shape {
    /// The shape type (`structure`, `string`, `operation`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Traits applied to the shape.
    #[serde(default)]
    pub traits: Traits,
    /// Members of structures, unions, enums and intEnums, in model order.
    #[serde(default)]
    pub members: IndexMap<String, MemberDef>,
    /// The element of a list or set.
    #[serde(default)]
    pub member: Option<MemberDef>,
    /// The key of a map.
    #[serde(default)]
    pub key: Option<MemberDef>,
    /// The value of a map.
    #[serde(default)]
    pub value: Option<MemberDef>,
    /// Mixins applied to this shape, in order.
    #[serde(default)]
    pub mixins: Vec<ShapeRef>,
    /// Operation input.
    #[serde(default)]
    pub input: Option<ShapeRef>,
    /// Operation output.
    #[serde(default)]
    pub output: Option<ShapeRef>,
    /// Operation or service errors.
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    /// Operations bound to a service or resource.
    #[serde(default)]
    pub operations: Vec<ShapeRef>,
    /// Collection operations bound to a resource.
    #[serde(default, rename = "collectionOperations")]
    pub collection_operations: Vec<ShapeRef>,
    /// Resources bound to a service or resource.
    #[serde(default)]
    pub resources: Vec<ShapeRef>,
    /// Lifecycle operations of a resource.
    #[serde(default)]
    pub create: Option<ShapeRef>,
    /// Lifecycle operation `put` of a resource.
    #[serde(default)]
    pub put: Option<ShapeRef>,
    /// Lifecycle operation `read` of a resource.
    #[serde(default)]
    pub read: Option<ShapeRef>,
    /// Lifecycle operation `update` of a resource.
    #[serde(default)]
    pub update: Option<ShapeRef>,
    /// Lifecycle operation `delete` of a resource.
    #[serde(default)]
    pub delete: Option<ShapeRef>,
    /// Lifecycle operation `list` of a resource.
    #[serde(default)]
    pub list: Option<ShapeRef>,
    /// Identifiers of a resource: name to the shape the identifier targets.
    #[serde(default)]
    pub identifiers: BTreeMap<String, ShapeRef>,
    /// Properties of a resource: name to the shape the property targets.
    #[serde(default)]
    pub properties: BTreeMap<String, ShapeRef>,
    /// Service version.
    #[serde(default)]
    pub version: Option<String>,
    /// Service shape renames: absolute shape id to new local name.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Number literals of the shape's JSON that a double cannot hold exactly (big integers and
    /// decimals in `@default` values and protocol test params), by JSON pointer within the shape
    /// (`/traits/smithy.api#default`), as written.
    #[serde(skip)]
    pub exact_numbers: BTreeMap<String, String>,
}

impl Shape {
    /// A shape of the given type with no traits, members or bindings.
    pub fn empty(kind: &str) -> Self {
        Self {
            kind: kind.to_owned(),
            traits: Traits::new(),
            members: IndexMap::new(),
            member: None,
            key: None,
            value: None,
            mixins: Vec::new(),
            input: None,
            output: None,
            errors: Vec::new(),
            operations: Vec::new(),
            collection_operations: Vec::new(),
            resources: Vec::new(),
            create: None,
            put: None,
            read: None,
            update: None,
            delete: None,
            list: None,
            identifiers: BTreeMap::new(),
            properties: BTreeMap::new(),
            version: None,
            rename: BTreeMap::new(),
            exact_numbers: BTreeMap::new(),
        }
    }

    /// Every shape this shape refers to that makes it part of a service closure, in a fixed order.
    pub fn references(&self) -> Vec<&str> {
        let mut refs: Vec<&str> = Vec::new();
        refs.extend(self.members.values().map(|m| m.target.as_str()));
        for m in [&self.member, &self.key, &self.value].into_iter().flatten() {
            refs.push(&m.target);
        }
        for r in [&self.input, &self.output].into_iter().flatten() {
            refs.push(&r.target);
        }
        let lists = [&self.errors, &self.operations, &self.collection_operations, &self.resources];
        for list in lists {
            refs.extend(list.iter().map(|r| r.target.as_str()));
        }
        let lifecycle = [&self.create, &self.put, &self.read, &self.update, &self.delete, &self.list];
        for r in lifecycle.into_iter().flatten() {
            refs.push(&r.target);
        }
        refs
    }
}

#[derive(Deserialize)]
struct RawModel<'a> {
    smithy: Option<String>,
    /// Kept as raw text so each shape parses on its own, with member order intact.
    #[serde(default, borrow)]
    shapes: BTreeMap<String, &'a serde_json::value::RawValue>,
    #[serde(default)]
    metadata: BTreeMap<String, Value>,
}

/// Parses a model file. Every malformed shape is reported, each with its shape id.
pub fn parse_model(json: &str) -> Result<Model, Vec<Diagnostic>> {
    let raw: RawModel = serde_json::from_str(json).map_err(|e| {
        vec![Diagnostic::model(format!("not a Smithy JSON AST document: {e}"))]
    })?;
    let version = raw.smithy.ok_or_else(|| {
        vec![Diagnostic::model("missing the top-level `smithy` version property".to_owned())]
    })?;
    if !matches!(version.as_str(), "1" | "1.0" | "2" | "2.0") {
        let msg = format!("unsupported Smithy version `{version}` (expected 1.0 or 2.0)");
        return Err(vec![Diagnostic::model(msg)]);
    }
    let mut shapes = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, value) in raw.shapes {
        match serde_json::from_str::<Shape>(value.get()) {
            Ok(mut shape) => {
                shape.exact_numbers = exact_numbers(value.get());
                shapes.insert(id, shape);
            }
            Err(e) => problems.push(Diagnostic::shape(&id, format!("malformed shape: {e}"))),
        }
    }
    if problems.is_empty() {
        Ok(Model { version, shapes, metadata: raw.metadata })
    } else {
        Err(problems)
    }
}

/// The number literals of a shape's JSON text that do not survive the trip through a double,
/// by JSON pointer. A shape without a run of 16 or more digits has none, and is not walked.
fn exact_numbers(text: &str) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut run = 0;
    let long_run = text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else if b == b'.' { run } else { 0 };
        run >= 16
    });
    if long_run {
        collect_exact(text, &mut String::new(), &mut found);
    }
    found
}

fn collect_exact(text: &str, pointer: &mut String, found: &mut BTreeMap<String, String>) {
    use serde_json::value::RawValue;
    let text = text.trim();
    let at = pointer.len();
    match text.as_bytes().first() {
        Some(b'{') => {
            let Ok(object) = serde_json::from_str::<BTreeMap<String, &RawValue>>(text) else { return };
            for (key, value) in object {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                collect_exact(value.get(), pointer, found);
                pointer.truncate(at);
            }
        }
        Some(b'[') => {
            let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(text) else { return };
            for (i, value) in items.into_iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                collect_exact(value.get(), pointer, found);
                pointer.truncate(at);
            }
        }
        Some(b'-' | b'0'..=b'9') => {
            let read = serde_json::from_str::<serde_json::Value>(text).map(|v| v.to_string()).unwrap_or_default();
            if read != text {
                found.insert(pointer.clone(), text.to_owned());
            }
        }
        _ => {}
    }
}

/// Splits `ns#Name` into `("ns", "Name")`; a member id `ns#Name$member` keeps the `$member` part.
pub fn split_shape_id(id: &str) -> Option<(&str, &str)> {
    let (ns, name) = id.split_once('#')?;
    if ns.is_empty() || name.is_empty() {
        return None;
    }
    Some((ns, name))
}

/// The local name of a shape id (`Name` of `ns#Name`), or the id itself when it is not absolute.
pub fn shape_name(id: &str) -> &str {
    split_shape_id(id).map_or(id, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_a_double_cannot_hold_are_kept_as_written() {
        let model = r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "structure", "members": {
            "big": {"target": "smithy.api#BigDecimal", "traits": {"smithy.api#default": 0.100000000000000000000001}},
            "int": {"target": "smithy.api#BigInteger", "traits": {"smithy.api#default": 18446744073709551616}},
            "plain": {"target": "smithy.api#Double", "traits": {"smithy.api#default": 1.5}}
        }, "traits": {"t#cases": [{"params": {"v": -9223372036854775809}}]}}}}"#;
        let shape = &parse_model(model).expect("model").shapes["a#S"];
        let exact: Vec<(&str, &str)> = shape.exact_numbers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            exact,
            [
                ("/members/big/traits/smithy.api#default", "0.100000000000000000000001"),
                ("/members/int/traits/smithy.api#default", "18446744073709551616"),
                ("/traits/t#cases/0/params/v", "-9223372036854775809"),
            ]
        );
    }
}
