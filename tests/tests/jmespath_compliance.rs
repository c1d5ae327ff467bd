//! The JMESPath compliance suite (`../shared/jmespath-tests`, 908 cases) against the generator's
//! parser (`smithy_codegen::jmespath`, which checks waiter paths) and the runtime's evaluator
//! (`smithy_client_runtime::waiters::Path`, which generated waiters run), over JSON values.
//!
//! Every case counts, out of the suite's full total:
//! - **decided**: the parser refuses the expression exactly when the case expects a syntax error
//!   (an error of another kind may be found by the parser or by the evaluator);
//! - **evaluated**: the case's outcome is right: its result, equal as JSON; its error, of the
//!   expected kind, from the parser or the evaluator; a benchmark case parsed (and evaluated,
//!   unless it only times parsing) without an error.
//!
//! When the suite is absent, tests/build.rs sets `no_shared_jmespath_tests` and the test is
//! reported as ignored with the reason (`SMITHY_CODEGEN_REQUIRE_SHARED=1` makes it run and fail).

use std::borrow::Cow;
use std::path::PathBuf;

use serde_json::Value as Json;
use smithy_client_runtime::waiters::{Comparison, Function, Literal, Object, Path, Value};
use smithy_codegen::ir::JmesPath;
use smithy_codegen::jmespath::{parse, ErrorKind};

/// The suite's total, from its README: a case that is not run is a failure, not a smaller total.
const SUITE_CASES: usize = 908;
/// Of which expect an error.
const SUITE_ERRORS: usize = 150;

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

fn function(variant: &str) -> Function {
    use Function::*;
    match variant {
        "Abs" => Abs,
        "Avg" => Avg,
        "Ceil" => Ceil,
        "Contains" => Contains,
        "EndsWith" => EndsWith,
        "Floor" => Floor,
        "Join" => Join,
        "Keys" => Keys,
        "Length" => Length,
        "Map" => Map,
        "Max" => Max,
        "MaxBy" => MaxBy,
        "Merge" => Merge,
        "Min" => Min,
        "MinBy" => MinBy,
        "NotNull" => NotNull,
        "Reverse" => Reverse,
        "Sort" => Sort,
        "SortBy" => SortBy,
        "StartsWith" => StartsWith,
        "Sum" => Sum,
        "ToArray" => ToArray,
        "ToNumber" => ToNumber,
        "ToString" => ToString,
        "Type" => Type,
        "Values" => Values,
        other => panic!("the parser named a function the runtime lacks: {other}"),
    }
}

fn comparison(variant: &str) -> Comparison {
    match variant {
        "Eq" => Comparison::Eq,
        "Ne" => Comparison::Ne,
        "Lt" => Comparison::Lt,
        "Le" => Comparison::Le,
        "Gt" => Comparison::Gt,
        "Ge" => Comparison::Ge,
        other => panic!("the parser named a comparison the runtime lacks: {other}"),
    }
}

fn literal(json: &Json) -> Literal {
    match json {
        Json::Null => Literal::Null,
        Json::Bool(b) => Literal::Bool(*b),
        Json::Number(n) => Literal::Number(n.as_f64().expect("a finite number")),
        Json::String(s) => Literal::String(Box::leak(s.clone().into_boxed_str())),
        Json::Array(items) => Literal::List(Box::leak(items.iter().map(literal).collect())),
        Json::Object(entries) => {
            Literal::Object(Box::leak(entries.iter().map(|(k, v)| (&*Box::leak(k.clone().into_boxed_str()), literal(v))).collect()))
        }
    }
}

/// The runtime's `Path` for a parsed expression: what the generator writes as a constant.
fn path(parsed: &JmesPath) -> Path {
    let name = |s: &str| &*Box::leak(s.to_owned().into_boxed_str());
    let sub = |p: &JmesPath| leak(path(p));
    let all = |ps: &[JmesPath]| &*Box::leak(ps.iter().map(path).collect::<Vec<_>>().into_boxed_slice());
    match parsed {
        JmesPath::Current => Path::Current,
        JmesPath::Field(f) => Path::Field(name(f)),
        JmesPath::Sub(l, r) => Path::Sub(sub(l), sub(r)),
        JmesPath::Index(i) => Path::Index(*i),
        JmesPath::Slice(a, b, c) => Path::Slice(*a, *b, *c),
        JmesPath::Project(l, r) => Path::Project(sub(l), sub(r)),
        JmesPath::ProjectValues(l, r) => Path::ProjectValues(sub(l), sub(r)),
        JmesPath::Flatten(l) => Path::Flatten(sub(l)),
        JmesPath::Filter(l, c, r) => Path::Filter(sub(l), sub(c), sub(r)),
        JmesPath::List(items) => Path::List(all(items)),
        JmesPath::Hash(entries) => Path::Hash(Box::leak(entries.iter().map(|(k, v)| (name(k), path(v))).collect())),
        JmesPath::Call(f, args) => Path::Call(function(f), all(args)),
        JmesPath::Ref(e) => Path::Ref(sub(e)),
        JmesPath::Compare(op, l, r) => Path::Compare(comparison(op), sub(l), sub(r)),
        JmesPath::And(l, r) => Path::And(sub(l), sub(r)),
        JmesPath::Or(l, r) => Path::Or(sub(l), sub(r)),
        JmesPath::Not(e) => Path::Not(sub(e)),
        JmesPath::Pipe(l, r) => Path::Pipe(sub(l), sub(r)),
        JmesPath::Literal(v) => Path::Literal(literal(v)),
    }
}

fn value(json: &Json) -> Value<'_> {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(n.as_f64().expect("a finite number")),
        Json::String(s) => Value::String(Cow::Borrowed(s)),
        Json::Array(items) => Value::Array(items.iter().map(value).collect()),
        Json::Object(entries) => Value::Object(Object::Entries(entries.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), value(v))).collect())),
    }
}

fn json(value: &Value<'_>) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.to_string()),
        Value::Array(items) => Json::Array(items.iter().map(json).collect()),
        Value::Object(o) => Json::Object(o.entries().iter().map(|(k, v)| (k.to_string(), json(v))).collect()),
    }
}

/// JSON equality with numbers compared by value (`1` and `1.0` are the same JMESPath number).
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(xs), Json::Array(ys)) => xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y)),
        (Json::Object(xs), Json::Object(ys)) => xs.len() == ys.len() && xs.iter().all(|(k, x)| ys.get(k).is_some_and(|y| same(x, y))),
        _ => a == b,
    }
}

/// One case's outcome.
struct Outcome {
    decided: bool,
    evaluated: bool,
    what: String,
}

fn run_case(given: &Json, case: &Json) -> Outcome {
    let expression = case["expression"].as_str().expect("every case has an expression");
    let expected_error = case.get("error").and_then(Json::as_str);
    let parsed = parse(expression);
    let refused_as_syntax = matches!(&parsed, Err(e) if e.kind == ErrorKind::Syntax);
    let decided = refused_as_syntax == (expected_error == Some("syntax"));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let evaluated = expected_error == Some(e.kind.name());
            return Outcome { decided, evaluated, what: format!("refused ({}: {})", e.kind.name(), e.message) };
        }
    };
    if case.get("bench").and_then(Json::as_str) == Some("parse") {
        return Outcome { decided, evaluated: true, what: "parsed".into() };
    }
    let compiled: &'static Path = leak(path(&parsed));
    let root = value(given);
    match compiled.try_evaluate(&root) {
        Err(e) => Outcome { decided, evaluated: expected_error == Some(e.kind()), what: format!("evaluation error ({}: {e})", e.kind()) },
        Ok(result) => {
            let got = json(&result);
            let evaluated = match case.get("result") {
                Some(expected) => expected_error.is_none() && same(&got, expected),
                None => expected_error.is_none() && case.get("bench").is_some(),
            };
            Outcome { decided, evaluated, what: format!("gave {got}") }
        }
    }
}

fn suite_dir() -> PathBuf {
    let dir = xtask::repo_root().join("../shared/jmespath-tests");
    assert!(dir.is_dir(), "{} is absent: the JMESPath compliance suite sits beside the checkout in CI", dir.display());
    dir
}

#[test]
#[cfg_attr(no_shared_jmespath_tests, ignore = "../shared/jmespath-tests is absent (it sits beside the checkout in CI)")]
fn jmespath_compliance_suite() {
    let dir = suite_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the suite folder reads")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut cases, mut errors, mut decided, mut evaluated) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let groups: Json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let (mut file_cases, mut file_evaluated) = (0, 0);
        for group in groups.as_array().expect("a list of groups") {
            for case in group["cases"].as_array().expect("a group's cases") {
                let outcome = run_case(&group["given"], case);
                cases += 1;
                file_cases += 1;
                errors += usize::from(case.get("error").is_some());
                decided += usize::from(outcome.decided);
                evaluated += usize::from(outcome.evaluated);
                file_evaluated += usize::from(outcome.evaluated);
                if !outcome.decided || !outcome.evaluated {
                    failures.push(format!("{name}: `{}` expected {}, {}", case["expression"].as_str().unwrap_or_default(), expectation(case), outcome.what));
                }
            }
        }
        println!("{name}: {file_evaluated} of {file_cases}");
    }
    println!("decided (syntax): {decided} of {SUITE_CASES}; evaluated: {evaluated} of {SUITE_CASES}; {cases} cases read, {errors} expecting an error");
    for failure in &failures {
        println!("  FAILED {failure}");
    }
    assert_eq!((cases, errors), (SUITE_CASES, SUITE_ERRORS), "the suite's cases are not the README's");
    record(decided, evaluated);
    assert_eq!(decided, SUITE_CASES, "every expression must be accepted or refused as the suite says");
    assert_eq!(evaluated, SUITE_CASES, "{} cases failed", failures.len());
}

fn expectation(case: &Json) -> String {
    match (case.get("error"), case.get("result"), case.get("bench")) {
        (Some(e), _, _) => format!("error {e}"),
        (_, Some(r), _) => format!("result {r}"),
        (_, _, Some(b)) => format!("benchmark {b}"),
        _ => "nothing".into(),
    }
}

fn record(decided: usize, evaluated: usize) {
    let figures = [("jmespath.cases", SUITE_CASES), ("jmespath.decided", decided), ("jmespath.evaluated", evaluated)]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), xtask::figures::thousands(*v)))
        .collect();
    xtask::figures::record("jmespath", &figures).unwrap_or_else(|e| panic!("{e}"));
}
