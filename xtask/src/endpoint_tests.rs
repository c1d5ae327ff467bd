//! `cargo xtask endpoint-tests DIR`: for every model in DIR whose service has endpoint rules,
//! generates a client with the model's `smithy.rules#endpointTests` cases as tests, runs them
//! and counts. The count is out of every case the model holds (found here, independently of
//! the generator): a case that was not generated or not run counts as failed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use smithy_codegen::Settings;

use crate::libtest::{self, Outcome};
use crate::protocol_tests::Counts;
use crate::{generate_crate, json_files, runtime_dir, sync, CrateSpec};

/// Cases that are not run (`Service#N: reason` per line; `#` starts a comment).
const SKIP_LIST: &str = include_str!("../endpoint-tests-skip.txt");

/// The skip list as a map.
pub fn skip_list() -> BTreeMap<String, String> {
    parse_skip_list(SKIP_LIST)
}

fn parse_skip_list(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(": "))
        .map(|(id, why)| (id.trim().to_owned(), why.trim().to_owned()))
        .collect()
}

/// What running every model found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every case of every model.
    pub total: Counts,
    /// What else is wrong: tests no case asked for, skipped cases that pass, skip entries that
    /// name no case.
    pub problems: Vec<String>,
    /// Counts per model file.
    pub models: BTreeMap<String, Counts>,
}

impl Report {
    /// The figures the README quotes: totals and each model's passed cases.
    pub fn figures(&self) -> BTreeMap<String, String> {
        use crate::figures::thousands;
        let mut figures: BTreeMap<String, String> = [
            ("endpoint.passed".to_owned(), thousands(self.total.passed)),
            ("endpoint.skipped".to_owned(), thousands(self.total.skipped)),
            ("endpoint.total".to_owned(), thousands(self.total.total())),
        ]
        .into_iter()
        .collect();
        for (file, counts) in &self.models {
            figures.insert(format!("endpoint.{}", file.trim_end_matches(".json")), thousands(counts.passed));
        }
        figures
    }
}

/// Generates and runs the cases of every model in `dir`; prints `FILE: N passed, M failed,
/// K skipped` per model.
pub fn run(dir: &Path, work: &Path, clean_each: bool, partitions: Option<&Path>) -> Result<Report, String> {
    let partitions = partitions.map(|p| p.canonicalize().map_err(|e| format!("{}: {e}", p.display()))).transpose()?;
    let partitions_text = partitions.as_ref().map(|p| p.display().to_string());
    let env: Vec<(&str, &str)> = partitions_text.iter().map(|p| (PARTITIONS_FILE_VARIABLE, p.as_str())).collect();
    let skips = skip_list();
    let mut report = Report::default();
    let mut keys = Vec::new();
    for model in json_files(dir)? {
        let text = std::fs::read_to_string(&model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", model.display()))?;
        let file = model.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_owned();
        let mut counts = Counts::default();
        for (service, cases) in services_with_tests(&json) {
            keys.extend((1..=cases).map(|n| format!("{service}#{n}")));
            let outcomes = build_service(&model, &service, work).and_then(|exe| libtest::run_tests(&exe, "endpoint_tests::", true, &env));
            counts.add(judge(&service, cases, outcomes, &skips, &mut report.problems));
            if clean_each {
                if let Err(e) = libtest::clean_crate(&work.join(crate_name(&service)), &work.join("target")) {
                    println!("    {service}: {e}");
                }
            }
        }
        println!("{file}: {} passed, {} failed, {} skipped", counts.passed, counts.failed, counts.skipped);
        report.total.add(counts);
        report.models.insert(file, counts);
    }
    report.problems.extend(skips.keys().filter(|k| !keys.contains(k)).map(|k| format!("endpoint-tests-skip.txt: `{k}` names no case")));
    Ok(report)
}

/// Every service with endpoint test cases, and how many.
pub fn services_with_tests(model: &Value) -> BTreeMap<String, usize> {
    let empty = serde_json::Map::new();
    let shapes = model.get("shapes").and_then(Value::as_object).unwrap_or(&empty);
    shapes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("service"))
        .filter_map(|(id, s)| {
            let cases = s.pointer("/traits/smithy.rules#endpointTests/testCases")?.as_array()?;
            Some((id.clone(), cases.len()))
        })
        .collect()
}

/// The test of case `n` (from 1).
fn test_name(n: usize) -> String {
    format!("case_{n:04}")
}

/// Counts a service's cases from the outcomes of their tests, case by case.
fn judge(
    service: &str,
    cases: usize,
    outcomes: Result<BTreeMap<String, Outcome>, String>,
    skips: &BTreeMap<String, String>,
    problems: &mut Vec<String>,
) -> Counts {
    let mut outcomes = match outcomes {
        Ok(outcomes) => outcomes,
        Err(why) => {
            println!("    {service}: {cases} cases not run: {why}");
            return Counts { failed: cases, ..Counts::default() };
        }
    };
    let mut counts = Counts::default();
    for n in 1..=cases {
        let key = format!("{service}#{n}");
        match (skips.contains_key(&key), outcomes.remove(&test_name(n))) {
            (true, Some(Outcome::Passed)) => {
                problems.push(format!("`{key}` is on the skip list but its test passes: take it off"));
                counts.skipped += 1;
            }
            (true, _) => counts.skipped += 1,
            (false, Some(Outcome::Passed)) => counts.passed += 1,
            (false, other) => {
                counts.failed += 1;
                let why = match other {
                    Some(Outcome::Failed(message)) => message,
                    Some(Outcome::Ignored) => "its test is ignored but the case is not on the skip list".to_owned(),
                    _ => "no test was generated for it".to_owned(),
                };
                println!("    FAILED {key}: {}", why.lines().filter(|l| !l.starts_with("thread '")).take(4).collect::<Vec<_>>().join(" / "));
            }
        }
    }
    problems.extend(outcomes.keys().map(|name| format!("{service}: the test `{name}` is not one of the model's cases")));
    counts
}

fn build_service(model: &Path, service: &str, work: &Path) -> Result<PathBuf, String> {
    let crate_name = crate_name(service);
    let out = work.join(&crate_name);
    let spec = CrateSpec {
        model: model.to_path_buf(),
        extra_models: Vec::new(),
        out: out.clone(),
        settings: Settings {
            crate_name,
            runtime: smithy_codegen::RuntimeDependency::Path(runtime_dir().display().to_string()),
            standalone: true,
            service: Some(service.to_owned()),
            endpoint_tests: true,
            skipped_tests: skip_list(),
            ..Default::default()
        },
    };
    let generated = generate_crate(&spec).map_err(|e| format!("generation failed: {e}"))?;
    if !generated.files.contains_key("src/endpoint_tests.rs") {
        return Err("the generated crate has no endpoint tests (its protocol is not supported)".to_owned());
    }
    sync::write(&out, &generated.files, true)?;
    libtest::build_tests(&out, &work.join("target"))
}

/// The variable the runtime reads a partitions file from (the runtime's
/// `endpoint::PARTITIONS_FILE_VARIABLE`; xtask does not link the runtime).
const PARTITIONS_FILE_VARIABLE: &str = "SMITHY_PARTITIONS_FILE";

/// The folder and package name of a service's test crate.
fn crate_name(service: &str) -> String {
    let local = service.rsplit('#').next().unwrap_or(service);
    format!("endpoint-test-{}", smithy_codegen::naming::to_snake_case(local).replace('_', "-"))
}

/// The default folder of models, beside the checkout.
pub fn default_dir() -> PathBuf {
    crate::repo_root().join("../shared/models")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_counted_one_by_one() {
        let skips = parse_skip_list("S#3: why\nS#9: gone");
        let outcomes = [(test_name(1), Outcome::Passed), (test_name(3), Outcome::Failed(String::new())), (test_name(4), Outcome::Passed), ("extra".to_owned(), Outcome::Passed)];
        let mut problems = Vec::new();
        let counts = judge("S", 3, Ok(outcomes.into_iter().collect()), &skips, &mut problems);
        assert_eq!(counts, Counts { passed: 1, failed: 1, skipped: 1 }, "case 2 has no test");
        assert_eq!(problems.len(), 2, "case_0004 and extra belong to no case: {problems:?}");
        let counts = judge("S", 2, Err("no build".to_owned()), &skips, &mut problems);
        assert_eq!(counts.failed, 2);
    }
}
