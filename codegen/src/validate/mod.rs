//! Validation of the resolved model, before lowering: the rules Smithy's own loader and
//! validators enforce where a mistake would otherwise reach the generated client (an unknown or
//! misspelled trait, a trait value of the wrong shape or in the wrong place, HTTP bindings that
//! cannot be built, defaults that do not fit, references to members that do not exist).
//!
//! Each family of rules is one module; each reports through [`Out`]. Errors refuse the model,
//! each on the most precise shape or member id; warnings become generator warnings. No rule
//! panics, and every walk over the model is bounded (models may be deep or cyclic).

mod closures;
mod constraints;
mod defaults;
mod enums;
mod examples;
mod host_prefix;
mod http;
mod http_uri;
mod index;
mod library;
mod metadata;
mod node;
mod paginated;
mod recursion;
mod references;
mod references_trait;
mod resources;
mod selector;
mod service;
mod shapes;
mod streaming;
mod trait_rules;
mod trait_validators;
mod traits;
mod waiters;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::ast::Model;
use crate::diagnostics::Diagnostic;
use index::Index;
use selector::Graph;

/// What validation found.
#[derive(Debug, Default)]
pub struct Report {
    /// Problems that refuse the model.
    pub errors: Vec<Diagnostic>,
    /// Things a generator should heed but that do not stop it (`shape: message`).
    pub warnings: Vec<String>,
}

/// Validates a resolved model.
pub fn validate(model: &Model) -> Report {
    let prelude = library::prelude_traits();
    let ix = Index { model, prelude: &prelude };
    let graph = Graph::new(&ix);
    let cx = Ctx { ix: &ix, graph: &graph, selections: RefCell::new(BTreeMap::new()) };
    let mut out = Out::default();
    shapes::check(&cx, &mut out);
    references::check(&cx, &mut out);
    traits::check(&cx, &mut out);
    constraints::check(&cx, &mut out);
    defaults::check(&cx, &mut out);
    enums::check(&cx, &mut out);
    http::check(&cx, &mut out);
    http_uri::check(&cx, &mut out);
    host_prefix::check(&cx, &mut out);
    paginated::check(&cx, &mut out);
    resources::check(&cx, &mut out);
    metadata::check(&cx, &mut out);
    closures::check(&cx, &mut out);
    trait_validators::check(&cx, &mut out);
    trait_rules::check(&cx, &mut out);
    examples::check(&cx, &mut out);
    recursion::check(&cx, &mut out);
    streaming::check(&cx, &mut out);
    service::check(&cx, &mut out);
    references_trait::check(&cx, &mut out);
    waiters::check(&cx, &mut out);
    out.into_report()
}

/// The model as the rules see it.
pub struct Ctx<'a> {
    pub ix: &'a Index<'a>,
    graph: &'a Graph<'a>,
    /// Selector text to the nodes it matches (`None`: a selector this reader does not support).
    selections: RefCell<BTreeMap<String, Option<Rc<BTreeSet<usize>>>>>,
}

impl Ctx<'_> {
    /// Whether the shape or member `id` matches a selector; `None` when the selector uses
    /// something this reader does not support.
    pub fn selector_matches(&self, selector: &str, id: &str) -> Option<bool> {
        let node = self.graph.index_of(id)?;
        let cached = self.selections.borrow().get(selector).cloned();
        let selected = match cached {
            Some(s) => s,
            None => {
                let s = selector::parse(selector).ok().map(|sel| Rc::new(self.graph.select(&sel)));
                self.selections.borrow_mut().insert(selector.to_owned(), s.clone());
                s
            }
        };
        selected.map(|s| s.contains(&node))
    }
}

/// Where the rules report.
#[derive(Default)]
pub struct Out {
    errors: Vec<Diagnostic>,
    warnings: Vec<String>,
}

impl Out {
    /// A problem with a shape or member that refuses the model.
    pub fn error(&mut self, id: &str, message: String) {
        self.errors.push(Diagnostic::shape(id, message));
    }

    /// A problem with the model as a whole.
    pub fn model_error(&mut self, message: String) {
        self.errors.push(Diagnostic::model(message));
    }

    /// Something the generator should heed, without refusing the model.
    pub fn warning(&mut self, id: &str, message: String) {
        self.warnings.push(format!("{id}: {message}"));
    }

    fn into_report(mut self) -> Report {
        self.errors.sort();
        self.errors.dedup();
        self.warnings.sort();
        self.warnings.dedup();
        Report { errors: self.errors, warnings: self.warnings }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// A service with one operation `ex#Op` (input `ex#In`, output `ex#Out`), plus `shapes`.
    fn model(shapes: Value) -> Value {
        let mut m = json!({"smithy": "2.0", "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}]},
            "ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "output": {"target": "ex#Out"}},
            "ex#In": {"type": "structure", "members": {}},
            "ex#Out": {"type": "structure", "members": {}}
        }});
        for (id, shape) in shapes.as_object().into_iter().flatten() {
            m["shapes"][id] = shape.clone();
        }
        m
    }

    fn report(m: &Value) -> Report {
        let parsed = crate::ast::parse_model(&m.to_string()).expect("parses");
        validate(&crate::resolve::resolve(parsed).expect("resolves"))
    }

    /// The message of the error on `id` that contains `text`.
    fn error_on(m: &Value, id: &str, text: &str) {
        let r = report(m);
        let found = r.errors.iter().any(|d| d.shape_id.as_deref() == Some(id) && d.message.contains(text));
        assert!(found, "no error on {id} containing {text:?}: {:#?}", r.errors);
    }

    fn clean(m: &Value) -> Vec<String> {
        let r = report(m);
        assert!(r.errors.is_empty(), "{:#?}", r.errors);
        r.warnings
    }

    fn member(target: &str, traits: Value) -> Value {
        json!({"target": target, "traits": traits})
    }

    #[test]
    fn a_valid_model_passes() {
        assert!(clean(&model(json!({}))).is_empty());
    }

    #[test]
    fn unknown_traits_are_refused_with_the_closest_known_one() {
        let m = model(json!({"ex#In": {"type": "structure", "members": {"a": member("smithy.api#String", json!({"ex#requird": {}}))}}}));
        error_on(&m, "ex#In$a", "did you mean `required`?");
        let m = model(
            json!({"ex#In": {"type": "structure", "members": {"a": member("smithy.api#String", json!({"smithy.api#httpLabl": {}}))}}}),
        );
        error_on(&m, "ex#In$a", "did you mean `httpLabel`?");
        // A model's own trait is known.
        let m = model(json!({"ex#tag": {"type": "string", "traits": {"smithy.api#trait": {}}},
            "ex#In": {"type": "structure", "members": {"a": member("smithy.api#String", json!({"ex#tag": "x"}))}}}));
        clean(&m);
    }

    #[test]
    fn an_unknown_trait_of_a_known_package_is_a_warning_unless_misspelt() {
        let with = |t: &str| model(json!({"ex#Out": {"type": "structure", "members": {}, "traits": {t: {}}}}));
        let warnings = clean(&with("aws.api#brandNewTrait"));
        assert!(warnings.iter().any(|w| w.starts_with("ex#Out: unknown trait `aws.api#brandNewTrait`")), "{warnings:?}");
        error_on(&with("aws.protocols#restJsn1"), "ex#Out", "did you mean `aws.protocols#restJson1`?");
    }

    #[test]
    fn trait_values_placements_and_conflicts() {
        let m = model(json!({"ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "output": {"target": "ex#Out"},
            "traits": {"smithy.api#http": {"method": "GET"}, "smithy.api#readonly": {}, "smithy.api#idempotent": {}}},
            "ex#Out": {"type": "structure", "members": {}, "traits": {"smithy.api#required": {}, "smithy.api#error": "clientt"}}}));
        error_on(&m, "ex#Op", "the member `uri` of `smithy.api#http` is required but missing");
        error_on(&m, "ex#Op", "trait `readonly` conflicts with trait `idempotent`");
        error_on(&m, "ex#Out", "trait `required` cannot be applied to this structure");
        error_on(&m, "ex#Out", "`clientt` is not a value of the enum `smithy.api#error`");
    }

    #[test]
    fn members_target_data_shapes_that_exist() {
        let m =
            model(json!({"ex#In": {"type": "structure", "members": {"a": member("ex#Op", json!({})), "b": member("ex#Outt", json!({}))}}}));
        error_on(&m, "ex#In$a", "a member must target a data shape");
        error_on(&m, "ex#In$b", "did you mean `ex#Out`?");
    }

    fn http_op(uri: &str, input: Value) -> Value {
        model(json!({"ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "output": {"target": "ex#Out"},
            "traits": {"smithy.api#http": {"method": "GET", "uri": uri}, "smithy.api#readonly": {}}},
            "ex#In": {"type": "structure", "members": input}}))
    }

    #[test]
    fn http_labels_bind_both_ways() {
        let label = |t: &str| member(t, json!({"smithy.api#httpLabel": {}, "smithy.api#required": {}}));
        error_on(&http_op("/a/{b}", json!({})), "ex#Op", "`b`");
        error_on(&http_op("/a", json!({"b": label("smithy.api#String")})), "ex#In$b", "has no label `{b}`");
        error_on(&http_op("/a/{b+}", json!({"b": label("smithy.api#Integer")})), "ex#In$b", "greedy label");
        error_on(&http_op("/a/{b", json!({})), "ex#Op", "is invalid");
        let warnings = clean(&http_op("/a/{b+}/c/{d}", json!({"b": label("smithy.api#String"), "d": label("smithy.api#String")})));
        assert!(warnings.iter().any(|w| w.contains("not its last label")), "{warnings:?}");
    }

    #[test]
    fn headers_and_query_keys_are_unique() {
        let header = |h: &str| member("smithy.api#String", json!({"smithy.api#httpHeader": h}));
        let query = |q: &str| member("smithy.api#String", json!({"smithy.api#httpQuery": q}));
        error_on(&http_op("/", json!({"a": header("X-A"), "b": header("x-a")})), "ex#In", "header `x-a`");
        error_on(&http_op("/", json!({"a": query("q"), "b": query("q")})), "ex#In", "query parameter `q`");
        error_on(&http_op("/?q=1", json!({"a": query("q")})), "ex#In", "literal query parameter");
    }

    #[test]
    fn two_operations_on_one_route_conflict() {
        let op = |uri: &str| json!({"type": "operation", "traits": {"smithy.api#http": {"method": "POST", "uri": uri}}});
        let m = model(
            json!({"ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#A"}, {"target": "ex#B"}, {"target": "ex#C"}]},
            "ex#A": op("/x"), "ex#B": op("/x"), "ex#C": op("/x?flag")}),
        );
        error_on(&m, "ex#A", "`ex#B`");
        let r = report(&m);
        assert!(!r.errors.iter().any(|d| d.shape_id.as_deref() == Some("ex#C")), "a query literal tells routes apart");
    }

    #[test]
    fn defaults_fit_their_shape() {
        let with = |target: &str, default: Value| {
            model(json!({"ex#In": {"type": "structure", "members": {"a": member(target, json!({"smithy.api#default": default}))}},
            "ex#Small": {"type": "integer", "traits": {"smithy.api#range": {"max": 5}}},
            "ex#E": {"type": "enum", "members": {"A": member("smithy.api#Unit", json!({}))}}}))
        };
        error_on(&with("smithy.api#Integer", json!("7")), "ex#In$a", "expected an integer");
        error_on(&with("smithy.api#Byte", json!(1024)), "ex#In$a", "does not fit a byte");
        error_on(&with("ex#E", json!("B")), "ex#In$a", "not a value of the enum");
        let warnings = clean(&with("ex#Small", json!(9)));
        assert!(warnings.iter().any(|w| w.contains("above the maximum 5")), "{warnings:?}");
        error_on(&with("smithy.api#PrimitiveInteger", json!(1)), "ex#In$a", "differs from the default 0");
    }

    #[test]
    fn enum_values_are_unique() {
        let value = |v: Value| member("smithy.api#Unit", json!({"smithy.api#enumValue": v}));
        let m = model(json!({"ex#E": {"type": "enum", "members": {"A": value(json!("x")), "B": value(json!("x"))}},
            "ex#I": {"type": "intEnum", "members": {"A": value(json!(1)), "B": value(json!(1)), "C": member("smithy.api#Unit", json!({}))}},
            "ex#L": {"type": "string", "traits": {"smithy.api#enum": [{"value": "a"}, {"value": "a"}]}}}));
        error_on(&m, "ex#E$B", "already the value of member `A`");
        error_on(&m, "ex#I$B", "already the value of member `A`");
        error_on(&m, "ex#I$C", "must be given an integer value");
        error_on(&m, "ex#L", "two `@enum` definitions have the value `a`");
    }

    #[test]
    fn resource_identifiers_are_bound() {
        let m = model(json!({"ex#Svc": {"type": "service", "version": "1", "resources": [{"target": "ex#R"}]},
            "ex#R": {"type": "resource", "identifiers": {"id": {"target": "smithy.api#String"}}, "read": {"target": "ex#Op"}},
            "ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "output": {"target": "ex#Out"}, "traits": {"smithy.api#readonly": {}}}}));
        error_on(&m, "ex#Op", "must bind the identifiers `id`");
    }

    #[test]
    fn paginated_names_members_of_the_right_kind() {
        let m = model(json!({"ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "output": {"target": "ex#Out"},
            "traits": {"smithy.api#paginated": {"inputToken": "token", "outputToken": "next", "items": "things", "pageSize": "size"}}},
            "ex#In": {"type": "structure", "members": {"token": member("smithy.api#Integer", json!({})), "size": member("smithy.api#Integer", json!({}))}},
            "ex#Out": {"type": "structure", "members": {"next": member("smithy.api#String", json!({}))}}}));
        error_on(&m, "ex#Op", "`inputToken` member `token` targets a integer");
        error_on(&m, "ex#Op", "`things`, which is not a member of `ex#Out`");
    }

    #[test]
    fn waiters_are_well_formed() {
        let waiter = json!({"Ready": {"acceptors": [{"state": "success", "matcher": {"output": {"path": "status", "expected": "ok", "comparator": "stringEquals"}}}]},
            "notCamel": {"acceptors": [], "minDelay": 10, "maxDelay": 2}});
        let m = model(
            json!({"ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "output": {"target": "ex#Out"}, "traits": {"smithy.waiters#waitable": waiter}}}),
        );
        error_on(&m, "ex#Op", "`notCamel` must be UpperCamelCase");
        error_on(&m, "ex#Op", "`notCamel` has no acceptors");
        error_on(&m, "ex#Op", "greater than its `maxDelay`");
        let r = report(&m);
        assert!(r.warnings.iter().any(|w| w.contains("reads `status`")), "{:?}", r.warnings);
    }

    #[test]
    fn deep_and_cyclic_models_are_validated_without_blowing_the_stack() {
        let mut shapes = serde_json::Map::new();
        for i in 0..5000 {
            let next = if i + 1 < 5000 { format!("ex#S{}", i + 1) } else { "ex#S0".to_owned() };
            shapes.insert(
                format!("ex#S{i}"),
                json!({"type": "structure", "members": {"next": member(&next, json!({"smithy.api#required": {}}))}}),
            );
        }
        shapes.insert("ex#In".into(), json!({"type": "structure", "members": {"s": member("ex#S0", json!({}))}}));
        let m = model(Value::Object(shapes));
        error_on(&m, "ex#S0", "requires itself through required members");
        let list = |target: &str| json!({"type": "list", "member": {"target": target}});
        let m = model(
            json!({"ex#L": list("ex#M"), "ex#M": list("ex#L"), "ex#U": {"type": "union", "members": {"u": member("ex#U", json!({}))}}}),
        );
        error_on(&m, "ex#L", "contains itself");
        error_on(&m, "ex#U", "no value of it can be written");
    }

    #[test]
    fn trait_values_nested_deeply_do_not_blow_the_stack() {
        let mut value = json!("leaf");
        for _ in 0..100 {
            value = json!({"x": value});
        }
        let m = model(json!({"ex#Out": {"type": "structure", "members": {}, "traits": {"smithy.api#deprecated": value}}}));
        let _ = report(&m);
    }
}
