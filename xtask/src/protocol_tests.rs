//! `cargo xtask protocol-tests DIR`: generates a client for every awsJson service in the Smithy
//! protocol compliance suites, with the suites' client cases as tests, runs them and counts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use smithy_codegen::Settings;

use crate::{generate_crate, runtime_dir, sync, CrateSpec};

/// The suites this generator's protocols cover, and their services.
const SUITES: &[(&str, &[&str])] = &[
    ("aws-json-1_0.json", &["aws.protocoltests.json10#JsonRpc10", "aws.protocoltests.json10#QueryCompatibleJsonRpc10"]),
    ("aws-json-1_1.json", &["aws.protocoltests.json#JsonProtocol", "com.amazonaws.machinelearning#AmazonML_20141212"]),
];

/// Test ids that are not run, with the reason (`id: reason` per line; `#` starts a comment).
const SKIP_LIST: &str = include_str!("../protocol-tests-skip.txt");

/// Counts for one generated crate.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
    /// Cases on the skip list.
    pub skipped: usize,
}

/// The skip list as a map.
pub fn skip_list() -> BTreeMap<String, String> {
    SKIP_LIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .map(|(id, why)| (id.trim().to_owned(), why.trim().to_owned()))
        .collect()
}

/// Generates and runs every suite; prints one line per service and returns the totals.
pub fn run(dir: &Path, work: &Path) -> Result<Counts, String> {
    let mut total = Counts::default();
    for (file, services) in SUITES {
        for service in *services {
            let counts = run_service(&dir.join(file), service, work)?;
            println!(
                "{file} {service}: {} passed, {} failed, {} skipped",
                counts.passed, counts.failed, counts.skipped
            );
            total.passed += counts.passed;
            total.failed += counts.failed;
            total.skipped += counts.skipped;
        }
    }
    Ok(total)
}

fn run_service(model: &Path, service: &str, work: &Path) -> Result<Counts, String> {
    let local = service.rsplit('#').next().unwrap_or(service);
    let crate_name = format!("protocol-test-{}", smithy_codegen::naming::to_snake_case(local).replace('_', "-"));
    let out = work.join(&crate_name);
    let spec = CrateSpec {
        model: model.to_path_buf(),
        out: out.clone(),
        settings: Settings {
            crate_name,
            runtime_path: runtime_dir().display().to_string(),
            standalone: true,
            service: Some(service.to_owned()),
            protocol_tests: true,
            skipped_tests: skip_list(),
            ..Default::default()
        },
    };
    let generated = generate_crate(&spec)?;
    sync::write(&out, &generated.files)?;
    cargo_test(&out, &work.join("target"))
}

fn cargo_test(dir: &Path, target: &Path) -> Result<Counts, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--quiet", "--lib", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .arg("--")
        .arg("protocol_tests")
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut counts = Counts::default();
    let mut found = false;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test result: ") {
            found = true;
            counts.passed += count(rest, "passed");
            counts.failed += count(rest, "failed");
            counts.skipped += count(rest, "ignored");
        }
        if line.starts_with("---- ") || line.contains("panicked at") || line.trim_start().starts_with("left:") || line.trim_start().starts_with("right:") {
            println!("    {line}");
        }
    }
    if !found {
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
        return Err(format!("{}: the tests did not run:\n{}", dir.display(), tail.join("\n")));
    }
    Ok(counts)
}

fn count(summary: &str, word: &str) -> usize {
    summary
        .split([';', '.'])
        .map(str::trim)
        .find_map(|part| part.strip_suffix(word).and_then(|n| n.trim().parse().ok()))
        .unwrap_or(0)
}

/// The default folder of the suites, beside the checkout.
pub fn default_dir() -> PathBuf {
    crate::repo_root().join("../shared/protocol-tests")
}
