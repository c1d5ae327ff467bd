//! `cargo xtask protocol-tests --sabotage`: the negative controls. For each field the tests
//! compare, the same test executables run with that field altered in the value under test
//! (`SMITHY_PROTOCOL_TEST_SABOTAGE=FIELD`, read by the runtime's protocol-test helpers), and
//! every case that states the field, and is not skipped, must fail with a message naming it.
//! A crate that does not build, or a run that does not report its tests, fails the check.

use std::collections::BTreeMap;
use std::path::Path;

use super::{build_all, skip, Case};
use crate::libtest::{self, Outcome};

/// The variable the runtime reads (`smithy_client_runtime::protocol_test::SABOTAGE_ENV`).
pub const SABOTAGE_ENV: &str = "SMITHY_PROTOCOL_TEST_SABOTAGE";

/// Every field the protocol tests compare, as the runtime names them
/// (`smithy_client_runtime::protocol_test::Field::ALL`).
pub const FIELDS: [&str; 19] = [
    "method",
    "path",
    "query",
    "forbidden-query",
    "required-query",
    "host",
    "header",
    "forbidden-header",
    "required-header",
    "json-body",
    "xml-body",
    "form-body",
    "cbor-body",
    "raw-body",
    "output",
    "error-variant",
    "error-code",
    "error-type",
    "request-id",
];

/// How one field's control went in one suite.
#[derive(Debug, Default, Clone)]
pub struct Control {
    /// Cases that state the field (skipped ones excepted).
    pub applicable: usize,
    /// Of those, the ones that failed naming the field.
    pub caught: usize,
    /// The others: test name and what happened.
    pub missed: Vec<String>,
}

/// Every control of every suite.
#[derive(Debug, Default)]
pub struct SabotageReport {
    /// By suite file, then field.
    pub controls: BTreeMap<String, BTreeMap<&'static str, Control>>,
    /// Services that could not be built or run.
    pub problems: Vec<String>,
}

impl SabotageReport {
    /// Why the check fails, if it does.
    pub fn failures(&self) -> Vec<String> {
        let mut out = self.problems.clone();
        for (file, fields) in &self.controls {
            for (field, control) in fields {
                if control.caught < control.applicable {
                    out.push(format!("{file}: {} of {} cases that state {field} did not fail on it", control.applicable - control.caught, control.applicable));
                }
            }
        }
        out
    }
}

impl SabotageReport {
    /// The figures the README quotes: per field, the applicable cases of all suites and how many
    /// failed on it, as a table.
    pub fn figures(&self) -> BTreeMap<String, String> {
        let mut table = vec!["| field | cases that state it | failed on it | suites |".to_owned(), "|---|---:|---:|---|".to_owned()];
        let (mut all, mut caught) = (0, 0);
        for field in FIELDS {
            let per_suite: Vec<(&String, &Control)> = self.controls.iter().filter_map(|(file, fields)| Some((file, fields.get(field)?))).collect();
            let applicable: usize = per_suite.iter().map(|(_, c)| c.applicable).sum();
            let failed: usize = per_suite.iter().map(|(_, c)| c.caught).sum();
            all += applicable;
            caught += failed;
            let suites = if per_suite.is_empty() { "no case states it".to_owned() } else { per_suite.len().to_string() };
            table.push(format!("| {field} | {applicable} | {failed} | {suites} |"));
        }
        [
            ("sabotage.table".to_owned(), table.join("\n")),
            ("sabotage.applicable".to_owned(), crate::figures::thousands(all)),
            ("sabotage.caught".to_owned(), crate::figures::thousands(caught)),
        ]
        .into_iter()
        .collect()
    }
}

/// Builds every service of every model in `dir` and runs each field's control.
pub fn run(dir: &Path, work: &Path) -> Result<SabotageReport, String> {
    let skips = skip::skip_list()?;
    let mut report = SabotageReport::default();
    for (file, service, built) in build_all(dir, work, &skips)? {
        let executable = match &built.executable {
            Ok(executable) => executable,
            Err(why) => {
                report.problems.push(format!("{file} {service}: {why}"));
                continue;
            }
        };
        for field in FIELDS {
            let applicable: Vec<&Case> = built.cases.cases.iter().filter(|c| c.fields.contains(field) && !skips.contains_key(&c.id)).collect();
            if applicable.is_empty() {
                continue;
            }
            let control = report.controls.entry(file.clone()).or_default().entry(field).or_default();
            match libtest::run_tests(executable, "protocol_tests::", false, &[(SABOTAGE_ENV, field)]) {
                Ok(outcomes) => judge(field, &applicable, &outcomes, control),
                Err(why) => report.problems.push(format!("{file} {service} with {field} sabotaged: {why}")),
            }
        }
    }
    Ok(report)
}

/// Counts the applicable cases whose test failed naming `field`, and notes the others.
fn judge(field: &str, applicable: &[&Case], outcomes: &BTreeMap<String, Outcome>, control: &mut Control) {
    let marker = format!("protocol test mismatch in {field}:");
    for case in applicable {
        control.applicable += 1;
        match outcomes.get(&case.test_name) {
            Some(Outcome::Failed(message)) if message.contains(&marker) => control.caught += 1,
            Some(Outcome::Failed(message)) => {
                let first = message.lines().find(|l| !l.starts_with("thread '")).unwrap_or_default();
                control.missed.push(format!("{} failed on something else: {first}", case.test_name));
            }
            Some(Outcome::Passed) => control.missed.push(format!("{} passed", case.test_name)),
            Some(Outcome::Ignored) => control.missed.push(format!("{} was ignored", case.test_name)),
            None => control.missed.push(format!("{} did not run", case.test_name)),
        }
    }
}

/// Prints `FILE: N of M applicable cases failed on FIELD` per suite and field, with the misses.
pub fn print(report: &SabotageReport) {
    for (file, fields) in &report.controls {
        for (field, control) in fields {
            println!("{file}: {} of {} applicable cases failed on {field}", control.caught, control.applicable);
            for miss in &control.missed {
                println!("    MISSED {miss}");
            }
        }
    }
    for problem in &report.problems {
        println!("PROBLEM {problem}");
    }
    let stated: Vec<&str> = FIELDS.iter().copied().filter(|f| report.controls.values().any(|fields| fields.contains_key(f))).collect();
    let unstated: Vec<&str> = FIELDS.iter().copied().filter(|f| !stated.contains(f)).collect();
    if !unstated.is_empty() {
        println!("no case of these suites states: {}", unstated.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol_tests::Kind;

    fn case(name: &str) -> Case {
        Case { id: name.to_owned(), shape: "s".into(), kind: Kind::Request, test_name: name.to_owned(), fields: ["path"].into_iter().collect() }
    }

    #[test]
    fn only_a_failure_naming_the_field_counts() {
        let cases = [case("a"), case("b"), case("c"), case("d")];
        let refs: Vec<&Case> = cases.iter().collect();
        let outcomes: BTreeMap<String, Outcome> = [
            ("a".to_owned(), Outcome::Failed("thread 'x' panicked at y:\nprotocol test mismatch in path: URI path".to_owned())),
            ("b".to_owned(), Outcome::Failed("protocol test mismatch in method: m".to_owned())),
            ("c".to_owned(), Outcome::Passed),
        ]
        .into_iter()
        .collect();
        let mut control = Control::default();
        judge("path", &refs, &outcomes, &mut control);
        assert_eq!((control.applicable, control.caught), (4, 1));
        assert_eq!(control.missed.len(), 3, "{:?}", control.missed);
        let report = SabotageReport { controls: [("f".to_owned(), [("path", control)].into_iter().collect())].into_iter().collect(), problems: Vec::new() };
        assert_eq!(report.failures().len(), 1);
    }

    #[test]
    fn the_fields_are_the_runtimes() {
        use smithy_client_runtime::protocol_test::{Field, SABOTAGE_ENV as RUNTIME_ENV};
        assert_eq!(FIELDS.to_vec(), Field::ALL.map(Field::name).to_vec());
        assert_eq!(SABOTAGE_ENV, RUNTIME_ENV);
    }
}
