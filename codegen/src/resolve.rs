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
    // Traits applied to a mixin's members reach the shapes that use it; an `apply` to a member
    // a shape only gets from a mixin waits until the mixins are flattened.
    let mut problems = apply_statements(&mut model, false);
    problems.extend(flatten_mixins(&mut model));
    problems.extend(apply_statements(&mut model, true));
    if model.version.starts_with('1') {
        problems.extend(defaults_in_idl_1(&model));
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

/// `"type": "apply"` shapes add their traits to a shape or member defined elsewhere. Until
/// `last`, an `apply` whose target is not there yet is kept for the next pass.
fn apply_statements(model: &mut Model, last: bool) -> Vec<Diagnostic> {
    let applies: Vec<(String, Traits)> = model
        .shapes
        .iter()
        .filter(|(_, s)| s.kind == "apply")
        .map(|(id, s)| (id.clone(), s.traits.clone()))
        .collect();
    let mut problems = Vec::new();
    for (id, applied) in applies {
        let (shape_id, member) = match id.split_once('$') {
            Some((s, m)) => (s.to_owned(), Some(m.to_owned())),
            None => (id.clone(), None),
        };
        let hint = apply_hint(model, &shape_id, member.as_deref());
        let target = model.shapes.get_mut(&shape_id).filter(|s| s.kind != "apply");
        let traits = match (target, &member) {
            (Some(shape), None) => Some(&mut shape.traits),
            (Some(shape), Some(m)) => member_traits(shape, m),
            (None, _) => None,
        };
        match traits {
            _ if shape_id.starts_with("smithy.api#") => {
                problems.push(Diagnostic::shape(&id, "`apply` cannot change a shape of the `smithy.api` prelude".into()));
            }
            Some(traits) => problems.extend(merge_applied(&id, traits, applied)),
            None if !last => continue,
            None => problems.push(Diagnostic::shape(&id, format!("`apply` targets a shape that is not defined{hint}"))),
        }
        model.shapes.remove(&id);
    }
    problems
}

/// Adds applied traits to a shape's: list values are joined, equal values agree, and a trait
/// the shape already has with another value is a conflict.
fn merge_applied(id: &str, traits: &mut Traits, applied: Traits) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, value) in applied {
        match (traits.get_mut(&name), value) {
            (None, value) => {
                traits.insert(name, value);
            }
            (Some(Value::Array(have)), Value::Array(more)) => have.extend(more),
            (Some(have), value) if *have == value => {}
            (Some(_), _) => problems.push(Diagnostic::shape(id, format!("`apply` gives `{name}` a value that conflicts with the one the shape has"))),
        }
    }
    problems
}

/// In IDL 1.0 a member is made optional or not with `@box`; `@default` is a 2.0 trait.
fn defaults_in_idl_1(model: &Model) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (id, shape) in model.shapes.iter().filter(|(id, _)| !id.starts_with("smithy.api#")) {
        let members = shape.members.iter().map(|(n, m)| (format!("{id}${n}"), &m.traits));
        for (at, traits) in std::iter::once((id.clone(), &shape.traits)).chain(members) {
            if traits.contains_key(traits::DEFAULT) {
                problems.push(Diagnostic::shape(&at, "`@default` needs Smithy IDL 2.0, but the model is 1.0".into()));
            }
        }
    }
    problems
}

/// The traits of a member by name: `member` of a list, `key`/`value` of a map, else `members`.
fn member_traits<'a>(shape: &'a mut Shape, name: &str) -> Option<&'a mut Traits> {
    let member = match (shape.kind.as_str(), name) {
        ("list" | "set", "member") => shape.member.as_mut(),
        ("map", "key") => shape.key.as_mut(),
        ("map", "value") => shape.value.as_mut(),
        _ => shape.members.get_mut(name),
    };
    member.map(|m| &mut m.traits)
}

/// "; did you mean `...`?" for an `apply` whose target does not exist: the closest shape id, or
/// the closest member of the shape when the shape exists.
fn apply_hint(model: &Model, shape_id: &str, member: Option<&str>) -> String {
    let close = match (model.shapes.get(shape_id), member) {
        (Some(shape), Some(m)) => {
            let members = shape.members.keys().map(String::as_str);
            crate::lower::suggest::did_you_mean(m, members).map(|found| format!("{shape_id}${found}"))
        }
        _ => crate::lower::suggest::did_you_mean(shape_id, model.shapes.keys().map(String::as_str)).map(str::to_owned),
    };
    close.map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
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
    // `apply` statements to members that came from mixins were applied while flattening.
    let consumed: Vec<String> = flat
        .iter()
        .filter(|(id, s)| s.kind == "apply" && id.split_once('$').is_some_and(|(shape, m)| flat.get(shape).is_some_and(|s| has_member(s, m))))
        .map(|(id, _)| id.clone())
        .collect();
    for id in consumed {
        flat.remove(&id);
    }
    model.shapes = flat.into_iter().filter(|(_, s)| !s.traits.contains_key(traits::MIXIN)).collect();
    problems
}

fn has_member(shape: &Shape, name: &str) -> bool {
    match (shape.kind.as_str(), name) {
        ("list" | "set", "member") => shape.member.is_some(),
        ("map", "key") => shape.key.is_some(),
        ("map", "value") => shape.value.is_some(),
        _ => shape.members.contains_key(name),
    }
}

/// `apply` statements to members a shape has only from its mixins, applied to the flattened
/// shape (so shapes using it as a mixin in turn inherit the traits).
fn apply_pending(model: &Model, id: &str, shape: &mut Shape) {
    let prefix = format!("{id}$");
    let pending = model.shapes.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix)).filter(|(_, s)| s.kind == "apply");
    for (apply_id, apply) in pending {
        if let Some(traits) = member_traits(shape, &apply_id[prefix.len()..]) {
            traits.extend(apply.traits.clone());
        }
    }
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
    let (mut list_member, mut map_key, mut map_value) = (None, None, None);
    let mut inherited = Traits::new();
    for mixin in &own.mixins {
        if !model.shapes.contains_key(&mixin.target) {
            return Err(missing_mixin(model, id, &mixin.target));
        }
        let m = flattened(model, &mixin.target, stack, done)?;
        if !m.traits.contains_key(traits::MIXIN) {
            let msg = format!("uses `{}` as a mixin, but that shape has no @mixin trait", mixin.target);
            return Err(Diagnostic::shape(id, msg));
        }
        members.extend(m.members.clone());
        for (slot, from) in [(&mut list_member, &m.member), (&mut map_key, &m.key), (&mut map_value, &m.value)] {
            if from.is_some() {
                slot.clone_from(from);
            }
        }
        inherited.extend(mixin_traits(&m.traits));
    }
    stack.pop();
    let mut shape = own.clone();
    // A member the shape declares again keeps the mixin's position and adds its own traits to
    // the mixin member's.
    for (name, member) in &own.members {
        let merged = redeclared(members.get(name), member);
        members.insert(name.clone(), merged);
    }
    shape.members = members;
    shape.member = own.member.as_ref().map(|m| redeclared(list_member.as_ref(), m)).or(list_member);
    shape.key = own.key.as_ref().map(|m| redeclared(map_key.as_ref(), m)).or(map_key);
    shape.value = own.value.as_ref().map(|m| redeclared(map_value.as_ref(), m)).or(map_value);
    if !own.mixins.is_empty() {
        apply_pending(model, id, &mut shape);
    }
    inherited.extend(own.traits.clone());
    shape.traits = inherited;
    shape.mixins.clear();
    done.insert(id.to_owned(), shape.clone());
    Ok(shape)
}

/// A mixin that is not defined, reported on the shape using it, with the closest mixin's id.
fn missing_mixin(model: &Model, id: &str, mixin: &str) -> Diagnostic {
    let mixins = model.shapes.iter().filter(|(_, s)| s.traits.contains_key(traits::MIXIN)).map(|(m, _)| m.as_str());
    let hint = crate::lower::suggest::did_you_mean(mixin, mixins).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
    Diagnostic::shape(id, format!("uses `{mixin}` as a mixin, but it is not defined{hint}"))
}

/// A member declared again by a shape that has it from a mixin: the shape's target and the
/// mixin member's traits, with the shape's own traits over them.
fn redeclared(inherited: Option<&MemberDef>, own: &MemberDef) -> MemberDef {
    let mut member = own.clone();
    if let Some(from) = inherited {
        let mut traits = from.traits.clone();
        traits.extend(own.traits.clone());
        member.traits = traits;
    }
    member
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
