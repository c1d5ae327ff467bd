//! The JMESPath compliance suite (`../shared/jmespath-tests`, 908 cases) against the generator's
//! parser (`smithy_codegen::jmespath::parse`, which checks waiter paths) and evaluator
//! (`smithy_codegen::jmespath::try_evaluate`, the semantics generated waiters run), over JSON values.
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

use std::path::PathBuf;

use serde_json::Value as Json;
use smithy_codegen::jmespath::{parse, try_evaluate, ErrorKind};

/// The suite's total, from its README: a case that is not run is a failure, not a smaller total.
const SUITE_CASES: usize = 908;
/// Of which expect an error.
const SUITE_ERRORS: usize = 150;

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
    match try_evaluate(&parsed, given) {
        Err(e) => Outcome { decided, evaluated: expected_error == Some(e.kind()), what: format!("evaluation error ({}: {e})", e.kind()) },
        Ok(got) => {
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
    let counts = [("jmespath.cases", SUITE_CASES), ("jmespath.decided", decided), ("jmespath.evaluated", evaluated)];
    xtask::figures::record_counts("jmespath", &counts).unwrap_or_else(|e| panic!("{e}"));
}
