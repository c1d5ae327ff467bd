//! `cargo xtask protocol-tests DIR`: for every service of every model in DIR, generates a client
//! with the model's `smithy.test` client cases as tests, runs them and counts. The count is out
//! of every client case the model holds for the service (found here, independently of the
//! generator): a case that was not generated or not run counts as failed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use smithy_codegen::Settings;

use crate::{generate_crate, json_files, runtime_dir, sync, CrateSpec};

/// Test ids that are not run, with the reason (`id: reason` per line; `#` starts a comment).
const SKIP_LIST: &str = include_str!("../protocol-tests-skip.txt");

/// The protocol traits a service can carry (`aws.protocols#awsQueryCompatible` is not one).
const PROTOCOLS: &[&str] = &[
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#restJson1",
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "smithy.protocols#rpcv2Cbor",
    "smithy.protocols#rpcv2Json",
];

/// Counts for one service, or a total.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed, were not generated, or could not run.
    pub failed: usize,
    /// Cases on the skip list.
    pub skipped: usize,
}

impl Counts {
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

/// What running every suite found.
#[derive(Debug, Default)]
pub struct Report {
    /// All services.
    pub total: Counts,
    /// Failures in services whose protocol the generator speaks.
    pub supported_failures: usize,
    /// Services whose protocol the generator speaks, that have request cases and cases that ran,
    /// and in which no case failed (with `sabotage`, each is a harness that did not notice).
    pub unbroken: Vec<String>,
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

/// Generates and runs every service of every model in `dir`; prints one line per model file and
/// service, `FILE SERVICE: N passed, M failed, K skipped`.
///
/// With `sabotage`, the crates are built with the runtime's `sabotage` feature, which writes
/// every request slightly wrong: the cases must then fail.
pub fn run(dir: &Path, work: &Path, sabotage: bool) -> Result<Report, String> {
    let mut report = Report::default();
    for model in json_files(dir)? {
        let text = std::fs::read_to_string(&model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", model.display()))?;
        let file = model.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_owned();
        for (service, cases) in client_cases(&json) {
            let (counts, supported) = run_service(&model, &service, cases.total(), work, sabotage)?;
            println!("{file} {service}: {} passed, {} failed, {} skipped", counts.passed, counts.failed, counts.skipped);
            report.total.add(counts);
            if supported {
                report.supported_failures += counts.failed;
                if counts.failed == 0 && counts.passed > 0 && cases.requests > 0 {
                    report.unbroken.push(format!("{file} {service}"));
                }
            }
        }
    }
    Ok(report)
}

/// How many client cases a service has.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CaseCount {
    /// Request cases.
    pub requests: usize,
    /// Response cases (on operations and errors).
    pub responses: usize,
}

impl CaseCount {
    /// All cases.
    pub fn total(&self) -> usize {
        self.requests + self.responses
    }
}

fn run_service(model: &Path, service: &str, expected: usize, work: &Path, sabotage: bool) -> Result<(Counts, bool), String> {
    let local = service.rsplit('#').next().unwrap_or(service);
    let flavour = if sabotage { "sabotaged-" } else { "" };
    let crate_name = format!("protocol-test-{flavour}{}", smithy_codegen::naming::to_snake_case(local).replace('_', "-"));
    let out = work.join(&crate_name);
    let model = &with_s3_rules(model, work, &crate_name)?;
    let spec = CrateSpec {
        model: model.to_path_buf(),
        extra_models: Vec::new(),
        out: out.clone(),
        settings: Settings {
            crate_name,
            runtime: smithy_codegen::RuntimeDependency::Path(runtime_dir().display().to_string()),
            standalone: true,
            service: Some(service.to_owned()),
            protocol_tests: true,
            skipped_tests: skip_list(),
            extra_runtime_features: if sabotage { vec!["sabotage".to_owned()] } else { Vec::new() },
            ..Default::default()
        },
    };
    let not_run = |why: &str| {
        println!("    {expected} cases not run: {why}");
        Counts { failed: expected, ..Counts::default() }
    };
    let json = std::fs::read_to_string(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let supported = smithy_codegen::lower_model(&model.display().to_string(), &json, &spec.settings)
        .map(|ir| ir.service.client_protocol.is_some())
        .unwrap_or(false);
    if !supported {
        return Ok((not_run("the generator does not speak this service's protocol yet"), false));
    }
    let generated = match generate_crate(&spec) {
        Ok(generated) => generated,
        Err(e) => return Ok((not_run(&format!("generation failed: {e}")), true)),
    };
    sync::write(&out, &generated.files, true)?;
    let mut counts = match cargo_test(&out, &work.join("target"), "protocol_tests") {
        Ok(counts) => counts,
        Err(e) => return Ok((not_run(&e), true)),
    };
    if counts.total() < expected {
        let missing = expected - counts.total();
        println!("    {missing} cases were not generated");
        counts.failed += missing;
    }
    Ok((counts, true))
}

/// The S3 service of the restXml suite has no endpoint rules, yet its addressing cases
/// (virtual host, dual-stack, accelerate) are about what the rules decide. When the real S3
/// model is at hand (`../models/s3.json` beside the suites, or in ../shared/models), its rule
/// set, client context parameters, static context parameters and `@contextParam`s are added to
/// the suite's S3 shapes of the same ids, in a copy written to the work folder.
fn with_s3_rules(model: &Path, work: &Path, crate_name: &str) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let mut json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", model.display()))?;
    let candidates = [
        model.parent().map(|p| p.join("../models/s3.json")),
        Some(crate::repo_root().join("../shared/models/s3.json")),
    ];
    let Some(real) = candidates.into_iter().flatten().find(|p| p.exists()) else { return Ok(model.to_path_buf()) };
    let service = "com.amazonaws.s3#AmazonS3";
    let has_rules = |v: &Value| v.pointer(&format!("/shapes/{service}/traits/smithy.rules#endpointRuleSet")).is_some();
    if json.pointer(&format!("/shapes/{service}")).is_none() || has_rules(&json) {
        return Ok(model.to_path_buf());
    }
    let real_text = std::fs::read_to_string(&real).map_err(|e| format!("cannot read {}: {e}", real.display()))?;
    let real: Value = serde_json::from_str(&real_text).map_err(|e| format!("{}: not JSON: {e}", real.display()))?;
    let (Some(real_shapes), Some(shapes)) = (real.get("shapes").and_then(Value::as_object), json.get_mut("shapes").and_then(Value::as_object_mut)) else {
        return Ok(model.to_path_buf());
    };
    for (id, shape) in shapes.iter_mut() {
        let Some(source) = real_shapes.get(id) else { continue };
        for key in ["smithy.rules#endpointRuleSet", "smithy.rules#endpointBdd", "smithy.rules#clientContextParams", "smithy.rules#staticContextParams", "smithy.rules#operationContextParams"] {
            if let Some(value) = source.pointer(&format!("/traits/{key}")) {
                if let Some(traits) = shape.as_object_mut().map(|o| o.entry("traits").or_insert_with(|| Value::Object(Default::default()))) {
                    traits[key] = value.clone();
                }
            }
        }
        let members: Vec<String> = shape.get("members").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
        for member in members {
            let Some(param) = source.pointer(&format!("/members/{member}/traits/smithy.rules#contextParam")) else { continue };
            if let Some(m) = shape.pointer_mut(&format!("/members/{member}")).and_then(Value::as_object_mut) {
                let traits = m.entry("traits").or_insert_with(|| Value::Object(Default::default()));
                traits["smithy.rules#contextParam"] = param.clone();
            }
        }
    }
    std::fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let merged = work.join(format!("{crate_name}.model.json"));
    std::fs::write(&merged, json.to_string()).map_err(|e| format!("cannot write {}: {e}", merged.display()))?;
    Ok(merged)
}

/// Every service with a protocol trait, and how many client cases of that protocol the model
/// holds for it: request and response cases on the operations bound to it (through resources
/// too), and response cases on the errors those operations and the service declare.
pub fn client_cases(model: &Value) -> BTreeMap<String, CaseCount> {
    let empty = serde_json::Map::new();
    let shapes = model.get("shapes").and_then(Value::as_object).unwrap_or(&empty);
    let mut out = BTreeMap::new();
    for (id, shape) in shapes {
        if shape.get("type").and_then(Value::as_str) != Some("service") {
            continue;
        }
        let traits = shape.get("traits").and_then(Value::as_object);
        let protocols: Vec<&str> = PROTOCOLS.iter().copied().filter(|p| traits.is_some_and(|t| t.contains_key(*p))).collect();
        if protocols.is_empty() {
            continue;
        }
        let (operations, errors) = bound_operations(shapes, id);
        let count = |shape_id: &str, key: &str| -> usize {
            let cases = shapes.get(shape_id).and_then(|s| s.pointer(&format!("/traits/{}", key.replace('/', "~1"))));
            cases.and_then(Value::as_array).map_or(0, |cases| {
                cases
                    .iter()
                    .filter(|c| c.get("protocol").and_then(Value::as_str).is_some_and(|p| protocols.contains(&p)))
                    .filter(|c| c.get("appliesTo").and_then(Value::as_str) != Some("server"))
                    .count()
            })
        };
        let mut cases = CaseCount::default();
        for op in &operations {
            cases.requests += count(op, "smithy.test#httpRequestTests");
            cases.responses += count(op, "smithy.test#httpResponseTests");
        }
        for error in &errors {
            cases.responses += count(error, "smithy.test#httpResponseTests");
        }
        out.insert(id.clone(), cases);
    }
    out
}

fn targets<'v>(shape: &'v Value, key: &str) -> impl Iterator<Item = &'v str> {
    let list = shape.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let single = shape.get(key).and_then(|v| v.get("target")).and_then(Value::as_str);
    list.iter().filter_map(|r| r.get("target").and_then(Value::as_str)).chain(single)
}

/// The operations bound to a service (directly or through resources) and the errors they and
/// the service declare.
pub(crate) fn bound_operations(shapes: &serde_json::Map<String, Value>, service: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut operations = BTreeSet::new();
    let mut errors = BTreeSet::new();
    let mut containers = vec![service.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(id) = containers.pop() {
        let Some(shape) = shapes.get(&id).filter(|_| seen.insert(id.clone())) else { continue };
        errors.extend(targets(shape, "errors").map(str::to_owned));
        for key in ["operations", "collectionOperations", "create", "put", "read", "update", "delete", "list"] {
            operations.extend(targets(shape, key).map(str::to_owned));
        }
        containers.extend(targets(shape, "resources").map(str::to_owned));
    }
    for op in &operations {
        if let Some(shape) = shapes.get(op) {
            errors.extend(targets(shape, "errors").map(str::to_owned));
        }
    }
    (operations, errors)
}

pub(crate) fn cargo_test(dir: &Path, target: &Path, filter: &str) -> Result<Counts, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--quiet", "--lib", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .arg("--")
        .arg(filter)
        .env("CARGO_TARGET_DIR", target)
        .env("RUST_BACKTRACE", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut counts = Counts::default();
    let mut found = false;
    let mut in_failure = false;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test result: ") {
            found = true;
            counts.passed += count(rest, "passed");
            counts.failed += count(rest, "failed");
            counts.skipped += count(rest, "ignored");
        }
        // Each failure's output: its `---- name stdout ----` line and the panic message.
        if line.starts_with("---- ") {
            in_failure = true;
        } else if line == "failures:" || line.starts_with("test result") {
            in_failure = false;
        }
        if in_failure && !line.trim().is_empty() && !line.starts_with("note: run with") {
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
