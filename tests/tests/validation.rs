//! Validation refuses what Smithy refuses, and nothing valid: typos that used to pass silently
//! (`@httpLabl`, `@requird`, a misspelt protocol) are refused naming the shape and the trait
//! meant; every protocol suite, every model of ../shared/models and of model/, and the reference
//! loader's valid IDL files are accepted. `cargo xtask validate-tests` measures the rest against
//! Smithy's own error files.

use std::path::{Path, PathBuf};

use smithy_codegen::Diagnostic;

/// The diagnostics of an IDL model the reader accepts.
fn problems(idl: &str) -> Vec<Diagnostic> {
    let json = smithy_codegen::idl::parse("typo.smithy", idl).unwrap_or_else(|e| panic!("the IDL reads: {e:?}"));
    match smithy_codegen::validate_model("typo.smithy", &json.to_string()) {
        Ok(warnings) => panic!("the model was accepted (warnings: {warnings:?})"),
        Err(e) => e.diagnostics,
    }
}

fn on<'a>(problems: &'a [Diagnostic], shape: &str) -> &'a Diagnostic {
    problems.iter().find(|d| d.shape_id.as_deref() == Some(shape)).unwrap_or_else(|| panic!("nothing on {shape}: {problems:#?}"))
}

const SERVICE: &str = r#"$version: "2.0"
namespace example.weather
use aws.protocols#restJson1

@restJson1
service Weather {
    version: "2024-01-01"
    operations: [GetForecast]
}
"#;

#[test]
fn a_misspelt_http_label_is_refused_with_the_trait_meant() {
    let model = format!(
        "{SERVICE}\n@http(method: \"GET\", uri: \"/forecast/{{city}}\")\n@readonly\noperation GetForecast {{\n    input := {{\n        @required\n        @httpLabl\n        city: String\n    }}\n}}\n"
    );
    let found = problems(&model);
    let typo = on(&found, "example.weather#GetForecastInput$city");
    assert!(typo.message.contains("unknown trait `example.weather#httpLabl`"), "{}", typo.message);
    assert!(typo.message.contains("did you mean `httpLabel`?"), "{}", typo.message);
    // The label is now bound to nothing, which is reported on the operation.
    assert!(on(&found, "example.weather#GetForecast").message.contains("`city`"));
}

#[test]
fn a_misspelt_required_is_refused_with_the_trait_meant() {
    let model = format!("{SERVICE}\n@readonly\n@http(method: \"GET\", uri: \"/forecast\")\noperation GetForecast {{\n    input := {{\n        @requird\n        @httpQuery(\"city\")\n        city: String\n    }}\n}}\n");
    let found = problems(&model);
    let typo = on(&found, "example.weather#GetForecastInput$city");
    assert!(typo.message.contains("did you mean `required`?"), "{}", typo.message);
}

#[test]
fn a_misspelt_protocol_is_refused() {
    let model = SERVICE.replace("use aws.protocols#restJson1", "use aws.protocols#restJsn1").replace("@restJson1", "@restJsn1");
    let model = format!("{model}\n@readonly\n@http(method: \"GET\", uri: \"/forecast\")\noperation GetForecast {{}}\n");
    // The IDL reader refuses a `use` of a shape that no known package defines.
    let files = vec![("weather.smithy".to_owned(), model.clone())];
    let read = smithy_codegen::idl::load(&files);
    let text = match read {
        Err(errors) => errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
        Ok(json) => match smithy_codegen::validate_model("weather.smithy", &json.to_string()) {
            Err(e) => e.to_string(),
            Ok(warnings) => panic!("accepted, with warnings {warnings:?}"),
        },
    };
    assert!(text.contains("restJsn1") && text.contains("restJson1"), "{text}");
    // In a JSON AST model (no `use`), the misspelt trait is refused on the service, with the
    // trait meant.
    let json =
        r#"{"smithy": "2.0", "shapes": {"example#S": {"type": "service", "version": "1", "traits": {"aws.protocols#restJsn1": {}}}}}"#;
    let err = smithy_codegen::validate_model("m.json", json).expect_err("refused");
    let on_service = on(&err.diagnostics, "example#S");
    assert!(on_service.message.contains("did you mean `aws.protocols#restJson1`?"), "{}", on_service.message);
    // A name in a known package that is no misspelling may be a trait newer than this
    // generator: a warning. So is one differing only in digits (`awsJson1_2`).
    for newer in ["aws.protocols#someFutureProtocol", "aws.protocols#awsJson1_2"] {
        let json = json.replace("aws.protocols#restJsn1", newer);
        let warnings = smithy_codegen::validate_model("m.json", &json).expect("accepted");
        assert!(warnings.iter().any(|w| w.starts_with("example#S: ") && w.contains(newer)), "{warnings:?}");
    }
}

#[test]
fn trait_values_placements_and_bindings_are_checked() {
    let model = format!(
        r#"{SERVICE}
@readonly
@http(method: "GET", uri: "/forecast/{{city}}/{{day}}")
operation GetForecast {{
    input := {{
        @required @httpLabel city: String
        @httpHeader("X-Day") a: String
        @httpHeader("x-day") b: String
        @range(min: 10, max: 1) n: Integer = 20
        @length(min: 1) tag: String = ""
    }}
}}

@required
structure NotAMember {{}}
"#
    );
    let found = problems(&model);
    assert!(on(&found, "example.weather#GetForecast").message.contains("`day`"));
    assert!(on(&found, "example.weather#GetForecastInput").message.contains("header `x-day`"));
    assert!(on(&found, "example.weather#GetForecastInput$n").message.contains("`min` (10) is greater than its `max` (1)"));
    assert!(on(&found, "example.weather#GetForecastInput$tag").message.contains("@default value `\"\"` does not fit"));
    assert!(on(&found, "example.weather#NotAMember").message.contains("trait `required` cannot be applied"));
}

/// Smithy's own error files (`cargo xtask validate-tests` prints the same figures): the models
/// with an ERROR event are refused and their events matched by shape id at the command's goals,
/// and validation refuses none of the others (a file the IDL reader cannot read is the reader's
/// to fix, and is counted by the command, not here).
#[test]
#[cfg_attr(no_shared_idl_tests, ignore = "../shared/idl-tests is absent (it sits beside the checkout in CI)")]
fn smithys_error_files() {
    use xtask::validate_tests::{MIN_MATCHED, MIN_REFUSED};
    let dir = xtask::repo_root().join("../shared/idl-tests/errorfiles");
    let (suites, total) = xtask::validate_tests::run(&dir).unwrap_or_else(|e| panic!("{e}"));
    for suite in suites.iter().chain([&total]) {
        println!("{}", suite.line());
    }
    let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
    assert!(share(total.refused, total.error_files) >= MIN_REFUSED, "{}", total.line());
    assert!(share(total.matched, total.error_events) >= MIN_MATCHED, "{}", total.line());
    let wrongly_refused: Vec<&String> = suites.iter().flat_map(|s| &s.missed).filter(|m| m.contains("valid but refused")).collect();
    assert!(wrongly_refused.is_empty(), "{wrongly_refused:#?}");
    assert_eq!(total.accepted + total.clean_unreadable, total.clean_files, "{}", total.line());
}

/// Every model file of a folder (`*.json`, settings files left out).
fn json_models(dir: &Path) -> Vec<PathBuf> {
    let mut files = xtask::json_files(dir).unwrap_or_else(|e| panic!("{e}"));
    files.retain(|p| !p.ends_with("README.md"));
    files
}

/// Validates each model; every model must be accepted. The number of warnings (each printed),
/// and the time validation took (the slowest model printed).
fn accepted(paths: &[PathBuf]) -> usize {
    let mut warnings = 0;
    let mut refused = Vec::new();
    let mut slowest = (std::time::Duration::ZERO, PathBuf::new());
    for path in paths {
        let json = xtask::model_files::read_model(std::slice::from_ref(path)).unwrap_or_else(|e| panic!("{e}"));
        let started = std::time::Instant::now();
        let result = smithy_codegen::validate_model(&path.display().to_string(), &json);
        slowest = slowest.max((started.elapsed(), path.clone()));
        match result {
            Ok(w) => {
                for line in &w {
                    println!("warning: {}: {line}", path.display());
                }
                warnings += w.len();
            }
            Err(e) => refused.push(e.to_string()),
        }
    }
    assert!(refused.is_empty(), "valid models refused:\n{}", refused.join("\n"));
    println!("slowest to validate: {} ({:?})", slowest.1.display(), slowest.0);
    warnings
}

/// The models this repository generates from are accepted without a validation warning.
#[test]
fn the_models_of_this_repository_are_accepted() {
    let mut models = json_models(&xtask::repo_root().join("model"));
    models.retain(|p| !p.to_string_lossy().ends_with(".settings.json"));
    assert!(models.len() >= 7);
    assert_eq!(accepted(&models), 0, "the repository's own models draw no validation warning");
}

#[test]
#[cfg_attr(no_shared_protocol_tests, ignore = "../shared/protocol-tests is absent (it sits beside the checkout in CI)")]
fn every_protocol_suite_is_accepted() {
    let models = json_models(&xtask::repo_root().join("../shared/protocol-tests"));
    assert_eq!(models.len(), 9);
    accepted(&models);
}

#[test]
#[cfg_attr(no_shared_models, ignore = "../shared/models is absent (it sits beside the checkout in CI)")]
fn every_shared_aws_model_is_accepted() {
    let models = json_models(&xtask::repo_root().join("../shared/models"));
    assert_eq!(models.len(), 8);
    accepted(&models);
}

#[test]
#[cfg_attr(no_shared_idl_tests, ignore = "../shared/idl-tests is absent (it sits beside the checkout in CI)")]
fn the_reference_loaders_valid_files_are_accepted() {
    let dir = xtask::repo_root().join("../shared/idl-tests/loader/valid");
    let shared = dir.join("__shared.json");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    let mut refused = Vec::new();
    for file in files.iter().filter(|f| f.file_name().is_some_and(|n| n != "__shared.json")) {
        let Ok(json) = xtask::model_files::read_model(&[file.clone(), shared.clone()]) else { continue };
        if let Err(e) = smithy_codegen::validate_model(&file.display().to_string(), &json) {
            refused.push(e.to_string());
        }
    }
    assert!(files.len() > 100, "{}", files.len());
    assert!(refused.is_empty(), "{} valid files refused:\n{}", refused.len(), refused.join("\n"));
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "smithy" || e == "json") {
            out.push(path);
        }
    }
}

/// The models corpus (206 AWS service models), when extracted: `SMITHY_CORPUS_DIR=/tmp/corpus
/// cargo test -p integration-tests --test validation -- --ignored corpus`.
#[test]
#[ignore = "needs the extracted models corpus in SMITHY_CORPUS_DIR"]
fn every_corpus_model_is_accepted() {
    let dir = PathBuf::from(std::env::var("SMITHY_CORPUS_DIR").expect("SMITHY_CORPUS_DIR names the extracted corpus"));
    let models = json_models(&dir);
    let warnings = accepted(&models);
    println!("{} corpus models accepted, {warnings} generator warnings", models.len());
}

/// Smithy's error-file models with their shapes' types and trait values swapped for every other
/// kind of value: validation reports or accepts, and never panics.
#[test]
#[cfg_attr(no_shared_idl_tests, ignore = "../shared/idl-tests is absent (it sits beside the checkout in CI)")]
fn mangled_models_never_panic() {
    let mut files = Vec::new();
    collect(&xtask::repo_root().join("../shared/idl-tests/errorfiles"), &mut files);
    let kinds = ["string", "list", "map", "structure", "union", "operation", "service", "resource", "enum", "intEnum", "member"];
    let values =
        [serde_json::json!(null), serde_json::json!([]), serde_json::json!({}), serde_json::json!(-1), serde_json::json!("{x+}/..")];
    let mut runs = 0;
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        let Ok(model) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        let ids: Vec<String> = model["shapes"].as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        for (i, id) in ids.iter().enumerate() {
            let mut changed = model.clone();
            changed["shapes"][id]["type"] = kinds[i % kinds.len()].into();
            let traits: Vec<String> = model["shapes"][id]["traits"].as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
            for (j, t) in traits.iter().enumerate() {
                changed["shapes"][id]["traits"][t] = values[(i + j) % values.len()].clone();
            }
            let _ = smithy_codegen::validate_model("mangled.json", &changed.to_string());
            runs += 1;
        }
    }
    assert!(runs > 500, "{runs}");
}
