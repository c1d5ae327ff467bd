//! Endpoint resolution the way the AWS SDKs do it: a model's `smithy.rules#endpointRuleSet`,
//! read once into a compact form ([`RuleSet`]), evaluated against the parameters of each call
//! (region, FIPS, dual-stack, the configured endpoint, the service's own built-ins, context
//! parameters from the input).
//!
//! A generated crate embeds its rule set as JSON text in a [`LazyRules`] static; the first call
//! that needs it parses it. The result is an [`Endpoint`]: its URL, headers to add, and
//! properties (`authSchemes` says how to sign).

pub(crate) mod aws;
pub use aws::{use_partitions_json, PARTITIONS_FILE_VARIABLE};
mod compile;
mod eval;
mod functions;
pub(crate) mod partitions;
mod value;

use std::fmt;
use std::sync::OnceLock;

pub use aws_smithy_types::endpoint::Endpoint;

use compile::Rule;

/// The value of a rule-set parameter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ParamValue {
    /// A `string` parameter.
    String(String),
    /// A `boolean` parameter.
    Bool(bool),
    /// A `stringArray` parameter.
    StringArray(Vec<String>),
}

impl From<&str> for ParamValue {
    fn from(s: &str) -> Self {
        ParamValue::String(s.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(s: String) -> Self {
        ParamValue::String(s)
    }
}

impl From<bool> for ParamValue {
    fn from(b: bool) -> Self {
        ParamValue::Bool(b)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(v: Vec<String>) -> Self {
        ParamValue::StringArray(v)
    }
}

/// The type a parameter is declared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// `string`.
    String,
    /// `boolean`.
    Bool,
    /// `stringArray`.
    StringArray,
}

/// One declared parameter.
#[derive(Clone, Debug)]
pub struct ParamSpec {
    /// Its name in the rule set (`Region`).
    pub name: String,
    /// Its type.
    pub kind: ParamKind,
    /// Whether resolution fails without a value.
    pub required: bool,
    /// The value used when none is given.
    pub default: Option<ParamValue>,
    /// The built-in the SDK binds it to (`AWS::Region`), if any.
    pub built_in: Option<String>,
}

/// A rule set that cannot be used: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesError(String);

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid endpoint rule set: {}", self.0)
    }
}

impl std::error::Error for RulesError {}

/// Resolution failed: an error rule matched (its message), no rule matched, or a parameter is
/// missing or has the wrong type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveEndpointError {
    message: String,
}

impl ResolveEndpointError {
    /// An error with this message.
    pub fn message(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    /// The message (for an error rule, exactly the rule's text).
    pub fn text(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "endpoint resolution failed: {}", self.message)
    }
}

impl std::error::Error for ResolveEndpointError {}

/// A parsed rule set: parameters sorted by name, and the rules compiled to use numbered slots
/// instead of names.
#[derive(Debug)]
pub struct RuleSet {
    params: Vec<ParamSpec>,
    decide: Decide,
    slots: usize,
}

/// How a rule set decides: a list of rules (`endpointRuleSet`) or a decision diagram
/// (`endpointBdd`).
#[derive(Debug)]
enum Decide {
    Rules(Vec<Rule>),
    Bdd(compile::Bdd),
}

impl RuleSet {
    /// Reads a rule set from its JSON text (the value of the `smithy.rules#endpointRuleSet`
    /// trait).
    pub fn from_json(text: &str) -> Result<RuleSet, RulesError> {
        compile::rule_set(&compile::parse(text)?)
    }

    /// Reads a decision diagram from its JSON text (the value of the `smithy.rules#endpointBdd`
    /// trait); it resolves exactly as the rule set it was made from.
    pub fn from_bdd_json(text: &str) -> Result<RuleSet, RulesError> {
        compile::bdd(&compile::parse(text)?)
    }

    /// Reads either form: a value with `nodes` is a decision diagram, else a rule set.
    pub fn from_any_json(text: &str) -> Result<RuleSet, RulesError> {
        let json = compile::parse(text)?;
        if json.get("nodes").is_some() {
            compile::bdd(&json)
        } else {
            compile::rule_set(&json)
        }
    }

    /// The declared parameters, sorted by name.
    pub fn params(&self) -> &[ParamSpec] {
        &self.params
    }

    /// The index of a parameter in [`RuleSet::params`].
    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params.binary_search_by(|p| p.name.as_str().cmp(name)).ok()
    }

    /// Resolves the endpoint for these values, given in [`RuleSet::params`] order (`None`:
    /// unset; a default then applies). Values of the wrong type are an error.
    pub fn resolve(&self, values: &[Option<ParamValue>]) -> Result<Endpoint, ResolveEndpointError> {
        let mut slots: Vec<value::Value> = vec![value::Value::None; self.slots];
        for (i, spec) in self.params.iter().enumerate() {
            let given = values.get(i).cloned().flatten().or_else(|| spec.default.clone());
            let v = match given {
                None if spec.required => {
                    return Err(ResolveEndpointError::message(format!("the required parameter `{}` is not set", spec.name)))
                }
                None => value::Value::None,
                Some(v) => value::Value::from_param(v, spec)?,
            };
            slots[i] = v;
        }
        match &self.decide {
            Decide::Rules(rules) => eval::rules(rules, &mut slots),
            Decide::Bdd(bdd) => eval::bdd(bdd, &mut slots),
        }
    }

    /// Resolves from `(name, value)` pairs; names the rule set does not declare are ignored.
    pub fn resolve_named(&self, values: &[(&str, Option<ParamValue>)]) -> Result<Endpoint, ResolveEndpointError> {
        let mut ordered = vec![None; self.params.len()];
        for (name, value) in values {
            if let Some(i) = self.param_index(name) {
                ordered[i] = value.clone();
            }
        }
        self.resolve(&ordered)
    }
}

/// A rule set kept as JSON text until first used (one `static` per generated crate).
#[derive(Debug)]
pub struct LazyRules {
    json: &'static str,
    parsed: OnceLock<Result<RuleSet, RulesError>>,
}

impl LazyRules {
    /// Holds the rule set's JSON text.
    pub const fn new(json: &'static str) -> Self {
        Self { json, parsed: OnceLock::new() }
    }

    /// The parsed rule set (parsed on the first call).
    pub fn get(&self) -> Result<&RuleSet, &RulesError> {
        self.parsed.get_or_init(|| RuleSet::from_any_json(self.json)).as_ref()
    }
}

/// A parameter value fixed by an operation (`smithy.rules#staticContextParams`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaticParam {
    /// A string.
    String(&'static str),
    /// A boolean.
    Bool(bool),
    /// A list of strings.
    StringArray(&'static [&'static str]),
}

impl StaticParam {
    /// The owned value.
    pub fn value(self) -> ParamValue {
        match self {
            StaticParam::String(s) => ParamValue::String(s.to_owned()),
            StaticParam::Bool(b) => ParamValue::Bool(b),
            StaticParam::StringArray(items) => ParamValue::StringArray(items.iter().map(|s| (*s).to_owned()).collect()),
        }
    }
}

/// Every parameter of one resolution, by rule-set name (`None`: unset).
pub type ParamList = Vec<(String, Option<ParamValue>)>;

/// Polls a future once (resolvers built on the rules answer at once).
pub(crate) fn poll_once<F: std::future::Future>(future: F) -> std::task::Poll<F::Output> {
    let future = std::pin::pin!(future);
    future.poll(&mut std::task::Context::from_waker(std::task::Waker::noop()))
}

/// The future a resolver returns.
pub use aws_smithy_runtime_api::client::endpoint::EndpointFuture;

/// An endpoint resolver the runtime can call: a generated crate wraps the user's own resolver
/// (which takes the crate's typed `Params`) in one of these.
pub trait ResolveEndpointDyn: Send + Sync + fmt::Debug {
    /// Resolves the endpoint for these parameters.
    fn resolve<'a>(&'a self, params: &'a ParamList) -> EndpointFuture<'a>;
}

/// A resolver kept in the configuration.
#[derive(Clone, Debug)]
pub struct SharedEndpointResolver(std::sync::Arc<dyn ResolveEndpointDyn>);

impl SharedEndpointResolver {
    /// Wraps a resolver.
    pub fn new(resolver: impl ResolveEndpointDyn + 'static) -> Self {
        Self(std::sync::Arc::new(resolver))
    }

    /// Resolves the endpoint for these parameters.
    pub fn resolve<'a>(&'a self, params: &'a ParamList) -> EndpointFuture<'a> {
        self.0.resolve(params)
    }
}

/// The value of a named parameter in a list.
pub fn param<'a>(params: &'a ParamList, name: &str) -> Option<&'a ParamValue> {
    params.iter().find(|(n, _)| n == name).and_then(|(_, v)| v.as_ref())
}

/// A string parameter of a list.
pub fn string_param(params: &ParamList, name: &str) -> Option<String> {
    match param(params, name) {
        Some(ParamValue::String(s)) => Some(s.clone()),
        _ => None,
    }
}

/// A boolean parameter of a list.
pub fn bool_param(params: &ParamList, name: &str) -> Option<bool> {
    match param(params, name) {
        Some(ParamValue::Bool(b)) => Some(*b),
        _ => None,
    }
}

/// A string-array parameter of a list.
pub fn string_array_param(params: &ParamList, name: &str) -> Option<Vec<String>> {
    match param(params, name) {
        Some(ParamValue::StringArray(v)) => Some(v.clone()),
        _ => None,
    }
}

/// Where an input's `@contextParam` members and `operationContextParams` paths put their values.
#[derive(Debug, Default)]
pub struct ContextParams {
    values: Vec<(&'static str, ParamValue)>,
}

impl ContextParams {
    /// A string member (unset: nothing).
    pub fn string(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(v) = value {
            self.values.push((name, ParamValue::String(v.to_owned())));
        }
    }

    /// A boolean member.
    pub fn bool(&mut self, name: &'static str, value: Option<bool>) {
        if let Some(v) = value {
            self.values.push((name, ParamValue::Bool(v)));
        }
    }

    /// A list of strings gathered from the input (none gathered: nothing, as for an unset
    /// member).
    pub fn strings<'a>(&mut self, name: &'static str, values: impl IntoIterator<Item = &'a str>) {
        let values: Vec<String> = values.into_iter().map(str::to_owned).collect();
        if !values.is_empty() {
            self.values.push((name, ParamValue::StringArray(values)));
        }
    }

    /// The values, in the order they were put.
    pub fn into_values(self) -> Vec<(&'static str, ParamValue)> {
        self.values
    }
}

/// `ParamsBuilder::build` failed: a required parameter has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidParams {
    field: &'static str,
}

impl InvalidParams {
    /// The parameter (by its field name) is required and was not set.
    pub fn missing(field: &'static str) -> Self {
        Self { field }
    }
}

impl fmt::Display for InvalidParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a required endpoint parameter was missing: `{}`", self.field)
    }
}

impl std::error::Error for InvalidParams {}

/// Resolves with a crate's rule set from named parameters (what `DefaultResolver` does).
pub fn resolve_with(rules: &LazyRules, params: &ParamList) -> Result<Endpoint, crate::error::BoxError> {
    let rules = rules.get().map_err(|e| Box::new(e.clone()) as crate::error::BoxError)?;
    let named: Vec<(&str, Option<ParamValue>)> = params.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    rules.resolve_named(&named).map_err(|e| Box::new(e) as crate::error::BoxError)
}

#[doc(hidden)]
pub mod testing;
