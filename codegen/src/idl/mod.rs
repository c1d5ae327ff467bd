//! A reader for the Smithy IDL (`.smithy` files, IDL 1.0 and 2.0): turns IDL text into the
//! equivalent Smithy JSON AST, so the rest of the generator can use it unchanged.
//!
//! [`parse`] reads one file, [`load`] reads several as one model, and [`load_with_sources`] also
//! says where each shape, member, trait and reference was written (a [`SourceMap`], which places
//! the generator's diagnostics in the files), as does [`load_beside`] for IDL files read with
//! JSON AST files. Members, enum values and id lists keep their
//! declaration order, as in the JSON AST Smithy writes. Relative shape ids resolve against the
//! file's `use` statements, the shapes of its namespace (in any of the files), then the
//! `smithy.api` prelude (an unquoted node value also to the external shapes this generator
//! knows). Elided member targets (`$name`) take their target from the mixins or
//! the resource named by `for`; `apply` statements merge into the shapes they target when those
//! are loaded, and stay `"type": "apply"` entries otherwise. A shape defined again (in the same
//! file or another) with an equivalent definition is read once, as Smithy ignores such a
//! duplicate; a different definition is refused ([`shape_difference`]). An unquoted node value
//! that names no shape (`@http(method: GET, ...)`) is kept as the string written and reported as
//! a warning ([`Loaded::check_uses`]), as Smithy's DANGER event; [`load`] and [`parse`], which have
//! no warnings, refuse it.

mod equivalent;
mod exact;
mod lexer;
mod parser;
mod prelude;
mod uses;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

use crate::known_shapes;
use crate::source_map::{caret_block, Location, SourceMap, Spot};
use parser::{ParsedFile, RawRef, RefKind, Version, ANNOTATION, ELIDED, FOR_KEY, REF_PREFIX};
pub use equivalent::shape_difference;
pub use uses::UseReport;

/// An error in an IDL file, with its position (1-based) and the text of its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdlError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub source_line: String,
}

impl IdlError {
    /// An error at a location.
    pub fn at(location: Location, message: String) -> Self {
        let Location { file, line, column, source_line } = location;
        Self { file, line, column, message, source_line }
    }
}

impl fmt::Display for IdlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&caret_block(&self.file, self.line, self.column, &self.source_line, &self.message))
    }
}

impl std::error::Error for IdlError {}

/// Reads one IDL file into its JSON AST (an unquoted node value naming no shape is an error, as
/// for [`load`]).
pub fn parse(file: &str, text: &str) -> Result<Value, Vec<IdlError>> {
    load(&[(file.to_owned(), text.to_owned())])
}

/// A model read from IDL files: its JSON AST, where its shapes were written, its `use`
/// statements and the shape ids written unquoted in its node values (see [`Loaded::check_uses`]).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The JSON AST, members in declaration order.
    pub model: Value,
    /// Where each shape, member, trait application and shape reference was written.
    pub sources: SourceMap,
    /// Every `use` statement: the id it names and where.
    uses: Vec<(String, Spot)>,
    /// The number literals a double cannot hold, as written, by JSON pointer in `model`.
    exact_numbers: BTreeMap<String, String>,
    /// The relative ids written unquoted in node values that resolve to no shape.
    unresolved: Vec<Unresolved>,
    /// The absolute ids written unquoted in node values, and where.
    node_ids: Vec<(String, Spot)>,
}

/// A relative shape id written unquoted in a node value (a "syntactic shape id") that names no
/// shape: the model keeps it as the string written.
#[derive(Debug, Clone)]
struct Unresolved {
    written: String,
    /// The absolute id it would stand for (in the file's namespace).
    candidate: String,
    spot: Spot,
}

impl Unresolved {
    fn message(&self) -> String {
        uses::syntactic_id_message(&self.written, &self.candidate)
    }
}

impl Loaded {
    /// Checks every `use` statement against what the whole model knows: the shapes these files
    /// define, `defined_elsewhere` (the shapes of JSON AST files read with them), the prelude
    /// and the traits this generator knows. A name that exists nowhere but is close to a known
    /// one is an error at the statement, with the name meant; any other unknown name is a
    /// warning (in a published trait package's namespace it may be a newer trait). The shape ids
    /// written unquoted in node values that name no shape are warnings too (Smithy's DANGER
    /// "Did you mean to quote this string?"): the model keeps them as the strings written.
    pub fn check_uses(&self, defined_elsewhere: &BTreeSet<String>) -> UseReport {
        let shapes = self.model.get("shapes").and_then(Value::as_object);
        let own = shapes.into_iter().flatten().filter(|(_, s)| s.get("type").and_then(Value::as_str) != Some("apply"));
        let mut defined: BTreeSet<&str> = own.map(|(id, _)| id.as_str()).collect();
        defined.extend(defined_elsewhere.iter().map(String::as_str));
        let mut report = uses::check(&self.uses, &defined, &self.sources);
        let relative = self.unresolved.iter().map(|u| (u.spot, uses::kept_as_string(&u.written, &u.candidate)));
        let absolute = uses::unknown_node_ids(&self.node_ids, &defined);
        for (spot, message) in relative.chain(absolute) {
            report.warnings.extend(self.sources.location(spot).map(|at| IdlError::at(at, message)));
        }
        report
    }

    /// The unquoted node values naming no shape, as errors (for readers without warnings).
    fn unresolved_errors(&self) -> Vec<IdlError> {
        let located = self.unresolved.iter().map(|u| self.sources.location(u.spot).map(|at| IdlError::at(at, u.message())));
        located.flatten().collect()
    }

    /// The model's JSON AST text, with the number literals a double cannot hold written as the
    /// files wrote them (as the generator reads them from a JSON AST).
    pub fn to_json(&self) -> String {
        let text = exact::ExactJson { value: &self.model, exact: &self.exact_numbers, pointer: String::new() };
        serde_json::to_string(&text).unwrap_or_default()
    }
}

struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, line: usize, column: usize, message: impl Into<String>) -> IdlError {
        let source_line = self.text.lines().nth(line.saturating_sub(1)).unwrap_or("").trim_end_matches('\r').to_owned();
        IdlError { file: self.name.to_owned(), line, column, message: message.into(), source_line }
    }
}

/// Where a shape came from, for error messages.
#[derive(Clone, Copy)]
struct Origin {
    file: usize,
    line: usize,
    column: usize,
}

/// Reads several IDL files (name, text) as one model and returns its JSON AST. Like Smithy's
/// `unwrap()`, which fails on a DANGER event, it refuses an unquoted node value that names no
/// shape ([`load_with_sources`] keeps it, with a warning).
pub fn load(files: &[(String, String)]) -> Result<Value, Vec<IdlError>> {
    let loaded = load_with_sources(files)?;
    let unresolved = loaded.unresolved_errors();
    if unresolved.is_empty() {
        Ok(loaded.model)
    } else {
        Err(unresolved)
    }
}

/// Reads several IDL files (name, text) as one model: its JSON AST and where each of its shapes,
/// members, trait applications and shape references was written.
pub fn load_with_sources(files: &[(String, String)]) -> Result<Loaded, Vec<IdlError>> {
    load_beside(files, &BTreeSet::new())
}

/// Reads IDL files as one model, as [`load_with_sources`], beside JSON AST files that define the
/// shapes `defined_elsewhere`: an unquoted node value naming one of those resolves to it.
pub fn load_beside(files: &[(String, String)], defined_elsewhere: &BTreeSet<String>) -> Result<Loaded, Vec<IdlError>> {
    let sources: Vec<Source> = files.iter().map(|(n, t)| Source { name: n, text: t }).collect();
    let mut map = SourceMap::new(files.to_vec());
    let mut use_sites: Vec<(String, Spot)> = Vec::new();
    let mut errors = Vec::new();
    let mut parsed: Vec<(usize, ParsedFile)> = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        let text = src.text.strip_prefix('\u{feff}').unwrap_or(src.text);
        let (file, errs) = parser::parse_tokens(lexer::tokenize(text));
        let failed = !errs.is_empty();
        errors.extend(errs.into_iter().map(|e| src.error(e.line, e.column, e.message)));
        if !failed {
            parsed.push((i, file));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut defined: BTreeSet<String> = parsed.iter().flat_map(|(_, f)| f.shapes.iter().map(|s| s.id.clone())).collect();
    defined.extend(defined_elsewhere.iter().cloned());
    let any_v2 = parsed.iter().any(|(_, f)| f.version == Version::V2);
    let mut shapes: Map<String, Value> = Map::new();
    let mut origins: BTreeMap<String, Origin> = BTreeMap::new();
    let mut metadata: Map<String, Value> = Map::new();
    let mut applies: Vec<(String, Map<String, Value>, Origin)> = Vec::new();
    let mut unresolved: Vec<Unresolved> = Vec::new();
    let mut node_ids: Vec<(String, Spot)> = Vec::new();

    for (i, file) in &mut parsed {
        let src = &sources[*i];
        let refs = resolve_refs(src, *i, file, &defined);
        errors.extend(refs.errors);
        unresolved.extend(refs.unresolved);
        record_sites(&mut map, &mut use_sites, *i, file, &refs.ids);
        node_ids.extend(file.node_ids.iter().map(|n| (n.id.clone(), Spot { file: *i, line: n.line, column: n.column })));
        let fix = |v: &mut Value| replace_refs(v, &refs.values, 0);
        for (key, mut value, line, column) in std::mem::take(&mut file.metadata) {
            fix(&mut value);
            merge_metadata(&mut metadata, key, value).unwrap_or_else(|m| errors.push(src.error(line, column, m)));
        }
        for shape in std::mem::take(&mut file.shapes) {
            let mut body = Value::Object(shape.body);
            fix(&mut body);
            if file.version == Version::V1 && has_trait(&body, "smithy.api#mixin") {
                errors.push(src.error(
                    shape.line,
                    shape.column,
                    format!(
                        "Mixins can only be used in Smithy 2.0 or later. Attempted to apply a @mixin trait to `{}` in a model file using version `1.0`.",
                        shape.id
                    ),
                ));
            }
            let origin = Origin { file: *i, line: shape.line, column: shape.column };
            if let Some(first) = origins.get(&shape.id) {
                // Smithy ignores a duplicate definition equivalent to the first.
                if let Some(why) = shape_difference(shapes.get(&shape.id).unwrap_or(&Value::Null), &body) {
                    let other = &sources[first.file];
                    let (name, line, column) = (other.name, first.line, first.column);
                    let message = format!("Shape `{}` is defined twice, differently ({why}): here and at {name}:{line}:{column}", shape.id);
                    errors.push(src.error(shape.line, shape.column, message));
                }
                continue;
            }
            origins.insert(shape.id.clone(), origin);
            map.define(&shape.id, Spot { file: *i, line: shape.line, column: shape.column });
            shapes.insert(shape.id, body);
        }
        for apply in std::mem::take(&mut file.applies) {
            let mut target = Value::String(apply.target);
            fix(&mut target);
            let mut traits = Value::Object(apply.traits);
            fix(&mut traits);
            if let (Value::String(t), Value::Object(tr)) = (target, traits) {
                let (line, column) = apply.target_at;
                map.apply(&t, Spot { file: *i, line, column });
                applies.push((t, tr, Origin { file: *i, line: apply.line, column: apply.column }));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // `apply` statements.
    for (target, traits, origin) in applies {
        let src = sources.get(origin.file);
        if let Err(msg) = apply_traits(&mut shapes, &target, traits) {
            if let Some(src) = src {
                errors.push(src.error(origin.line, origin.column, msg));
            }
        }
    }

    // Elided member targets, then members redefined over mixins.
    let ids: Vec<String> = shapes.keys().cloned().collect();
    for id in &ids {
        let origin = origins.get(id).copied().unwrap_or(Origin { file: 0, line: 1, column: 1 });
        let src = sources.get(origin.file);
        if let Err(msg) = complete_members(&mut shapes, id) {
            if let Some(src) = src {
                errors.push(src.error(origin.line, origin.column, msg));
            }
        }
    }
    for id in &ids {
        if let Some(Value::Object(body)) = shapes.get_mut(id) {
            body.shift_remove(FOR_KEY);
            // Id lists are sets: a repeated entry counts once.
            for key in ["operations", "resources", "errors", "collectionOperations", "mixins"] {
                if let Some(Value::Array(items)) = body.get_mut(key) {
                    let mut seen: Vec<Value> = Vec::new();
                    items.retain(|v| {
                        let new = !seen.contains(v);
                        if new {
                            seen.push(v.clone());
                        }
                        new
                    });
                }
            }
        }
    }

    // Annotation traits: `[]` for list traits, `{}` otherwise.
    let list_traits: BTreeSet<String> = shapes
        .iter()
        .filter(|(_, s)| matches!(s.get("type").and_then(Value::as_str), Some("list" | "set")))
        .map(|(id, _)| id.clone())
        .collect();
    for shape in shapes.values_mut() {
        fill_annotations(shape, &list_traits);
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    // The model is written as 2.0 when any file is: 1.0 files then need their non-null members
    // spelled the 2.0 way.
    let v1_files: BTreeSet<usize> = parsed.iter().filter(|(_, f)| f.version == Version::V1).map(|(i, _)| *i).collect();
    if any_v2 && !v1_files.is_empty() {
        let v1_shapes: Vec<String> = origins.iter().filter(|(_, o)| v1_files.contains(&o.file)).map(|(id, _)| id.clone()).collect();
        upgrade_idl_1_members(&mut shapes, &v1_shapes);
    }
    let mut model = Map::new();
    model.insert("smithy".into(), Value::String(if any_v2 || parsed.is_empty() { "2.0" } else { "1.0" }.into()));
    if !metadata.is_empty() {
        model.insert("metadata".into(), Value::Object(metadata));
    }
    model.insert("shapes".into(), Value::Object(shapes));
    let mut model = Value::Object(model);
    let exact_numbers = exact::settle(&mut model);
    unresolved.sort_by_key(|u| (u.spot.file, u.spot.line, u.spot.column));
    Ok(Loaded { model, sources: map, uses: use_sites, exact_numbers, unresolved, node_ids })
}

/// Records where the file's members, shape references and `use` statements are, with the
/// placeholders of relative ids replaced by the ids they resolved to.
fn record_sites(map: &mut SourceMap, uses: &mut Vec<(String, Spot)>, file_index: usize, file: &ParsedFile, resolved: &[Option<String>]) {
    let spot = |line, column| Spot { file: file_index, line, column };
    let id_of = |text: &str| match text.strip_prefix(REF_PREFIX) {
        Some(index) => index.parse::<usize>().ok().and_then(|i| resolved.get(i).cloned().flatten()),
        None => Some(text.to_owned()),
    };
    for (member, line, column) in &file.members {
        map.define(member, spot(*line, *column));
    }
    for site in &file.ref_sites {
        let owner = site.owner.as_deref().and_then(id_of);
        if let (Some(owner), Some(target)) = (owner, id_of(&site.text)) {
            map.refer(&owner, &target, spot(site.line, site.column));
        }
    }
    uses.extend(file.use_sites.iter().map(|u| (u.id.clone(), spot(u.line, u.column))));
}

/// The relative shape ids of one file, resolved.
#[derive(Default)]
struct FileRefs {
    /// What each placeholder becomes in the model: the id, or the text of an unquoted node value
    /// naming no shape (`None` after an error).
    values: Vec<Option<String>>,
    /// The shape id each placeholder names, if any.
    ids: Vec<Option<String>>,
    /// Every place an unquoted node value naming no shape is written.
    unresolved: Vec<Unresolved>,
    errors: Vec<IdlError>,
}

/// Resolves the relative shape ids of a file against its `use` statements and the shapes
/// `defined` by the model.
fn resolve_refs(src: &Source, file_index: usize, file: &ParsedFile, defined: &BTreeSet<String>) -> FileRefs {
    let uses: BTreeMap<String, String> = file.uses.iter().cloned().collect();
    let mut out = FileRefs::default();
    for (index, r) in file.refs.iter().enumerate() {
        let (value, id) = match resolve_ref(r, &uses, defined) {
            Ok(Resolved::Id(id)) => (Some(id.clone()), Some(id)),
            Ok(Resolved::Unknown(candidate)) => {
                let placeholder = format!("{REF_PREFIX}{index}");
                let sites = file.ref_sites.iter().filter(|s| s.text == placeholder);
                let spot = |line, column| Spot { file: file_index, line, column };
                let written = |s: &parser::RefSite| Unresolved { written: r.text.clone(), candidate: candidate.clone(), spot: spot(s.line, s.column) };
                out.unresolved.extend(sites.map(written));
                (Some(r.text.clone()), None)
            }
            Err(msg) => {
                out.errors.push(src.error(r.line, r.column, msg));
                (None, None)
            }
        };
        out.values.push(value);
        out.ids.push(id);
    }
    out
}

/// What a relative shape id stands for.
enum Resolved {
    /// A shape (or member) id.
    Id(String),
    /// Nothing: an unquoted node value naming no shape; the id it would be in its namespace.
    Unknown(String),
}

fn resolve_ref(r: &RawRef, uses: &BTreeMap<String, String>, defined: &BTreeSet<String>) -> Result<Resolved, String> {
    let (base, member) = match r.text.split_once('$') {
        Some((b, m)) => (b, format!("${m}")),
        None => (r.text.as_str(), String::new()),
    };
    if base.contains('.') {
        return Err(format!("Shape id `{}` has a namespace but no `#`", r.text));
    }
    if let Some(abs) = uses.get(base) {
        return Ok(Resolved::Id(format!("{abs}{member}")));
    }
    let local = format!("{}#{base}", r.namespace.as_deref().unwrap_or("smithy.api"));
    if r.namespace.is_some() && defined.contains(&local) {
        return Ok(Resolved::Id(format!("{local}{member}")));
    }
    if let Some(p) = prelude::prelude_id(base) {
        return Ok(Resolved::Id(format!("{p}{member}")));
    }
    match (r.kind, &r.namespace) {
        (RefKind::Target, Some(_)) => Ok(Resolved::Id(format!("{local}{member}"))),
        _ if known_shapes::is_known(&local) => Ok(Resolved::Id(format!("{local}{member}"))),
        (RefKind::Node, _) => Ok(Resolved::Unknown(format!("{local}{member}"))),
        (RefKind::Target, None) => Err(format!("Shape id `{}` is not in a namespace", r.text)),
    }
}

/// Replaces placeholder strings and object keys by the ids they stand for.
fn replace_refs(value: &mut Value, resolved: &[Option<String>], depth: usize) {
    if depth > parser::MAX_DEPTH + 8 {
        return;
    }
    let lookup = |s: &str| -> Option<String> {
        let index: usize = s.strip_prefix(REF_PREFIX)?.parse().ok()?;
        resolved.get(index).cloned().flatten()
    };
    match value {
        Value::String(s) => {
            if let Some(id) = lookup(s) {
                *s = id;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_refs(v, resolved, depth + 1)),
        Value::Object(map) => {
            let old = std::mem::take(map);
            for (k, mut v) in old {
                replace_refs(&mut v, resolved, depth + 1);
                let k = lookup(&k).unwrap_or(k);
                match map.get_mut(&k) {
                    Some(existing) => {
                        let _ = merge_trait_value(existing, v);
                    }
                    None => {
                        map.insert(k, v);
                    }
                }
            }
        }
        _ => {}
    }
}

fn has_trait(shape: &Value, id: &str) -> bool {
    shape.get("traits").and_then(|t| t.get(id)).is_some()
}

fn merge_metadata(metadata: &mut Map<String, Value>, key: String, value: Value) -> Result<(), String> {
    match metadata.get_mut(&key) {
        None => {
            metadata.insert(key, value);
            Ok(())
        }
        Some(Value::Array(existing)) => match value {
            Value::Array(more) => {
                existing.extend(more);
                Ok(())
            }
            _ => Err(format!("Metadata conflict for key `{key}`")),
        },
        Some(existing) if *existing == value => Ok(()),
        Some(_) => Err(format!("Metadata conflict for key `{key}`")),
    }
}

/// Merges a trait value into an existing one: lists concatenate, equal values agree.
fn merge_trait_value(existing: &mut Value, value: Value) -> Result<(), String> {
    match (existing, value) {
        (Value::Array(a), Value::Array(b)) => {
            a.extend(b);
            Ok(())
        }
        (e, v) if *e == v => Ok(()),
        (e, v) if v.as_str() == Some(ANNOTATION) || e.as_str() == Some(ANNOTATION) => {
            if e.as_str() == Some(ANNOTATION) {
                *e = v;
            }
            Ok(())
        }
        _ => Err("conflicting values".into()),
    }
}

fn merge_traits(target: &mut Map<String, Value>, traits: Map<String, Value>) -> Result<(), String> {
    for (k, v) in traits {
        match target.get_mut(&k) {
            Some(existing) => merge_trait_value(existing, v).map_err(|_| format!("Conflicting values for trait `{k}`"))?,
            None => {
                target.insert(k, v);
            }
        }
    }
    Ok(())
}

/// The member `name` of a shape body, wherever its kind keeps members.
fn member_of<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if let Some(m) = body.get("members").and_then(|m| m.get(name)) {
        return Some(m);
    }
    if matches!(name, "member" | "key" | "value") && body.get("type").and_then(Value::as_str) != Some("structure") {
        return body.get(name);
    }
    None
}

fn member_of_mut<'a>(body: &'a mut Map<String, Value>, name: &str) -> Option<&'a mut Value> {
    let in_members = body.get("members").and_then(|m| m.get(name)).is_some();
    if in_members {
        return body.get_mut("members").and_then(|m| m.get_mut(name));
    }
    if matches!(name, "member" | "key" | "value") && body.get("type").and_then(Value::as_str) != Some("structure") {
        return body.get_mut(name);
    }
    None
}

fn mixin_ids(body: &Map<String, Value>) -> Vec<String> {
    body.get("mixins")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|m| m.get("target").and_then(Value::as_str).map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// A member inherited through the mixins of `id`: its target and traits (closest mixin's own
/// traits over those it inherits).
fn inherited_member(shapes: &Map<String, Value>, id: &str, name: &str, depth: usize) -> Option<(String, Map<String, Value>)> {
    let mut budget = SEARCH_BUDGET;
    inherited_member_in(shapes, id, name, depth, &mut budget)
}

/// How many shapes one search through mixins may visit (mixin graphs can be cyclic or diamonds).
const SEARCH_BUDGET: usize = 4096;

fn inherited_member_in(
    shapes: &Map<String, Value>,
    id: &str,
    name: &str,
    depth: usize,
    budget: &mut usize,
) -> Option<(String, Map<String, Value>)> {
    if depth > parser::MAX_DEPTH || *budget == 0 {
        return None;
    }
    *budget -= 1;
    let body = shapes.get(id)?.as_object()?;
    for mixin in mixin_ids(body) {
        let Some(mbody) = shapes.get(&mixin).and_then(Value::as_object) else { continue };
        let own = member_of(mbody, name);
        let deeper = inherited_member_in(shapes, &mixin, name, depth + 1, budget);
        let own_target = own.and_then(|m| m.get("target")).and_then(Value::as_str).filter(|t| *t != ELIDED);
        let own_traits = own.and_then(|m| m.get("traits")).and_then(Value::as_object).cloned().unwrap_or_default();
        match (own, deeper) {
            (Some(_), Some((target, mut traits))) => {
                for (k, v) in own_traits {
                    traits.insert(k, v);
                }
                return Some((own_target.map(str::to_owned).unwrap_or(target), traits));
            }
            (Some(_), None) => {
                if let Some(t) = own_target {
                    return Some((t.to_owned(), own_traits));
                }
            }
            (None, Some(found)) => return Some(found),
            (None, None) => {}
        }
    }
    None
}

/// The target of identifier or property `name` of the resource `id`.
fn resource_member(shapes: &Map<String, Value>, id: &str, name: &str) -> Result<Option<String>, String> {
    let Some(body) = shapes.get(id).and_then(Value::as_object) else { return Ok(None) };
    if body.get("type").and_then(Value::as_str) != Some("resource") {
        let kind = body.get("type").and_then(Value::as_str).unwrap_or("unknown");
        return Err(format!("The target of the `for` production must be a resource shape, but found a {kind} shape: {id}"));
    }
    for key in ["identifiers", "properties"] {
        if let Some(t) = body.get(key).and_then(|m| m.get(name)).and_then(|m| m.get("target")).and_then(Value::as_str) {
            return Ok(Some(t.to_owned()));
        }
    }
    Ok(None)
}

/// Gives elided members their targets and checks members redefined over mixins.
fn complete_members(shapes: &mut Map<String, Value>, id: &str) -> Result<(), String> {
    let Some(body) = shapes.get(id).and_then(Value::as_object) else { return Ok(()) };
    check_mixins(shapes, id, body)?;
    let resource = body.get(FOR_KEY).and_then(Value::as_str).map(str::to_owned);
    let mut names: Vec<String> = body.get("members").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
    if body.get("type").and_then(Value::as_str) != Some("structure") {
        for n in ["member", "key", "value"] {
            if body.contains_key(n) {
                names.push(n.to_owned());
            }
        }
    }
    let mut updates: Vec<(String, Option<Value>)> = Vec::new();
    for name in names {
        let Some(member) = member_of(body, &name) else { continue };
        let target = member.get("target").and_then(Value::as_str).unwrap_or("");
        let local_traits = member.get("traits").and_then(Value::as_object).cloned().unwrap_or_default();
        let inherited = inherited_member(shapes, id, &name, 0);
        if target != ELIDED {
            if let Some((t, _)) = &inherited {
                if t != target {
                    return Err(format!("{id}${name}: Member conflicts with an inherited mixin member with target `{t}`"));
                }
            }
            continue;
        }
        let from_resource = match &resource {
            Some(r) => resource_member(shapes, r, &name)?,
            None => None,
        };
        if let (Some((mt, _)), Some(rt)) = (&inherited, &from_resource) {
            if mt != rt {
                return Err(format!("{id}${name}: Member conflicts with an inherited mixin member with target `{mt}`"));
            }
        }
        if let Some((t, mut traits)) = inherited {
            if local_traits.is_empty() {
                updates.push((name, None));
            } else {
                for (k, v) in local_traits {
                    traits.insert(k, v);
                }
                let mut m = Map::new();
                m.insert("target".into(), Value::String(t));
                m.insert("traits".into(), Value::Object(traits));
                updates.push((name, Some(Value::Object(m))));
            }
            continue;
        }
        let Some(t) = from_resource else {
            return Err(format!(
                "{id}${name}: Member target was elided, but no bound resource or mixin contained a matching identifier or member name."
            ));
        };
        let mut m = Map::new();
        m.insert("target".into(), Value::String(t));
        if !local_traits.is_empty() {
            m.insert("traits".into(), Value::Object(local_traits));
        }
        updates.push((name, Some(Value::Object(m))));
    }
    let Some(body) = shapes.get_mut(id).and_then(Value::as_object_mut) else { return Ok(()) };
    for (name, value) in updates {
        match value {
            Some(v) => {
                if let Some(slot) = member_of_mut(body, &name) {
                    *slot = v;
                }
            }
            None => {
                if let Some(Value::Object(members)) = body.get_mut("members") {
                    if members.contains_key(&name) {
                        members.shift_remove(&name);
                        continue;
                    }
                }
                body.shift_remove(&name);
            }
        }
    }
    Ok(())
}

/// Adds the traits of an `apply` statement to its target.
fn apply_traits(shapes: &mut Map<String, Value>, target: &str, traits: Map<String, Value>) -> Result<(), String> {
    let (shape_id, member) = match target.split_once('$') {
        Some((s, m)) => (s, Some(m)),
        None => (target, None),
    };
    let defined = shapes.get(shape_id).is_some_and(|s| s.get("type").and_then(Value::as_str) != Some("apply"));
    if !defined {
        let entry = shapes.entry(target.to_owned()).or_insert_with(|| {
            let mut m = Map::new();
            m.insert("type".into(), Value::String("apply".into()));
            Value::Object(m)
        });
        let Some(entry) = entry.as_object_mut() else { return Ok(()) };
        let existing = entry.entry("traits").or_insert_with(|| Value::Object(Map::new()));
        if let Some(existing) = existing.as_object_mut() {
            merge_traits(existing, traits)?;
        }
        return Ok(());
    }
    let inherited = member.and_then(|m| inherited_member(shapes, shape_id, m, 0));
    let Some(body) = shapes.get_mut(shape_id).and_then(Value::as_object_mut) else { return Ok(()) };
    let slot = match member {
        None => body,
        Some(m) => {
            if member_of_mut(body, m).is_none() {
                if inherited.is_none() {
                    return Err(format!("Cannot apply traits to `{target}`: the member does not exist"));
                }
                // Completed from the mixins later, like an elided member.
                let mut new_member = Map::new();
                new_member.insert("target".into(), Value::String(ELIDED.into()));
                let ty = body.get("type").and_then(Value::as_str).unwrap_or("");
                if matches!(ty, "list" | "set" | "map") {
                    body.insert(m.to_owned(), Value::Object(new_member));
                } else if let Value::Object(members) = body.entry("members").or_insert_with(|| Value::Object(Map::new())) {
                    members.insert(m.to_owned(), Value::Object(new_member));
                }
            }
            match member_of_mut(body, m).and_then(Value::as_object_mut) {
                Some(slot) => slot,
                None => return Ok(()),
            }
        }
    };
    let existing = slot.entry("traits").or_insert_with(|| Value::Object(Map::new()));
    if let Some(existing) = existing.as_object_mut() {
        merge_traits(existing, traits)?;
    }
    Ok(())
}

fn fill_traits(traits: &mut Value, list_traits: &BTreeSet<String>) {
    let Some(map) = traits.as_object_mut() else { return };
    for (k, v) in map.iter_mut() {
        if v.as_str() == Some(ANNOTATION) {
            *v = if list_traits.contains(k) || prelude::is_list_trait(k) { Value::Array(Vec::new()) } else { Value::Object(Map::new()) };
        }
    }
}

fn fill_annotations(shape: &mut Value, list_traits: &BTreeSet<String>) {
    let Some(body) = shape.as_object_mut() else { return };
    if let Some(t) = body.get_mut("traits") {
        fill_traits(t, list_traits);
    }
    for key in ["member", "key", "value"] {
        if let Some(t) = body.get_mut(key).and_then(|m| m.get_mut("traits")) {
            fill_traits(t, list_traits);
        }
    }
    if let Some(Value::Object(members)) = body.get_mut("members") {
        for m in members.values_mut() {
            if let Some(t) = m.get_mut("traits") {
                fill_traits(t, list_traits);
            }
        }
    }
}

/// Mixins must have the type of the shape using them; operation and resource mixins may not
/// define input, output or properties.
fn check_mixins(shapes: &Map<String, Value>, id: &str, body: &Map<String, Value>) -> Result<(), String> {
    let ty = body.get("type").and_then(Value::as_str).unwrap_or("");
    let wrong: Vec<String> = mixin_ids(body)
        .into_iter()
        .filter(|m| shapes.get(m).and_then(|s| s.get("type")).and_then(Value::as_str).is_some_and(|t| t != ty))
        .map(|m| format!("`{m}`"))
        .collect();
    if !wrong.is_empty() {
        return Err(format!(
            "Mixins may only be mixed into shapes of the same type. The following mixins were applied to the {ty} shape `{id}` which are not {ty} shapes: [{}]",
            wrong.join(", ")
        ));
    }
    if has_trait(&Value::Object(body.clone()), "smithy.api#mixin") {
        let unit = |k: &str| body.get(k).and_then(|v| v.get("target")).and_then(Value::as_str).is_none_or(|t| t == "smithy.api#Unit");
        if ty == "operation" && !(unit("input") && unit("output")) {
            return Err(format!(
                "Operation shapes with the mixin trait MUST target `smithy.api#Unit` for their input and output. Operation mixin shape `{id}` defines one or both of these properties."
            ));
        }
        let non_empty = |k: &str| body.get(k).and_then(Value::as_object).is_some_and(|p| !p.is_empty());
        let has_properties = non_empty("properties") || non_empty("identifiers");
        if ty == "resource" && has_properties {
            return Err(format!(
                "Resource shapes with the mixin trait may not define any properties. Resource mixin shape `{id}` defines one or more properties."
            ));
        }
    }
    // Two mixins may not bring members of the same name with different targets.
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    for mixin in mixin_ids(body) {
        let mut names: Vec<String> = Vec::new();
        if let Some(mbody) = shapes.get(&mixin).and_then(Value::as_object) {
            if let Some(m) = mbody.get("members").and_then(Value::as_object) {
                names.extend(m.keys().cloned());
            }
            for n in ["member", "key", "value"] {
                if mbody.contains_key(n) && ty != "structure" {
                    names.push(n.to_owned());
                }
            }
        }
        let mut budget = SEARCH_BUDGET;
        collect_inherited_names(shapes, &mixin, &mut names, 0, &mut budget);
        for name in names {
            let Some((target, _)) = inherited_member_via(shapes, &mixin, &name) else { continue };
            match seen.get(&name) {
                Some((other, from)) if *other != target && *from != mixin => {
                    return Err(format!("{id}${name}: Member conflicts with an inherited mixin member: `{mixin}${name}`"));
                }
                Some(_) => {}
                None => {
                    seen.insert(name, (target, mixin.clone()));
                }
            }
        }
    }
    Ok(())
}

/// The names of all members `id` inherits through its mixins.
fn collect_inherited_names(shapes: &Map<String, Value>, id: &str, out: &mut Vec<String>, depth: usize, budget: &mut usize) {
    if depth > parser::MAX_DEPTH || *budget == 0 {
        return;
    }
    *budget -= 1;
    let Some(body) = shapes.get(id).and_then(Value::as_object) else { return };
    for mixin in mixin_ids(body) {
        if let Some(m) = shapes.get(&mixin).and_then(|s| s.get("members")).and_then(Value::as_object) {
            for k in m.keys() {
                if !out.contains(k) {
                    out.push(k.clone());
                }
            }
        }
        collect_inherited_names(shapes, &mixin, out, depth + 1, budget);
    }
}

/// Member `name` as the shape `id` itself has it or inherits it.
fn inherited_member_via(shapes: &Map<String, Value>, id: &str, name: &str) -> Option<(String, Map<String, Value>)> {
    let body = shapes.get(id).and_then(Value::as_object)?;
    let own = member_of(body, name);
    if let Some(t) = own.and_then(|m| m.get("target")).and_then(Value::as_str).filter(|t| *t != ELIDED) {
        return Some((t.to_owned(), Map::new()));
    }
    inherited_member(shapes, id, name, 0)
}

/// The zero `@default` a 1.0 member targeting `target` gets in 2.0, if the target is a
/// primitive (an unboxed number or boolean).
fn primitive_zero(shapes: &Map<String, Value>, target: &str) -> Option<Value> {
    let zero = |ty: &str| if ty == "boolean" { Value::Bool(false) } else { Value::Number(0.into()) };
    if let Some(name) = target.strip_prefix("smithy.api#Primitive") {
        return Some(zero(&name.to_ascii_lowercase()));
    }
    if target.starts_with("smithy.api#") {
        return None;
    }
    let shape = shapes.get(target)?;
    let ty = shape.get("type").and_then(Value::as_str)?;
    let numeric = matches!(ty, "boolean" | "byte" | "short" | "integer" | "long" | "float" | "double");
    (numeric && !has_trait(shape, "smithy.api#box")).then(|| zero(ty))
}

/// Gives the structure members of 1.0 files that target primitives their zero `@default`.
fn upgrade_idl_1_members(shapes: &mut Map<String, Value>, v1_shapes: &[String]) {
    let mut updates: Vec<(String, String, Value)> = Vec::new();
    for id in v1_shapes {
        let Some(shape) = shapes.get(id) else { continue };
        if shape.get("type").and_then(Value::as_str) != Some("structure") {
            continue;
        }
        let Some(members) = shape.get("members").and_then(Value::as_object) else { continue };
        for (name, member) in members {
            if has_trait(member, "smithy.api#box") || has_trait(member, "smithy.api#default") {
                continue;
            }
            let Some(target) = member.get("target").and_then(Value::as_str) else { continue };
            if let Some(zero) = primitive_zero(shapes, target) {
                updates.push((id.clone(), name.clone(), zero));
            }
        }
    }
    for (id, name, zero) in updates {
        let member = shapes.get_mut(&id).and_then(|s| s.get_mut("members")).and_then(|m| m.get_mut(&name));
        let Some(member) = member.and_then(Value::as_object_mut) else { continue };
        if let Some(traits) = member.entry("traits").or_insert_with(|| Value::Object(Map::new())).as_object_mut() {
            traits.insert("smithy.api#default".into(), zero);
        }
    }
}
