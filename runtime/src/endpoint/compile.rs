//! Reading a rule set's JSON into rules that evaluate without names: parameters and assigned
//! variables live in numbered slots, templates are split once, functions are an enum.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use super::value::Value;
use super::{ParamKind, ParamSpec, ParamValue, RuleSet, RulesError};

/// The index of a parameter or variable.
pub(crate) type Slot = usize;

/// A step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PathStep {
    Field(String),
    /// An element: from the start, or from the end when negative (`[-1]` is the last).
    Index(i64),
}

/// A piece of a template string.
#[derive(Debug)]
pub(crate) enum Part {
    Text(String),
    Value(Expr),
}

/// The functions of the rules language that the rule sets use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Split,
    Coalesce,
    Ite,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

/// An expression.
#[derive(Debug)]
pub(crate) enum Expr {
    Literal(Value),
    Template(Vec<Part>),
    Ref(Slot),
    GetAttr(Box<Expr>, Vec<PathStep>),
    Call(Func, Vec<Expr>),
    Array(Vec<Expr>),
    Record(Vec<(String, Expr)>),
}

/// A condition: an expression that must be `true` or set, maybe bound to a variable.
#[derive(Debug)]
pub(crate) struct Condition {
    pub(crate) expr: Expr,
    pub(crate) assign: Option<Slot>,
}

/// What a rule yields once its conditions hold.
#[derive(Debug)]
pub(crate) enum Outcome {
    Endpoint { url: Expr, properties: Vec<(String, Expr)>, headers: Vec<(String, Vec<Expr>)> },
    Error(Expr),
    Tree(Vec<Rule>),
}

/// One rule.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) conditions: Vec<Condition>,
    pub(crate) outcome: Outcome,
}

fn bad(what: impl Into<String>) -> RulesError {
    RulesError(what.into())
}

/// Names in scope while compiling.
struct Names {
    slots: HashMap<String, Slot>,
    next: Slot,
}

impl Names {
    fn lookup(&self, name: &str) -> Result<Slot, RulesError> {
        self.slots.get(name).copied().ok_or_else(|| bad(format!("`{name}` is neither a parameter nor assigned before use")))
    }

    fn assign(&mut self, name: &str) -> Slot {
        if let Some(slot) = self.slots.get(name) {
            return *slot;
        }
        let slot = self.next;
        self.next += 1;
        self.slots.insert(name.to_owned(), slot);
        slot
    }
}

/// Parses JSON text.
pub(crate) fn parse(text: &str) -> Result<Json, RulesError> {
    serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))
}

/// Reads a whole rule set.
pub(crate) fn rule_set(json: &Json) -> Result<RuleSet, RulesError> {
    let declared = json.get("parameters").and_then(Json::as_object).ok_or_else(|| bad("no `parameters` object"))?;
    let mut params = declared.iter().map(|(name, p)| param(name, p)).collect::<Result<Vec<_>, _>>()?;
    params.sort_by(|a, b| a.name.cmp(&b.name));
    let mut names = Names { slots: params.iter().enumerate().map(|(i, p)| (p.name.clone(), i)).collect(), next: params.len() };
    let rules = json.get("rules").and_then(Json::as_array).ok_or_else(|| bad("no `rules` list"))?;
    let rules = rules.iter().map(|r| rule(r, &mut names)).collect::<Result<Vec<_>, _>>()?;
    Ok(RuleSet { params, decide: super::Decide::Rules(rules), slots: names.next })
}

/// The first result reference; below it are node references.
pub(crate) const RESULT_BASE: i32 = 100_000_000;

/// A binary decision diagram (`smithy.rules#endpointBdd`): conditions, results, and nodes of
/// `[condition, high, low]`, node 0 being the terminal.
#[derive(Debug)]
pub(crate) struct Bdd {
    pub(crate) conditions: Vec<Condition>,
    /// Result `i` (from 1) is `results[i - 1]`; result 0 is "no match".
    pub(crate) results: Vec<Rule>,
    pub(crate) nodes: Vec<[i32; 3]>,
    pub(crate) root: i32,
}

/// Reads a whole `smithy.rules#endpointBdd` value.
pub(crate) fn bdd(json: &Json) -> Result<RuleSet, RulesError> {
    let declared = json.get("parameters").and_then(Json::as_object).ok_or_else(|| bad("no `parameters` object"))?;
    let mut params = declared.iter().map(|(name, p)| param(name, p)).collect::<Result<Vec<_>, _>>()?;
    params.sort_by(|a, b| a.name.cmp(&b.name));
    let mut names = Names { slots: params.iter().enumerate().map(|(i, p)| (p.name.clone(), i)).collect(), next: params.len() };
    let conditions = json.get("conditions").and_then(Json::as_array).ok_or_else(|| bad("no `conditions` list"))?;
    // Every condition may use what any other assigns (the diagram orders them on each path).
    for c in conditions {
        if let Some(name) = c.get("assign").and_then(Json::as_str) {
            names.assign(name);
        }
    }
    let conditions = conditions.iter().map(|c| condition(c, &mut names)).collect::<Result<Vec<_>, _>>()?;
    let results = json.get("results").and_then(Json::as_array).ok_or_else(|| bad("no `results` list"))?;
    let results = results.iter().map(|r| rule(r, &mut names)).collect::<Result<Vec<_>, _>>()?;
    let count = json.get("nodeCount").and_then(Json::as_u64).ok_or_else(|| bad("no `nodeCount`"))?;
    let encoded = json.get("nodes").and_then(Json::as_str).ok_or_else(|| bad("no `nodes` text"))?;
    let bytes = aws_smithy_types::base64::decode(encoded).map_err(|e| bad(format!("`nodes` is not base64: {e}")))?;
    if bytes.len() % 12 != 0 || (bytes.len() / 12) as u64 != count {
        return Err(bad(format!("`nodes` holds {} bytes, not {count} nodes of 12", bytes.len())));
    }
    let int = |b: &[u8]| i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let nodes: Vec<[i32; 3]> = bytes.chunks_exact(12).map(|n| [int(&n[0..4]), int(&n[4..8]), int(&n[8..12])]).collect();
    let root = json.get("root").and_then(Json::as_i64).and_then(|r| i32::try_from(r).ok()).ok_or_else(|| bad("no `root`"))?;
    let valid_ref = |r: i32| match r {
        0 => false,
        1 | -1 => true,
        r if r >= RESULT_BASE => ((r - RESULT_BASE) as usize) <= results.len(),
        r => (r.unsigned_abs() as usize) <= nodes.len(),
    };
    for (i, node) in nodes.iter().enumerate().skip(1) {
        let var_ok = usize::try_from(node[0]).is_ok_and(|v| v < conditions.len());
        if !var_ok || !valid_ref(node[1]) || !valid_ref(node[2]) {
            return Err(bad(format!("node {i} {node:?} refers to a condition, node or result that does not exist")));
        }
    }
    if !valid_ref(root) {
        return Err(bad(format!("the root {root} does not exist")));
    }
    let bdd = Bdd { conditions, results, nodes, root };
    Ok(RuleSet { params, decide: super::Decide::Bdd(bdd), slots: names.next })
}

fn param(name: &str, p: &Json) -> Result<ParamSpec, RulesError> {
    let at = |what: &str| bad(format!("parameter `{name}`: {what}"));
    let kind = match p.get("type").and_then(Json::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("string") => ParamKind::String,
        Some("boolean") => ParamKind::Bool,
        Some("stringarray") => ParamKind::StringArray,
        other => return Err(at(&format!("unknown type {other:?}"))),
    };
    let default = match (p.get("default"), kind) {
        (None | Some(Json::Null), _) => None,
        (Some(Json::String(s)), ParamKind::String) => Some(ParamValue::String(s.clone())),
        (Some(Json::Bool(b)), ParamKind::Bool) => Some(ParamValue::Bool(*b)),
        (Some(Json::Array(items)), ParamKind::StringArray) => Some(ParamValue::StringArray(
            items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<_>>().ok_or_else(|| at("a default item is not a string"))?,
        )),
        (Some(other), _) => return Err(at(&format!("the default {other} does not fit its type"))),
    };
    Ok(ParamSpec {
        name: name.to_owned(),
        kind,
        required: p.get("required").and_then(Json::as_bool).unwrap_or(false),
        default,
        built_in: p.get("builtIn").and_then(Json::as_str).map(str::to_owned),
    })
}

fn rule(r: &Json, names: &mut Names) -> Result<Rule, RulesError> {
    let conditions = match r.get("conditions") {
        None => Vec::new(),
        Some(Json::Array(cs)) => cs.iter().map(|c| condition(c, names)).collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(bad("`conditions` is not a list")),
    };
    let outcome = match r.get("type").and_then(Json::as_str) {
        Some("endpoint") => {
            let e = r.get("endpoint").and_then(Json::as_object).ok_or_else(|| bad("an endpoint rule has no `endpoint`"))?;
            endpoint(e, names)?
        }
        Some("error") => Outcome::Error(expr(r.get("error").ok_or_else(|| bad("an error rule has no `error`"))?, names)?),
        Some("tree") => {
            let rules = r.get("rules").and_then(Json::as_array).ok_or_else(|| bad("a tree rule has no `rules`"))?;
            Outcome::Tree(rules.iter().map(|r| rule(r, names)).collect::<Result<Vec<_>, _>>()?)
        }
        other => return Err(bad(format!("unknown rule type {other:?}"))),
    };
    Ok(Rule { conditions, outcome })
}

fn endpoint(e: &Map<String, Json>, names: &mut Names) -> Result<Outcome, RulesError> {
    let url = expr(e.get("url").ok_or_else(|| bad("an endpoint has no `url`"))?, names)?;
    let mut properties = Vec::new();
    if let Some(Json::Object(props)) = e.get("properties") {
        for (k, v) in props {
            properties.push((k.clone(), expr(v, names)?));
        }
    }
    let mut headers = Vec::new();
    if let Some(Json::Object(hs)) = e.get("headers") {
        for (k, v) in hs {
            let values = v.as_array().ok_or_else(|| bad(format!("header `{k}` is not a list")))?;
            headers.push((k.clone(), values.iter().map(|v| expr(v, names)).collect::<Result<Vec<_>, _>>()?));
        }
    }
    Ok(Outcome::Endpoint { url, properties, headers })
}

fn condition(c: &Json, names: &mut Names) -> Result<Condition, RulesError> {
    if c.get("fn").is_none() {
        return Err(bad(format!("a condition is not a function call: {c}")));
    }
    let expr = expr(c, names)?;
    let assign = match c.get("assign") {
        None => None,
        Some(Json::String(name)) => Some(names.assign(name)),
        Some(other) => return Err(bad(format!("`assign` is not a name: {other}"))),
    };
    Ok(Condition { expr, assign })
}

fn expr(e: &Json, names: &mut Names) -> Result<Expr, RulesError> {
    Ok(match e {
        Json::String(s) => template(s, names)?,
        Json::Bool(b) => Expr::Literal(Value::Bool(*b)),
        Json::Number(n) => Expr::Literal(Value::Int(n.as_i64().ok_or_else(|| bad(format!("{n} is not an integer")))?)),
        Json::Array(items) => Expr::Array(items.iter().map(|i| expr(i, names)).collect::<Result<Vec<_>, _>>()?),
        Json::Object(o) if o.contains_key("ref") => {
            let name = o.get("ref").and_then(Json::as_str).ok_or_else(|| bad("`ref` is not a name"))?;
            Expr::Ref(names.lookup(name)?)
        }
        Json::Object(o) if o.contains_key("fn") => call(o, names)?,
        Json::Object(o) => Expr::Record(o.iter().map(|(k, v)| Ok((k.clone(), expr(v, names)?))).collect::<Result<Vec<_>, RulesError>>()?),
        Json::Null => Expr::Literal(Value::None),
    })
}

fn call(o: &Map<String, Json>, names: &mut Names) -> Result<Expr, RulesError> {
    let name = o.get("fn").and_then(Json::as_str).ok_or_else(|| bad("`fn` is not a name"))?;
    let argv = o.get("argv").and_then(Json::as_array).ok_or_else(|| bad(format!("`{name}` has no `argv` list")))?;
    if name == "getAttr" {
        let [target, Json::String(path)] = argv.as_slice() else {
            return Err(bad("getAttr takes a value and a literal path"));
        };
        return Ok(Expr::GetAttr(Box::new(expr(target, names)?), attr_path(path)?));
    }
    let (func, arity) = match name {
        "isSet" => (Func::IsSet, Some(1)),
        "not" => (Func::Not, Some(1)),
        "booleanEquals" => (Func::BooleanEquals, Some(2)),
        "stringEquals" => (Func::StringEquals, Some(2)),
        "substring" => (Func::Substring, Some(4)),
        "uriEncode" => (Func::UriEncode, Some(1)),
        "parseURL" => (Func::ParseUrl, Some(1)),
        "isValidHostLabel" => (Func::IsValidHostLabel, Some(2)),
        "split" => (Func::Split, Some(3)),
        "coalesce" => (Func::Coalesce, None),
        "ite" => (Func::Ite, Some(3)),
        "aws.partition" => (Func::Partition, Some(1)),
        "aws.parseArn" => (Func::ParseArn, Some(1)),
        "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, Some(2)),
        other => return Err(bad(format!("unknown function `{other}`"))),
    };
    match arity {
        Some(n) if argv.len() != n => return Err(bad(format!("`{name}` takes {n} arguments, not {}", argv.len()))),
        None if argv.is_empty() => return Err(bad(format!("`{name}` needs arguments"))),
        _ => {}
    }
    Ok(Expr::Call(func, argv.iter().map(|a| expr(a, names)).collect::<Result<Vec<_>, _>>()?))
}

/// `a.b[2]` → field `a`, field `b`, index 2.
pub(crate) fn attr_path(path: &str) -> Result<Vec<PathStep>, RulesError> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            steps.push(PathStep::Field(name.to_owned()));
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']').ok_or_else(|| bad(format!("bad path `{path}`")))?;
            steps.push(PathStep::Index(index.parse().map_err(|_| bad(format!("bad index in path `{path}`")))?));
            rest = after.strip_prefix('[').unwrap_or(after);
            if !after.is_empty() && !after.starts_with('[') {
                return Err(bad(format!("bad path `{path}`")));
            }
        }
    }
    if steps.is_empty() {
        return Err(bad("an empty getAttr path"));
    }
    Ok(steps)
}

/// A string literal: plain text, or a template with `{Name}` and `{Name#path}` and the escapes
/// `{{` and `}}`.
fn template(s: &str, names: &mut Names) -> Result<Expr, RulesError> {
    if !s.contains(['{', '}']) {
        return Ok(Expr::Literal(Value::Str(s.to_owned())));
    }
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|(_, c)| *c) == Some('{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek().map(|(_, c)| *c) == Some('}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let end = s[i..].find('}').ok_or_else(|| bad(format!("unclosed `{{` in `{s}`")))? + i;
                let inner = &s[i + 1..end];
                while chars.peek().is_some_and(|(j, _)| *j <= end) {
                    chars.next();
                }
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                let value = match inner.split_once('#') {
                    Some((name, path)) => Expr::GetAttr(Box::new(Expr::Ref(names.lookup(name)?)), attr_path(path)?),
                    None => Expr::Ref(names.lookup(inner)?),
                };
                parts.push(Part::Value(value));
            }
            '}' => return Err(bad(format!("unmatched `}}` in `{s}`"))),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Ok(Expr::Template(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(attr_path("a.b[2]").expect("path"), [PathStep::Field("a".into()), PathStep::Field("b".into()), PathStep::Index(2)]);
        assert_eq!(attr_path("resourceId[1]").expect("path"), [PathStep::Field("resourceId".into()), PathStep::Index(1)]);
        assert!(attr_path("a[x]").is_err());
        assert!(attr_path("").is_err());
    }
}
