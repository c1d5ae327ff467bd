//! Traits: each applied trait must be defined (by the model, the prelude or a known trait
//! package), its value must match the trait's shape, the shape it is applied to must match the
//! trait's selector, and it must not conflict with another trait on the same shape.

use serde_json::Value;

use super::index::{ids, members, trait_name};
use super::{node, Ctx, Out};
use crate::ast::Traits;
use crate::known_shapes;
use crate::lower::suggest;

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, shape) in cx.ix.shape_ids() {
        applied(cx, out, id, &shape.traits);
        for (name, member) in members(shape) {
            applied(cx, out, &format!("{id}${name}"), &member.traits);
        }
        if shape.kind == "structure" {
            exclusive(cx, out, id);
        }
    }
}

/// The traits applied to one shape or member.
fn applied(cx: &Ctx, out: &mut Out, id: &str, traits: &Traits) {
    for (trait_id, value) in traits {
        match cx.ix.shape(trait_id) {
            Some(def) if def.traits.contains_key(ids::TRAIT) => {
                trait_value(cx, out, id, trait_id, value);
                trait_target(cx, out, id, trait_id, &def.traits[ids::TRAIT]);
                conflicts(out, id, trait_id, &def.traits[ids::TRAIT], traits);
            }
            Some(_) => {
                let msg = format!("`{trait_id}` is applied as a trait, but that shape is not a trait (it has no `@trait`)");
                out.error(id, msg);
            }
            None => unknown(cx, out, id, trait_id),
        }
    }
}

fn trait_value(cx: &Ctx, out: &mut Out, id: &str, trait_id: &str, value: &Value) {
    let found = node::check(cx, value, trait_id);
    let name = trait_name(trait_id);
    for e in found.errors.into_iter().chain(found.out_of_range) {
        out.error(id, format!("the value of trait `{name}` is wrong: {e}"));
    }
    for w in found.warnings {
        out.warning(id, format!("the value of trait `{name}`: {w}"));
    }
}

fn trait_target(cx: &Ctx, out: &mut Out, id: &str, trait_id: &str, definition: &Value) {
    // Smithy IDL 1.0 let `@sensitive` mark members; 2.0 does not.
    if trait_id == "smithy.api#sensitive" && id.contains('$') && cx.ix.model.version.starts_with('1') {
        return;
    }
    let selector = definition.get("selector").and_then(Value::as_str).unwrap_or("*");
    if selector != "*" && cx.selector_matches(selector, id) == Some(false) {
        let kind = cx.ix.kind(id).unwrap_or("shape");
        let name = trait_name(trait_id);
        out.error(
            id,
            format!("trait `{name}` cannot be applied to this {kind}: it applies only to shapes matching `{}`", one_line(selector)),
        );
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn conflicts(out: &mut Out, id: &str, trait_id: &str, definition: &Value, traits: &Traits) {
    let Some(list) = definition.get("conflicts").and_then(Value::as_array) else { return };
    let namespace = trait_id.split_once('#').map_or("smithy.api", |(ns, _)| ns);
    for other in list.iter().filter_map(Value::as_str) {
        let other_id = if other.contains('#') { other.to_owned() } else { format!("{namespace}#{other}") };
        if traits.contains_key(&other_id) {
            out.error(id, format!("trait `{}` conflicts with trait `{}` on the same shape", trait_name(trait_id), trait_name(&other_id)));
        }
    }
}

/// `structurallyExclusive` traits: at most one member of a structure may have the trait
/// (`member`) or target a shape that has it (`target`).
fn exclusive(cx: &Ctx, out: &mut Out, id: &str) {
    let Some(shape) = cx.ix.shape(id) else { return };
    let mut holders: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for (name, member) in members(shape) {
        let own = member.traits.keys().filter(|t| exclusivity(cx, t) == Some("member"));
        let target_traits = cx.ix.shape(&member.target).map(|s| &s.traits);
        let targets = target_traits.into_iter().flat_map(|t| t.keys()).filter(|t| exclusivity(cx, t) == Some("target"));
        for t in own.chain(targets) {
            holders.entry(t.as_str()).or_default().push(name);
        }
    }
    for (trait_id, names) in holders.into_iter().filter(|(_, n)| n.len() > 1) {
        let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        out.error(id, format!("only one member may have (or target a shape with) trait `{}`, but {list} do", trait_name(trait_id)));
    }
}

fn exclusivity<'a>(cx: &Ctx<'a>, trait_id: &str) -> Option<&'a str> {
    cx.ix.shape(trait_id)?.traits.get(ids::TRAIT)?.get("structurallyExclusive")?.as_str()
}

/// A trait id that nothing defines: an error, unless it is in a published package's namespace
/// and not a misspelling of a known trait (it may be newer than this generator): a warning.
/// A name differing from a known one only in digits (`awsJson1_2`) counts as a newer trait.
fn unknown(cx: &Ctx, out: &mut Out, id: &str, trait_id: &str) {
    if known_shapes::is_known(trait_id) {
        return;
    }
    let close = closest_trait(cx, trait_id);
    let hint = close.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
    let misspelt = close.as_deref().is_some_and(|c| !differs_only_in_digits(local(c), local(trait_id)));
    if known_shapes::in_package_namespace(trait_id) && !misspelt {
        out.warning(id, format!("unknown trait `{trait_id}` (perhaps newer than this generator; it is ignored){hint}"));
    } else {
        out.error(id, format!("unknown trait `{trait_id}`: the model does not define it and it is not a Smithy or AWS trait{hint}"));
    }
}

fn local(id: &str) -> &str {
    id.split_once('#').map_or(id, |(_, n)| n)
}

fn differs_only_in_digits(a: &str, b: &str) -> bool {
    let letters = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    letters(a) == letters(b)
}

/// The known trait closest to `trait_id` by name, when close enough to be a misspelling:
/// prelude traits by name (`httpLabel`), others by id.
fn closest_trait(cx: &Ctx, trait_id: &str) -> Option<String> {
    let wanted = trait_id.split_once('#').map_or(trait_id, |(_, n)| n);
    let prelude = cx.ix.prelude.iter().filter(|(_, s)| s.traits.contains_key(ids::TRAIT)).map(|(id, _)| trait_name(id).to_owned());
    let external = known_shapes::all().iter().map(|s| s.to_string());
    let own = cx.ix.shape_ids().filter(|(_, s)| s.traits.contains_key(ids::TRAIT)).map(|(id, _)| id.clone());
    let candidates: Vec<String> = prelude.chain(external).chain(own).filter(|c| c != trait_id).collect();
    let local = |c: &str| c.split_once('#').map_or(c, |(_, n)| n).to_owned();
    let locals: Vec<String> = candidates.iter().map(|c| local(c)).collect();
    let best = suggest::did_you_mean(wanted, locals.iter().map(String::as_str))?;
    candidates.iter().find(|c| local(c) == best).cloned()
}
