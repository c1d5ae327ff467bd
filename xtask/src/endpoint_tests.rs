//! `cargo xtask endpoint-tests DIR`: for every model in DIR whose service has endpoint rules,
//! generates a client with the model's `smithy.rules#endpointTests` cases as tests, runs them
//! and counts. The count is out of every case the model holds (found here, independently of
//! the generator): a case that was not generated or not run counts as failed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use smithy_codegen::Settings;

use crate::protocol_tests::{cargo_test, Counts};
use crate::{generate_crate, json_files, runtime_dir, sync, CrateSpec};

/// Cases that are not run (`Service#N: reason` per line; `#` starts a comment).
const SKIP_LIST: &str = include_str!("../endpoint-tests-skip.txt");

/// The skip list as a map.
pub fn skip_list() -> BTreeMap<String, String> {
    SKIP_LIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(": "))
        .map(|(id, why)| (id.trim().to_owned(), why.trim().to_owned()))
        .collect()
}

/// Generates and runs the cases of every model in `dir`; prints `FILE: N passed, M failed,
/// K skipped` per model and returns the total.
pub fn run(dir: &Path, work: &Path) -> Result<Counts, String> {
    let mut total = Counts::default();
    for model in json_files(dir)? {
        let text = std::fs::read_to_string(&model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", model.display()))?;
        let file = model.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_owned();
        let mut counts = Counts::default();
        for (service, cases) in services_with_tests(&json) {
            counts.add(run_service(&model, &service, cases, work)?);
        }
        println!("{file}: {} passed, {} failed, {} skipped", counts.passed, counts.failed, counts.skipped);
        total.add(counts);
    }
    Ok(total)
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

fn run_service(model: &Path, service: &str, expected: usize, work: &Path) -> Result<Counts, String> {
    let local = service.rsplit('#').next().unwrap_or(service);
    let crate_name = format!("endpoint-test-{}", smithy_codegen::naming::to_snake_case(local).replace('_', "-"));
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
    let not_run = |why: &str| {
        println!("    {service}: {expected} cases not run: {why}");
        Counts { failed: expected, ..Counts::default() }
    };
    let generated = match generate_crate(&spec) {
        Ok(generated) => generated,
        Err(e) => return Ok(not_run(&format!("generation failed: {e}"))),
    };
    if !generated.files.contains_key("src/endpoint_tests.rs") {
        return Ok(not_run("the generated crate has no endpoint tests (its protocol is not supported)"));
    }
    sync::write(&out, &generated.files, true)?;
    let mut counts = match cargo_test(&out, &work.join("target"), "endpoint_tests::") {
        Ok(counts) => counts,
        Err(e) => return Ok(not_run(&e)),
    };
    if counts.total() < expected {
        let missing = expected - counts.total();
        println!("    {service}: {missing} cases were not generated");
        counts.failed += missing;
    }
    Ok(counts)
}

/// The default folder of models, beside the checkout.
pub fn default_dir() -> PathBuf {
    crate::repo_root().join("../shared/models")
}
