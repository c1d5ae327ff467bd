//! Building a generated crate's tests and reading what each test did, from libtest's own
//! output: the harnesses count per test name, never from summary lines alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one test did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It passed.
    Passed,
    /// It failed, with what it printed (the panic message).
    Failed(String),
    /// It was not run (`#[ignore]`).
    Ignored,
}

/// Builds the library tests of the crate in `dir` (in the shared `target` folder) and returns
/// the test executable.
pub fn build_tests(dir: &Path, target: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--no-run", "--lib", "--message-format=json-render-diagnostics", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("{}: the tests do not build:\n{}", dir.display(), tail(&String::from_utf8_lossy(&output.stderr), 40)));
    }
    executable(&stdout).ok_or_else(|| format!("{}: cargo built no test executable", dir.display()))
}

/// Removes what `build_tests` built for the crate at `dir` from `target` (its dependencies
/// stay), so a run over many crates keeps the disk it uses bounded.
pub fn clean_crate(dir: &Path, target: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let name = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("name = ").map(|v| v.trim_matches('"').to_owned()))
        .ok_or_else(|| format!("{}: no package name", dir.display()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["clean", "--quiet", "-p", &name, "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo clean -p {name} failed"))
    }
}

/// The test executable cargo reports in its JSON messages (the last one: the crate's own).
fn executable(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .rev()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m.get("reason").and_then(|r| r.as_str()) == Some("compiler-artifact"))
        .find_map(|m| m.get("executable").and_then(|e| e.as_str()).map(PathBuf::from))
}

/// Runs the tests whose names start with `filter` (ignored ones too when `include_ignored`),
/// with `env` set, and returns each test's outcome by name (without the module path).
pub fn run_tests(executable: &Path, filter: &str, include_ignored: bool, env: &[(&str, &str)]) -> Result<BTreeMap<String, Outcome>, String> {
    let mut command = Command::new(executable);
    command.arg(filter).arg("--test-threads").arg(threads());
    if include_ignored {
        command.arg("--include-ignored");
    }
    command.env("RUST_BACKTRACE", "0");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().map_err(|e| format!("cannot run {}: {e}", executable.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let outcomes = parse(&stdout, filter);
    if outcomes.is_empty() && !stdout.contains("running 0 tests") {
        return Err(format!(
            "{}: no test results in its output:\n{}\n{}",
            executable.display(),
            tail(&stdout, 20),
            tail(&String::from_utf8_lossy(&output.stderr), 20)
        ));
    }
    Ok(outcomes)
}

fn threads() -> String {
    std::thread::available_parallelism().map_or(2, |n| n.get()).to_string()
}

/// The outcome of every test libtest reports (`test NAME ... ok|FAILED|ignored`), with each
/// failure's captured output (the `---- NAME stdout ----` sections). Names lose `prefix`.
pub fn parse(stdout: &str, prefix: &str) -> BTreeMap<String, Outcome> {
    let strip = |name: &str| name.strip_prefix(prefix).unwrap_or(name).to_owned();
    let mut outcomes = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, result)) = rest.split_once(" ... ") else { continue };
        let outcome = match result.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed(String::new()),
            r if r.starts_with("ignored") => Outcome::Ignored,
            _ => continue,
        };
        outcomes.insert(strip(name), outcome);
    }
    for (name, text) in failure_sections(stdout) {
        if let Some(Outcome::Failed(message)) = outcomes.get_mut(&strip(&name)) {
            *message = text;
        }
    }
    outcomes
}

/// `(name, output)` of each `---- NAME stdout ----` section.
fn failure_sections(stdout: &str) -> Vec<(String, String)> {
    let mut sections = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        let header = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----"));
        let ends = header.is_some() || line == "failures:" || line.starts_with("test result:");
        if ends {
            if let Some((name, lines)) = current.take() {
                sections.push((name, lines.join("\n").trim().to_owned()));
            }
        }
        match header {
            Some(name) => current = Some((name.to_owned(), Vec::new())),
            None => {
                if let Some((_, lines)) = current.as_mut() {
                    lines.push(line);
                }
            }
        }
    }
    if let Some((name, lines)) = current {
        sections.push((name, lines.join("\n").trim().to_owned()));
    }
    sections
}

/// The last `n` lines of a text.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "
running 4 tests
test protocol_tests::a_case ... ok
test protocol_tests::b_case ... FAILED
test protocol_tests::c_case ... ignored, the reason
test protocol_tests::d_case ... FAILED

failures:

---- protocol_tests::b_case stdout ----

thread 'protocol_tests::b_case' (123) panicked at src/protocol_tests.rs:10:5:
protocol test mismatch in path: URI path: expected \"/a\", got \"/b\"
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- protocol_tests::d_case stdout ----
thread 'protocol_tests::d_case' panicked at src/x.rs:1:1:
boom

failures:
    protocol_tests::b_case
    protocol_tests::d_case

test result: FAILED. 1 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s
";

    #[test]
    fn every_test_and_its_failure_message_is_read() {
        let outcomes = parse(OUTPUT, "protocol_tests::");
        assert_eq!(outcomes.len(), 4);
        assert_eq!(outcomes["a_case"], Outcome::Passed);
        assert_eq!(outcomes["c_case"], Outcome::Ignored);
        let Outcome::Failed(b) = &outcomes["b_case"] else { panic!("b failed") };
        assert!(b.contains("protocol test mismatch in path: URI path"), "{b}");
        assert!(!b.contains("d_case"), "{b}");
        let Outcome::Failed(d) = &outcomes["d_case"] else { panic!("d failed") };
        assert!(d.ends_with("boom"), "{d}");
    }

    #[test]
    fn other_lines_are_not_tests() {
        let outcomes = parse("test result: ok. 0 passed\ntest x ... bench: 1 ns\nrunning 0 tests\n", "");
        assert!(outcomes.is_empty());
    }

    #[test]
    fn the_crates_own_executable_is_found() {
        let messages = r#"{"reason":"compiler-artifact","executable":null}
{"reason":"compiler-artifact","executable":"/t/debug/deps/dep-1"}
{"reason":"build-finished","success":true}
{"reason":"compiler-artifact","executable":"/t/debug/deps/mine-2"}"#;
        assert_eq!(executable(messages), Some(PathBuf::from("/t/debug/deps/mine-2")));
    }
}
