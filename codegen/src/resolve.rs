//! Model-wide transforms that run before lowering: the prelude, `apply` statements, mixin
//! flattening and the Smithy IDL 1.0 to 2.0 upgrade. After this step every shape is complete on
//! its own: no later step needs to know about mixins, `apply` or the IDL version.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::ast::{MemberDef, Model, Shape, Traits};
use crate::diagnostics::Diagnostic;

/// Trait ids used by the transforms.
pub mod traits {
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const BOX: &str = "smithy.api#box";
    pub const UNIT_TYPE: &str = "smithy.api#unitType";
}

const PRELUDE: &[(&str, &str)] = &[
    ("String", "string"),
    ("Blob", "blob"),
    ("BigInteger", "bigInteger"),
    ("BigDecimal", "bigDecimal"),
    ("Timestamp", "timestamp"),
    ("Document", "document"),
    ("Boolean", "boolean"),
    ("Byte", "byte"),
    ("Short", "short"),
    ("Integer", "integer"),
    ("Long", "long"),
    ("Float", "float"),
    ("Double", "double"),
    ("PrimitiveBoolean", "boolean"),
    ("PrimitiveByte", "byte"),
    ("PrimitiveShort", "short"),
    ("PrimitiveInteger", "integer"),
    ("PrimitiveLong", "long"),
    ("PrimitiveFloat", "float"),
    ("PrimitiveDouble", "double"),
    ("Unit", "structure"),
];

fn prelude_shape(name: &str, kind: &str) -> Shape {
    let mut shape = Shape::empty(kind);
    if name.starts_with("Primitive") {
        let zero = if kind == "boolean" { json!(false) } else { json!(0) };
        shape.traits.insert(traits::DEFAULT.to_owned(), zero);
    } else if name == "Unit" {
        shape.traits.insert(traits::UNIT_TYPE.to_owned(), json!({}));
    }
    shape
}

/// Runs every transform in order and returns the complete model.
pub fn resolve(mut model: Model) -> Result<Model, Vec<Diagnostic>> {
    add_prelude(&mut model);
    let mut problems = apply_statements(&mut model);
    problems.extend(flatten_mixins(&mut model));
    if model.version.starts_with('1') {
        upgrade_idl_1(&mut model);
    }
    if problems.is_empty() {
        Ok(model)
    } else {
        Err(problems)
    }
}

fn add_prelude(model: &mut Model) {
    for (name, kind) in PRELUDE {
        let id = format!("smithy.api#{name}");
        model.shapes.entry(id).or_insert_with(|| prelude_shape(name, kind));
    }
}

/// `"type": "apply"` shapes add their traits to a shape or member defined elsewhere.
fn apply_statements(model: &mut Model) -> Vec<Diagnostic> {
    let applies: Vec<(String, Traits)> = model
        .shapes
        .iter()
        .filter(|(_, s)| s.kind == "apply")
        .map(|(id, s)| (id.clone(), s.traits.clone()))
        .collect();
    let mut problems = Vec::new();
    for (id, applied) in applies {
        model.shapes.remove(&id);
        let (shape_id, member) = match id.split_once('$') {
            Some((s, m)) => (s.to_owned(), Some(m.to_owned())),
            None => (id.clone(), None),
        };
        let target = model.shapes.get_mut(&shape_id);
        let traits = match (target, &member) {
            (Some(shape), None) => Some(&mut shape.traits),
            (Some(shape), Some(m)) => shape.members.get_mut(m).map(|m| &mut m.traits),
            (None, _) => None,
        };
        match traits {
            Some(traits) => traits.extend(applied),
            None => problems.push(Diagnostic::shape(&id, "`apply` targets a shape that is not defined".into())),
        }
    }
    problems
}

/// Copies mixin members (first, in mixin order) and traits (the shape's own win) into every shape
/// that uses mixins, then drops the mixin shapes themselves.
fn flatten_mixins(model: &mut Model) -> Vec<Diagnostic> {
    let ids: Vec<String> = model.shapes.keys().cloned().collect();
    let mut problems = Vec::new();
    let mut flat: BTreeMap<String, Shape> = BTreeMap::new();
    for id in &ids {
        let mut stack = Vec::new();
        match flattened(model, id, &mut stack, &mut flat) {
            Ok(_) => {}
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return problems;
    }
    model.shapes = flat.into_iter().filter(|(_, s)| !s.traits.contains_key(traits::MIXIN)).collect();
    problems
}

fn flattened(
    model: &Model,
    id: &str,
    stack: &mut Vec<String>,
    done: &mut BTreeMap<String, Shape>,
) -> Result<Shape, Diagnostic> {
    if let Some(shape) = done.get(id) {
        return Ok(shape.clone());
    }
    if stack.iter().any(|s| s == id) {
        return Err(Diagnostic::shape(id, "mixins form a cycle".into()));
    }
    let own = model
        .shapes
        .get(id)
        .ok_or_else(|| Diagnostic::shape(id, "is used as a mixin but is not defined".into()))?;
    stack.push(id.to_owned());
    let mut members = indexmap::IndexMap::new();
    let mut inherited = Traits::new();
    for mixin in &own.mixins {
        let m = flattened(model, &mixin.target, stack, done)?;
        if !m.traits.contains_key(traits::MIXIN) {
            let msg = format!("uses `{}` as a mixin, but that shape has no @mixin trait", mixin.target);
            return Err(Diagnostic::shape(id, msg));
        }
        members.extend(m.members.clone());
        inherited.extend(mixin_traits(&m.traits));
    }
    stack.pop();
    let mut shape = own.clone();
    // A member the shape declares again keeps the mixin's position and takes the shape's traits.
    for (name, member) in &own.members {
        members.insert(name.clone(), member.clone());
    }
    shape.members = members;
    inherited.extend(own.traits.clone());
    shape.traits = inherited;
    shape.mixins.clear();
    done.insert(id.to_owned(), shape.clone());
    Ok(shape)
}

/// The traits a mixin passes on: all but `@mixin` itself and the ones it lists as local.
fn mixin_traits(traits: &Traits) -> Traits {
    let local: Vec<String> = traits
        .get(traits::MIXIN)
        .and_then(|m| m.get("localTraits"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    traits
        .iter()
        .filter(|(k, _)| k.as_str() != traits::MIXIN && !local.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// IDL 1.0: a member that targets an unboxed number or boolean shape is non-null, which 2.0
/// spells as a zero `@default`. (`set` shapes stay sets: they are generated slightly differently.)
fn upgrade_idl_1(model: &mut Model) {
    let unboxed: BTreeMap<String, Value> = model
        .shapes
        .iter()
        .filter(|(id, s)| is_primitive_1_0(id, s))
        .map(|(id, s)| (id.clone(), if s.kind == "boolean" { json!(false) } else { json!(0) }))
        .collect();
    for shape in model.shapes.values_mut() {
        if shape.kind != "structure" {
            continue;
        }
        for member in shape.members.values_mut() {
            upgrade_member(member, &unboxed);
        }
    }
}

fn upgrade_member(member: &mut MemberDef, unboxed: &BTreeMap<String, Value>) {
    if member.traits.contains_key(traits::BOX) || member.traits.contains_key(traits::DEFAULT) {
        return;
    }
    if let Some(zero) = unboxed.get(&member.target) {
        member.traits.insert(traits::DEFAULT.to_owned(), zero.clone());
    }
}

fn is_primitive_1_0(id: &str, shape: &Shape) -> bool {
    let numeric = matches!(
        shape.kind.as_str(),
        "boolean" | "byte" | "short" | "integer" | "long" | "float" | "double"
    );
    if !numeric || shape.traits.contains_key(traits::BOX) {
        return false;
    }
    // The boxed prelude shapes (`smithy.api#Integer`, ...) are nullable in 1.0.
    !id.starts_with("smithy.api#") || id.starts_with("smithy.api#Primitive")
}
