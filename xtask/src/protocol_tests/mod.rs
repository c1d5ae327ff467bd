//! `cargo xtask protocol-tests DIR`: for every service of every model in DIR, generates a client
//! with the model's `smithy.test` client cases as tests, runs them and reconciles the results
//! with the cases found here, case id by case id: a case without its test, a test without its
//! case, a crate that does not build and a lowering error are all failures, and every case
//! counts out of the total the suite holds.
//!
//! With `--sabotage`, the same tests run once per compared field with that field altered
//! (`SMITHY_PROTOCOL_TEST_SABOTAGE`): every case that states the field must fail, naming it.

pub mod cases;
mod s3_rules;
pub mod sabotage;
pub mod skip;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use smithy_codegen::Settings;

use crate::libtest::{self, Outcome};
use crate::{generate_crate, json_files, runtime_dir, sync, CrateSpec};
pub use cases::{bound_operations, Case, Kind, ServiceCases};

/// The client cases each suite of `../shared/protocol-tests` holds, as its README counts them:
/// request, response (on operations and errors) and event-stream cases. Discovery must find
/// exactly these; a suite that changed must be counted again, not taken on trust.
pub const PUBLISHED: &[(&str, usize, usize, usize)] = &[
    ("aws-json-1_0.json", 29, 41, 0),
    ("aws-json-1_1.json", 57, 62, 0),
    ("aws-query.json", 38, 39, 0),
    ("ec2-query.json", 30, 29, 0),
    ("rest-json-1.json", 142, 108, 84),
    ("rest-xml-namespace.json", 1, 1, 0),
    ("rest-xml.json", 108, 83, 0),
    ("rpcv2-cbor.json", 31, 45, 0),
    ("rpcv2-json.json", 34, 39, 0),
];

/// What became of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Its test passed.
    Passed,
    /// Its test failed, was not generated, or could not run; why.
    Failed(String),
    /// It is on the skip list (its test is ignored), for this reason.
    Skipped(String),
}

/// One service's cases and what became of each.
#[derive(Debug)]
pub struct ServiceRun {
    /// The model file.
    pub file: String,
    /// The service shape id.
    pub service: String,
    /// Each case with its verdict, by test name.
    pub cases: Vec<(Case, Verdict)>,
    /// What else is wrong: colliding ids, tests no case asked for, skipped cases that pass.
    pub problems: Vec<String>,
}

/// Passed, failed and skipped cases.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed, were not generated, or could not run.
    pub failed: usize,
    /// Cases on the skip list.
    pub skipped: usize,
}

impl Counts {
    /// Adds another count.
    pub fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }

    /// Every case counted.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.skipped
    }
}

impl ServiceRun {
    /// The service's counts.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for (_, verdict) in &self.cases {
            match verdict {
                Verdict::Passed => counts.passed += 1,
                Verdict::Failed(_) => counts.failed += 1,
                Verdict::Skipped(_) => counts.skipped += 1,
            }
        }
        counts
    }
}

/// Everything one run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every service of every suite.
    pub services: Vec<ServiceRun>,
    /// Problems of the run as a whole: suites whose case counts differ from their README,
    /// skip-list entries that name no case.
    pub problems: Vec<String>,
}

impl Report {
    /// All services together.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for s in &self.services {
            total.add(s.counts());
        }
        total
    }

    /// Counts of one suite file.
    pub fn suite(&self, file: &str) -> Counts {
        let mut total = Counts::default();
        for s in self.services.iter().filter(|s| s.file == file) {
            total.add(s.counts());
        }
        total
    }

    /// Why the run fails, if it does: failed cases and every problem.
    pub fn failures(&self) -> Vec<String> {
        let mut out: Vec<String> = self.problems.clone();
        for s in &self.services {
            out.extend(s.problems.iter().map(|p| format!("{} {}: {p}", s.file, s.service)));
            let failed = s.counts().failed;
            if failed > 0 {
                out.push(format!("{} {}: {failed} case(s) failed", s.file, s.service));
            }
        }
        out
    }
}

impl Report {
    /// The figures the README quotes: totals, and a table row per service.
    pub fn figures(&self) -> BTreeMap<String, String> {
        use crate::figures::thousands;
        let total = self.total();
        let streams = self.services.iter().flat_map(|s| &s.cases).filter(|(c, _)| c.kind == Kind::EventStream).count();
        let mut figures: BTreeMap<String, String> = [
            ("protocol.passed", thousands(total.passed)),
            ("protocol.failed", thousands(total.failed)),
            ("protocol.skipped", thousands(total.skipped)),
            ("protocol.total", thousands(total.total())),
            ("protocol.event-stream", thousands(streams)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let mut table = vec!["| suite | service | passed | failed | skipped | cases |".to_owned(), "|---|---|---:|---:|---:|---:|".to_owned()];
        for s in &self.services {
            let c = s.counts();
            let service = s.service.rsplit('#').next().unwrap_or(&s.service);
            table.push(format!("| {} | {service} | {} | {} | {} | {} |", s.file, c.passed, c.failed, c.skipped, c.total()));
        }
        figures.insert("protocol.table".to_owned(), table.join("\n"));
        let suites: Vec<String> = PUBLISHED
            .iter()
            .map(|(file, ..)| {
                let c = self.suite(file);
                format!("{} {} of {}", file.trim_end_matches(".json"), c.passed, c.total())
            })
            .collect();
        figures.insert("protocol.suites".to_owned(), suites.join(", "));
        figures
    }
}

/// A service's crate, generated and built: its test executable, or why there is none.
pub(super) struct Built {
    pub(super) cases: ServiceCases,
    pub(super) executable: Result<PathBuf, String>,
}

/// Generates, builds and runs every service of every model in `dir`, printing a line per
/// service and the details of each failure.
pub fn run(dir: &Path, work: &Path) -> Result<Report, String> {
    let skips = skip::skip_list()?;
    let mut report = Report::default();
    let mut ids = BTreeSet::new();
    for (file, service, built) in build_all(dir, work, &skips)? {
        ids.extend(built.cases.cases.iter().map(|c| c.id.clone()));
        let outcomes = run_built(&built);
        let run = reconcile(&file, &service, built.cases, outcomes, &skips);
        print_service(&run);
        report.services.push(run);
    }
    report.problems.extend(suite_problems(dir, &report));
    if is_complete(dir) {
        report.problems.extend(skip::stale(&skips, &ids).into_iter().map(|id| format!("protocol-tests-skip.txt: `{id}` names no case of the suites")));
    } else {
        println!("(not every suite of ../shared/protocol-tests is in {}: stale skip-list entries are not looked for)", dir.display());
    }
    Ok(report)
}

/// Every service of every model in `dir`, generated and built.
pub(super) fn build_all(dir: &Path, work: &Path, skips: &BTreeMap<String, String>) -> Result<Vec<(String, String, Built)>, String> {
    let mut out = Vec::new();
    for model in json_files(dir)? {
        let text = std::fs::read_to_string(&model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", model.display()))?;
        let file = model.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_owned();
        for (service, cases) in cases::discover(&json) {
            let executable = build_service(&model, &service, work, skips);
            out.push((file.clone(), service, Built { cases, executable }));
        }
    }
    Ok(out)
}

/// Whether `dir` holds every suite the README counts (its figures are recorded only then).
pub fn is_complete(dir: &Path) -> bool {
    PUBLISHED.iter().all(|(file, ..)| dir.join(file).is_file())
}

/// Suites whose cases, as discovered, differ in number from their README.
fn suite_problems(dir: &Path, report: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    for (file, requests, responses, streams) in PUBLISHED {
        if !dir.join(file).is_file() {
            continue;
        }
        let services = report.services.iter().filter(|s| s.file == *file);
        let count = |kinds: &[Kind]| services.clone().flat_map(|s| &s.cases).filter(|(c, _)| kinds.contains(&c.kind)).count();
        let found = (count(&[Kind::Request]), count(&[Kind::Response, Kind::ErrorResponse]), count(&[Kind::EventStream]));
        if found != (*requests, *responses, *streams) {
            problems.push(format!(
                "{file}: found {} request, {} response and {} event-stream client cases; its README counts {requests}, {responses} and {streams}",
                found.0, found.1, found.2
            ));
        }
    }
    problems
}

/// Generates the service's crate with its cases as tests and builds them.
fn build_service(model: &Path, service: &str, work: &Path, skips: &BTreeMap<String, String>) -> Result<PathBuf, String> {
    let local = service.rsplit('#').next().unwrap_or(service);
    let crate_name = format!("protocol-test-{}", smithy_codegen::naming::to_snake_case(local).replace('_', "-"));
    let out = work.join(&crate_name);
    let model = s3_rules::with_s3_rules(model, work, &crate_name)?;
    let settings = Settings {
        crate_name,
        runtime: smithy_codegen::RuntimeDependency::Path(runtime_dir().display().to_string()),
        standalone: true,
        service: Some(service.to_owned()),
        protocol_tests: true,
        skipped_tests: skips.clone(),
        ..Default::default()
    };
    let spec = CrateSpec { model, extra_models: Vec::new(), out: out.clone(), settings };
    let generated = generate_crate(&spec).map_err(|e| format!("generation failed: {e}"))?;
    if !generated.files.contains_key("src/protocol_tests.rs") {
        return Err("the generated crate has no protocol tests (it has no client protocol)".to_owned());
    }
    sync::write(&out, &generated.files, true)?;
    libtest::build_tests(&out, &work.join("target"))
}

/// Runs a built service's tests (ignored ones too, to see whether a skipped case now passes).
fn run_built(built: &Built) -> Result<BTreeMap<String, Outcome>, String> {
    let executable = built.executable.as_ref().map_err(Clone::clone)?;
    libtest::run_tests(executable, "protocol_tests::", true, &[])
}

/// Gives each case its verdict from the outcome of its test; a test no case asked for, and a
/// skipped case whose test passes, are problems.
fn reconcile(file: &str, service: &str, cases: ServiceCases, outcomes: Result<BTreeMap<String, Outcome>, String>, skips: &BTreeMap<String, String>) -> ServiceRun {
    let mut problems = cases.collisions.clone();
    let judged = match outcomes {
        Err(why) => cases.cases.into_iter().map(|c| (c, Verdict::Failed(why.clone()))).collect(),
        Ok(mut outcomes) => {
            let mut judged = Vec::new();
            for case in cases.cases {
                let outcome = outcomes.remove(&case.test_name);
                let verdict = verdict(&case, outcome, skips, &mut problems);
                judged.push((case, verdict));
            }
            problems.extend(outcomes.keys().map(|name| format!("the test `{name}` is not one of the suite's cases")));
            judged
        }
    };
    ServiceRun { file: file.to_owned(), service: service.to_owned(), cases: judged, problems }
}

fn verdict(case: &Case, outcome: Option<Outcome>, skips: &BTreeMap<String, String>, problems: &mut Vec<String>) -> Verdict {
    if let Some(why) = skips.get(&case.id) {
        if outcome == Some(Outcome::Passed) {
            problems.push(format!("`{}` is on the skip list but its test passes: take it off", case.id));
        }
        return Verdict::Skipped(why.clone());
    }
    match outcome {
        Some(Outcome::Passed) => Verdict::Passed,
        Some(Outcome::Failed(message)) => Verdict::Failed(message),
        Some(Outcome::Ignored) => Verdict::Failed("its test is ignored but the case is not on the skip list".to_owned()),
        None => Verdict::Failed("no test was generated for it".to_owned()),
    }
}

fn print_service(run: &ServiceRun) {
    let c = run.counts();
    let kinds = |k: &[Kind]| run.cases.iter().filter(|(case, _)| k.contains(&case.kind)).count();
    println!(
        "{} {}: {} passed, {} failed, {} skipped (of {}: {} request, {} response, {} event-stream)",
        run.file,
        run.service,
        c.passed,
        c.failed,
        c.skipped,
        c.total(),
        kinds(&[Kind::Request]),
        kinds(&[Kind::Response, Kind::ErrorResponse]),
        kinds(&[Kind::EventStream])
    );
    for (case, verdict) in &run.cases {
        if let Verdict::Failed(why) = verdict {
            println!("    FAILED {} ({}): {}", case.test_name, case.id, first_lines(why, 6));
        }
    }
    for problem in &run.problems {
        println!("    PROBLEM {problem}");
    }
}

/// The panic message of a failure, without libtest's thread line, shortened.
fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("thread '") && !l.starts_with("note: run with")).take(n).collect();
    lines.join("\n        ")
}

/// The default folder of the suites, beside the checkout.
pub fn default_dir() -> PathBuf {
    crate::repo_root().join("../shared/protocol-tests")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str) -> Case {
        Case { id: id.to_owned(), shape: "ns#Op".to_owned(), kind: Kind::Request, test_name: id.to_lowercase(), fields: BTreeSet::new() }
    }

    #[test]
    fn verdicts_come_from_the_tests_of_the_cases() {
        let skips: BTreeMap<String, String> = [("S".to_owned(), "why".to_owned())].into_iter().collect();
        let mut problems = Vec::new();
        assert_eq!(verdict(&case("A"), Some(Outcome::Passed), &skips, &mut problems), Verdict::Passed);
        assert!(matches!(verdict(&case("A"), None, &skips, &mut problems), Verdict::Failed(w) if w.contains("no test")));
        assert!(matches!(verdict(&case("A"), Some(Outcome::Ignored), &skips, &mut problems), Verdict::Failed(_)));
        assert!(problems.is_empty());
        assert_eq!(verdict(&case("S"), Some(Outcome::Failed(String::new())), &skips, &mut problems), Verdict::Skipped("why".to_owned()));
        assert!(problems.is_empty());
        assert_eq!(verdict(&case("S"), Some(Outcome::Passed), &skips, &mut problems), Verdict::Skipped("why".to_owned()));
        assert_eq!(problems.len(), 1, "a skipped case that passes is reported");
    }

    #[test]
    fn a_test_no_case_asked_for_is_a_problem_and_a_build_failure_fails_every_case() {
        let cases = || ServiceCases { cases: vec![case("A"), case("B")], collisions: Vec::new() };
        let run = reconcile("f.json", "ns#S", cases(), Err("does not build".to_owned()), &BTreeMap::new());
        assert_eq!(run.counts(), Counts { passed: 0, failed: 2, skipped: 0 });
        let outcomes = [("a".to_owned(), Outcome::Passed), ("c".to_owned(), Outcome::Passed)].into_iter().collect();
        let run = reconcile("f.json", "ns#S", cases(), Ok(outcomes), &BTreeMap::new());
        assert_eq!(run.counts(), Counts { passed: 1, failed: 1, skipped: 0 }, "B has no test");
        assert_eq!(run.problems, ["the test `c` is not one of the suite's cases"]);
    }

    #[test]
    fn published_totals_are_the_readme_figures() {
        let (requests, responses, streams) = PUBLISHED.iter().fold((0, 0, 0), |(a, b, c), (_, r, s, e)| (a + r, b + s, c + e));
        assert_eq!((requests, responses, streams), (470, 447, 84));
        assert_eq!(requests + responses + streams, 1001);
    }
}
