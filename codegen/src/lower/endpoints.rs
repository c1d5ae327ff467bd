//! Endpoint rules: the `smithy.rules#endpointRuleSet` parameters, the context parameters
//! operations and inputs supply, and the `smithy.rules#endpointTests` cases.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Ctx;
use crate::ast::{shape_name, Traits};
use crate::diagnostics::Diagnostic;
use crate::ir::{
    ConfigSetting, Crate, EndpointBinding, EndpointExpect, EndpointLiteral, EndpointOperationTest, EndpointParam, EndpointParamKind,
    EndpointRules, EndpointStep, EndpointTest, EndpointTestCase, PathLeaf, RustType, Structure,
};
use crate::{docs, naming};

const RULE_SET: &str = "smithy.rules#endpointRuleSet";
const BDD: &str = "smithy.rules#endpointBdd";
const TESTS: &str = "smithy.rules#endpointTests";
const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
const STATIC_PARAMS: &str = "smithy.rules#staticContextParams";
const OPERATION_PARAMS: &str = "smithy.rules#operationContextParams";

/// Built-ins every client binds from its common settings (the rest get a setter each).
pub const COMMON_BUILT_INS: &[&str] =
    &["AWS::Region", "AWS::UseFIPS", "AWS::UseDualStack", "SDK::Endpoint", "AWS::Auth::AccountId", "AWS::Auth::AccountIdEndpointMode"];

/// The service's endpoint rules, its parameters checked and sorted: the decision diagram
/// (`endpointBdd`, which resolves the same in fewer steps) when the model has one, else the
/// rule set.
pub fn rule_set(service_id: &str, traits: &Traits) -> Result<Option<EndpointRules>, Diagnostic> {
    let Some((trait_id, rules)) = [BDD, RULE_SET].into_iter().find_map(|t| Some((t, traits.get(t)?))) else { return Ok(None) };
    let bad = |why: String| Diagnostic::shape(service_id, format!("`{trait_id}`: {why}"));
    let declared = rules.get("parameters").and_then(Value::as_object).ok_or_else(|| bad("it has no `parameters` object".to_owned()))?;
    let mut params = Vec::new();
    for (name, def) in declared {
        let kind = match def.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
            Some("string") => EndpointParamKind::String,
            Some("boolean") => EndpointParamKind::Bool,
            Some("stringarray") => EndpointParamKind::StringArray,
            other => return Err(bad(format!("parameter `{name}` has the unknown type {other:?}"))),
        };
        let default = match def.get("default") {
            None | Some(Value::Null) => None,
            Some(v) => Some(literal(v).filter(|l| l.kind() == kind).ok_or_else(|| bad(format!("parameter `{name}` has a default of the wrong type")))?),
        };
        let (field, _) = naming::field_name(name);
        params.push(EndpointParam {
            name: name.clone(),
            field,
            accessor: naming::accessor_suffix(name),
            kind,
            built_in: def.get("builtIn").and_then(Value::as_str).map(str::to_owned),
            required: def.get("required").and_then(Value::as_bool).unwrap_or(false),
            default,
            docs: def.get("documentation").and_then(Value::as_str).map(docs::html_doc_lines).unwrap_or_default(),
        });
    }
    params.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = params.windows(2).find(|w| w[0].field == w[1].field) {
        return Err(bad(format!("parameters `{}` and `{}` both map to the field `{}`", pair[0].name, pair[1].name, pair[0].field)));
    }
    let json = serde_json::to_string(&crate::json_text::Sorted(rules)).map_err(|e| bad(format!("cannot be written back as JSON: {e}")))?;
    Ok(Some(EndpointRules { json, params }))
}

/// A parameter value written in the model (a default, a static value, a test's value).
fn literal(v: &Value) -> Option<EndpointLiteral> {
    match v {
        Value::String(s) => Some(EndpointLiteral::String(s.clone())),
        Value::Bool(b) => Some(EndpointLiteral::Bool(*b)),
        Value::Array(items) => items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>().map(EndpointLiteral::StringArray),
        _ => None,
    }
}

/// `smithy.rules#staticContextParams` of an operation, sorted by name.
pub fn static_params(traits: &Traits) -> Vec<(String, EndpointLiteral)> {
    let Some(Value::Object(params)) = traits.get(STATIC_PARAMS) else { return Vec::new() };
    let mut found: Vec<(String, EndpointLiteral)> = params.iter().filter_map(|(name, def)| Some((name.clone(), literal(def.get("value")?)?))).collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The type a path currently points at.
enum At<'a> {
    Struct(&'a Structure),
    List(&'a RustType, bool),
    Map,
    Leaf(PathLeaf),
}

impl Ctx<'_> {
    /// The endpoint parameters each operation input supplies: `@contextParam` members, then
    /// `operationContextParams` paths. A binding that does not fit the rule set or the input is
    /// left out with a warning.
    pub(super) fn bind_endpoint_params(&self, c: &mut Crate) -> Vec<String> {
        let Some(rules) = &c.service.endpoint_rules else { return Vec::new() };
        let mut warnings = Vec::new();
        let mut found: Vec<(usize, Vec<EndpointBinding>)> = Vec::new();
        for op in &c.operations {
            let Some(shape) = self.shapes.get(&op.shape_id) else { continue };
            let input = &c.structures[op.input];
            let mut bindings = Vec::new();
            let mut paths: Vec<(String, String)> = Vec::new();
            let source = shape.input.as_ref().and_then(|r| self.shapes.get(&r.target));
            for (member, def) in source.map(|s| s.members.iter()).into_iter().flatten() {
                if let Some(name) = def.traits.get(CONTEXT_PARAM).and_then(|t| t.get("name")).and_then(Value::as_str) {
                    paths.push((name.to_owned(), member.clone()));
                }
            }
            if let Some(Value::Object(params)) = shape.traits.get(OPERATION_PARAMS) {
                let mut by_name: Vec<(String, String)> =
                    params.iter().filter_map(|(name, def)| Some((name.clone(), def.get("path")?.as_str()?.to_owned()))).collect();
                by_name.sort();
                paths.extend(by_name);
            }
            for (param, path) in paths {
                match bind(c, rules, input, &param, &path) {
                    Ok(b) => bindings.push(b),
                    Err(why) => warnings.push(format!("{}: the endpoint parameter `{param}` (from `{path}`) is not sent: {why}", op.name)),
                }
            }
            found.push((op.input, bindings));
        }
        for (input, bindings) in found {
            c.structures[input].endpoint_bindings = bindings;
        }
        warnings
    }

    /// The `smithy.rules#endpointTests` cases of the service, each runnable or with the reason
    /// it cannot run.
    pub(super) fn endpoint_tests(&self, c: &Crate, skip: &BTreeMap<String, String>) -> Vec<EndpointTest> {
        let Some(rules) = &c.service.endpoint_rules else { return Vec::new() };
        let cases = self.service.traits.get(TESTS).and_then(|t| t.get("testCases")).and_then(Value::as_array);
        let service = shape_name(&c.service.shape_id);
        cases
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, case)| EndpointTest {
                number: i + 1,
                docs: case.get("documentation").and_then(Value::as_str).unwrap_or_default().to_owned(),
                kind: test_case(c, rules, case),
                skip: skip.get(&format!("{service}#{}", i + 1)).cloned(),
            })
            .collect()
    }
}

/// A binding from a `@contextParam` member name or an `operationContextParams` path.
fn bind(c: &Crate, rules: &EndpointRules, input: &Structure, param: &str, path: &str) -> Result<EndpointBinding, String> {
    let kind = rules.params.iter().find(|p| p.name == param).map(|p| p.kind).ok_or("the rule set does not declare it")?;
    let mut parser = PathParser { text: path.as_bytes(), pos: 0, depth: 0 };
    let expr = parser.expr()?;
    if parser.pos != path.len() {
        return Err(format!("the path is not understood from column {}", parser.pos + 1));
    }
    let mut steps = Vec::new();
    let end = walk(c, At::Struct(input), &expr, &mut steps)?;
    let leaf = match end {
        At::Leaf(leaf) => leaf,
        At::List(element, sparse) => {
            steps.push(EndpointStep::Each { sparse });
            leaf_of(element).ok_or("the list's elements are not strings")?
        }
        _ => return Err("the path does not end on a string or boolean".to_owned()),
    };
    let fits = match kind {
        EndpointParamKind::Bool => leaf == PathLeaf::Bool,
        _ => leaf != PathLeaf::Bool,
    };
    if !fits {
        return Err(format!("the value does not fit the parameter type {kind:?}"));
    }
    Ok(EndpointBinding { param: param.to_owned(), kind, path: steps, leaf })
}

fn leaf_of(ty: &RustType) -> Option<PathLeaf> {
    match ty {
        RustType::String => Some(PathLeaf::String),
        RustType::Enum(_) => Some(PathLeaf::Enum),
        RustType::Bool => Some(PathLeaf::Bool),
        _ => None,
    }
}

fn at_type<'a>(c: &'a Crate, ty: &'a RustType) -> Result<At<'a>, String> {
    Ok(match ty {
        RustType::Struct(path) => At::Struct(c.structures.iter().find(|s| s.path == *path).ok_or_else(|| format!("no structure {}", path.name))?),
        RustType::List { element, sparse, .. } => At::List(element, *sparse),
        RustType::Map { .. } => At::Map,
        other => At::Leaf(leaf_of(other).ok_or_else(|| format!("a path cannot go through {other:?}"))?),
    })
}

/// Walks a parsed path over the input's types, writing the steps.
fn walk<'a>(c: &'a Crate, at: At<'a>, expr: &[Term], steps: &mut Vec<EndpointStep>) -> Result<At<'a>, String> {
    let mut at = at;
    for term in expr {
        at = match (term, at) {
            (Term::Field(name), At::Struct(s)) => {
                let m = s.members.iter().find(|m| m.name == *name).ok_or_else(|| format!("`{}` has no member `{name}`", s.path.name))?;
                steps.push(EndpointStep::Field { field: m.field.clone(), optional: m.optional, boxed: m.boxed });
                at_type(c, &m.ty)?
            }
            (Term::Keys(inner), at) => match walk(c, at, inner, steps)? {
                At::Map => {
                    steps.push(EndpointStep::Keys);
                    At::Leaf(PathLeaf::String)
                }
                _ => return Err("`keys()` of something that is not a map".to_owned()),
            },
            (Term::Each, At::List(element, sparse)) => {
                steps.push(EndpointStep::Each { sparse });
                at_type(c, element)?
            }
            (Term::Each, At::Leaf(leaf)) => At::Leaf(leaf),
            (Term::Select(branches), At::Struct(s)) => {
                let mut lowered = Vec::new();
                let mut leaf = None;
                for branch in branches {
                    let mut branch_steps = Vec::new();
                    match walk(c, At::Struct(s), branch, &mut branch_steps)? {
                        At::Leaf(l) if leaf.is_none() || leaf == Some(l) => leaf = Some(l),
                        _ => return Err("the branches of a multi-select must all end on one kind of value".to_owned()),
                    }
                    lowered.push(branch_steps);
                }
                steps.push(EndpointStep::Select(lowered));
                At::Leaf(leaf.ok_or("an empty multi-select")?)
            }
            (term, _) => return Err(format!("{term:?} does not apply here")),
        };
    }
    Ok(at)
}

/// A term of the JMESPath subset `operationContextParams` use.
#[derive(Debug)]
enum Term {
    /// `Name` or `.Name`.
    Field(String),
    /// `keys(expr)`.
    Keys(Vec<Term>),
    /// `[*]` or `[]`.
    Each,
    /// `[a, b]`.
    Select(Vec<Vec<Term>>),
}

struct PathParser<'a> {
    text: &'a [u8],
    pos: usize,
    /// How many `keys(`/`[` the parser is inside.
    depth: usize,
}

/// Deeper paths are refused (the models' deepest is 2).
const MAX_PATH_DEPTH: usize = 16;

impl PathParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.text[self.pos..].starts_with(s.as_bytes());
        if found {
            self.pos += s.len();
        }
        found
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn identifier(&mut self) -> Result<String, String> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(format!("a member name is expected at column {}", start + 1));
        }
        Ok(String::from_utf8_lossy(&self.text[start..self.pos]).into_owned())
    }

    /// `term ('.' term | '[*]' | '[]')*`
    fn expr(&mut self) -> Result<Vec<Term>, String> {
        self.skip_spaces();
        let mut terms = vec![self.term()?];
        loop {
            if self.eat("[*]") || self.eat("[]") {
                terms.push(Term::Each);
            } else if self.eat(".") {
                terms.push(self.term()?);
            } else {
                break;
            }
        }
        self.skip_spaces();
        Ok(terms)
    }

    fn term(&mut self) -> Result<Term, String> {
        if self.depth >= MAX_PATH_DEPTH {
            return Err(format!("the path nests deeper than {MAX_PATH_DEPTH} levels"));
        }
        self.depth += 1;
        let term = self.nested_term();
        self.depth -= 1;
        term
    }

    fn nested_term(&mut self) -> Result<Term, String> {
        if self.eat("keys(") {
            let inner = self.expr()?;
            return if self.eat(")") { Ok(Term::Keys(inner)) } else { Err(format!("`)` is expected at column {}", self.pos + 1)) };
        }
        if self.eat("[") {
            let mut branches = vec![self.expr()?];
            while self.eat(",") {
                branches.push(self.expr()?);
            }
            return if self.eat("]") { Ok(Term::Select(branches)) } else { Err(format!("`]` is expected at column {}", self.pos + 1)) };
        }
        self.identifier().map(Term::Field)
    }
}

fn test_case(c: &Crate, rules: &EndpointRules, case: &Value) -> Result<EndpointTestCase, String> {
    let mut params = Vec::new();
    for (name, value) in case.get("params").and_then(Value::as_object).into_iter().flatten() {
        let index = rules.params.iter().position(|p| p.name == *name).ok_or_else(|| format!("the rule set does not declare `{name}`"))?;
        let value = literal(value).filter(|v| v.kind() == rules.params[index].kind).ok_or_else(|| format!("`{name}` has a value of the wrong type"))?;
        params.push((index, value));
    }
    params.sort_by_key(|(i, _)| *i);
    let expect = expect(case.get("expect").ok_or("the case has no `expect`")?)?;
    let mut operations = Vec::new();
    for input in case.get("operationInputs").and_then(Value::as_array).into_iter().flatten() {
        operations.push(operation_test(c, rules, input)?);
    }
    Ok(EndpointTestCase { params, expect, operations })
}

fn expect(v: &Value) -> Result<EndpointExpect, String> {
    if let Some(message) = v.get("error").and_then(Value::as_str) {
        return Ok(EndpointExpect::Error(message.to_owned()));
    }
    let endpoint = v.get("endpoint").ok_or("`expect` has neither `endpoint` nor `error`")?;
    let url = endpoint.get("url").and_then(Value::as_str).ok_or("the expected endpoint has no `url`")?.to_owned();
    let mut headers = Vec::new();
    for (name, values) in endpoint.get("headers").and_then(Value::as_object).into_iter().flatten() {
        let values = values.as_array().map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect()).unwrap_or_default();
        headers.push((name.clone(), values));
    }
    headers.sort();
    let properties = match endpoint.get("properties") {
        Some(p) => serde_json::to_string(&crate::json_text::Sorted(p)).map_err(|e| e.to_string())?,
        None => "{}".to_owned(),
    };
    Ok(EndpointExpect::Endpoint { url, headers, properties })
}

fn operation_test(c: &Crate, rules: &EndpointRules, input: &Value) -> Result<EndpointOperationTest, String> {
    let name = input.get("operationName").and_then(Value::as_str).ok_or("an operation input has no `operationName`")?;
    let operation = c.operations.iter().position(|op| op.name == name).ok_or_else(|| format!("operation `{name}` is not in the generated client"))?;
    let mut config = Vec::new();
    for (built_in, value) in input.get("builtInParams").and_then(Value::as_object).into_iter().flatten() {
        config.push(built_in_setting(c, rules, built_in, value)?);
    }
    for (param, value) in input.get("clientParams").and_then(Value::as_object).into_iter().flatten() {
        config.push(context_setting(c, param, value)?);
    }
    config.sort_by_key(|s| format!("{s:?}"));
    let path = &c.structures[c.operations[operation].input].path;
    let input = super::protocol_tests::struct_value(c, path, input.get("operationParams").unwrap_or(&Value::Null))?;
    Ok(EndpointOperationTest { operation, config, input })
}

fn built_in_setting(c: &Crate, rules: &EndpointRules, built_in: &str, value: &Value) -> Result<ConfigSetting, String> {
    let wrong = || format!("the built-in `{built_in}` has a value of the wrong type");
    let text = || value.as_str().map(str::to_owned).ok_or_else(wrong);
    let flag = || value.as_bool().ok_or_else(wrong);
    Ok(match built_in {
        "AWS::Region" => ConfigSetting::Region(text()?),
        "AWS::UseFIPS" => ConfigSetting::UseFips(flag()?),
        "AWS::UseDualStack" => ConfigSetting::UseDualStack(flag()?),
        "SDK::Endpoint" => ConfigSetting::EndpointUrl(text()?),
        "AWS::Auth::AccountId" => ConfigSetting::AccountId(text()?),
        "AWS::Auth::AccountIdEndpointMode" => ConfigSetting::AccountIdEndpointMode(text()?),
        other => {
            let param = rules.params.iter().find(|p| p.built_in.as_deref() == Some(other)).ok_or_else(|| format!("no parameter is bound to the built-in `{other}`"))?;
            context_setting(c, &param.name, value)?
        }
    })
}

fn context_setting(c: &Crate, param: &str, value: &Value) -> Result<ConfigSetting, String> {
    let p = c.service.context_params.iter().find(|p| p.name == param).ok_or_else(|| format!("the config has no setting for `{param}`"))?;
    let value = literal(value)
        .filter(|v| matches!((v, p.boolean), (EndpointLiteral::Bool(_), true) | (EndpointLiteral::String(_), false)))
        .ok_or_else(|| format!("`{param}` has a value of the wrong type"))?;
    Ok(ConfigSetting::Context { setter: p.setter.clone(), value })
}

/// Config settings for the rule set's service-specific built-ins (`AWS::STS::UseGlobalEndpoint`)
/// that no client context parameter already sets.
pub fn built_in_settings(rules: Option<&EndpointRules>, existing: &[crate::ir::ContextParam]) -> Vec<crate::ir::ContextParam> {
    let params = rules.map(|r| r.params.as_slice()).unwrap_or_default();
    params
        .iter()
        .filter(|p| p.built_in.as_deref().is_some_and(|b| !COMMON_BUILT_INS.contains(&b)))
        .filter(|p| p.kind != EndpointParamKind::StringArray && !existing.iter().any(|e| e.name == p.name))
        .map(|p| crate::ir::ContextParam {
            name: p.name.clone(),
            setter: p.field.clone(),
            boolean: p.kind == EndpointParamKind::Bool,
            docs: p.docs.clone(),
        })
        .collect()
}
