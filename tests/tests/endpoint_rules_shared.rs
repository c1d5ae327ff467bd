//! The runtime's rules engine against every `smithy.rules#endpointTests` case of the real AWS
//! models in ../shared/models (params and expectations only; the generated crates run the same
//! cases through their own `Params` and clients), and the partitions each model's rules reach.
//! These tests live in the integration-tests crate, whose build script tells them whether
//! ../shared is at hand: when it is absent they are reported as ignored, with the reason.

use std::path::{Path, PathBuf};

use serde_json::Value;
use smithy_client_runtime::endpoint::testing::{normalise, properties_json};
use smithy_client_runtime::endpoint::{ParamValue, RuleSet};

/// The endpoint test cases of the models in ../shared/models, exactly: a case that stops being
/// run fails the test as surely as one that fails.
const RULE_SET_CASES: usize = 1_116;
/// Those of them whose model also has its rules as a decision diagram (`endpointBdd`).
const DECISION_DIAGRAM_CASES: usize = 1_059;

/// The real AWS models, beside the checkout.
fn shared_models() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models");
    assert!(dir.is_dir(), "{} is absent: the real AWS models sit beside the checkout in CI", dir.display());
    dir
}

fn param(v: &Value) -> Option<ParamValue> {
    match v {
        Value::String(s) => Some(ParamValue::String(s.clone())),
        Value::Bool(b) => Some(ParamValue::Bool(*b)),
        Value::Array(items) => Some(ParamValue::StringArray(items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())),
        _ => None,
    }
}

/// Runs one case; `Err` says how it differs.
fn run_case(rules: &RuleSet, case: &Value) -> Result<(), String> {
    let params: Vec<(&str, Option<ParamValue>)> =
        case.get("params").and_then(Value::as_object).map(|o| o.iter().map(|(k, v)| (k.as_str(), param(v))).collect()).unwrap_or_default();
    let got = rules.resolve_named(&params);
    let expect = case.get("expect").ok_or("no expectation")?;
    match (expect.get("error").and_then(Value::as_str), got) {
        (Some(message), Err(e)) if e.text() == message => Ok(()),
        (Some(message), Err(e)) => Err(format!("error `{}`, expected `{message}`", e.text())),
        (Some(message), Ok(ep)) => Err(format!("endpoint {}, expected the error `{message}`", ep.url())),
        (None, Err(e)) => Err(format!("error `{}`", e.text())),
        (None, Ok(ep)) => {
            let want = expect.get("endpoint").ok_or("no endpoint expected")?;
            let url = want.get("url").and_then(Value::as_str).unwrap_or_default();
            if ep.url() != url {
                return Err(format!("url {}, expected {url}", ep.url()));
            }
            let headers: serde_json::Map<String, Value> = ep
                .headers()
                .map(|(k, vs)| (k.to_owned(), Value::Array(vs.map(|v| Value::String(v.to_owned())).collect())))
                .collect();
            let want_headers = want.get("headers").cloned().unwrap_or_else(|| serde_json::json!({}));
            if Value::Object(headers.clone()) != want_headers {
                return Err(format!("headers {headers:?}, expected {want_headers}"));
            }
            let props = properties_json(&ep);
            let want_props = normalise(&want.get("properties").cloned().unwrap_or_else(|| serde_json::json!({})));
            if props != want_props {
                return Err(format!("properties {props:?}, expected {want_props}"));
            }
            Ok(())
        }
    }
}

/// Runs every case of every model with the given form of its rules (`endpointRuleSet` or
/// `endpointBdd`), if the model has it, and checks that `expected` cases ran.
fn every_case(trait_id: &str, read: fn(&str) -> Result<RuleSet, smithy_client_runtime::endpoint::RulesError>, expected: usize) {
    let dir = shared_models();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    let (mut passed, mut failed) = (0, Vec::new());
    for file in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("readable")).expect("JSON");
        let shapes = doc["shapes"].as_object().expect("shapes");
        let Some(service) = shapes.values().find(|s| s["type"] == "service") else { continue };
        let Some(rules) = service["traits"].get(trait_id) else { continue };
        let rules = read(&rules.to_string()).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let cases = service["traits"].pointer("/smithy.rules#endpointTests/testCases").and_then(Value::as_array).cloned().unwrap_or_default();
        for case in &cases {
            match run_case(&rules, case) {
                Ok(()) => passed += 1,
                Err(why) => failed.push(format!("{}: {}: {why}", file.file_name().unwrap_or_default().to_string_lossy(), case["documentation"])),
            }
        }
    }
    println!("{trait_id}: {passed} passed, {} failed", failed.len());
    for f in failed.iter().take(40) {
        println!("  {f}");
    }
    assert!(failed.is_empty(), "{} of {} cases fail", failed.len(), passed + failed.len());
    assert_eq!(passed, expected, "{trait_id}: cases run");
}

#[test]
#[cfg_attr(no_shared_models, ignore = "../shared/models is absent (it sits beside the checkout in CI)")]
fn every_params_case_of_the_aws_models() {
    every_case("smithy.rules#endpointRuleSet", RuleSet::from_json, RULE_SET_CASES);
}

#[test]
#[cfg_attr(no_shared_models, ignore = "../shared/models is absent (it sits beside the checkout in CI)")]
fn every_params_case_of_the_aws_models_through_the_decision_diagram() {
    every_case("smithy.rules#endpointBdd", RuleSet::from_bdd_json, DECISION_DIAGRAM_CASES);
}

/// The host the model's rules give for one operation's parameters in us-east-1, cn-north-1 and
/// us-gov-west-1 (the commercial, China and GovCloud partitions); `{region}` and `{suffix}` are
/// filled in per region.
fn check_partitions(model: &str, operation_params: &[(&str, ParamValue)], host: &str) {
    let file = shared_models().join(model);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let service = doc["shapes"].as_object().expect("shapes").values().find(|s| s["type"] == "service").expect("a service");
    let rules = RuleSet::from_json(&service["traits"]["smithy.rules#endpointRuleSet"].to_string()).expect("the rule set parses");
    for (region, suffix) in [("us-east-1", "amazonaws.com"), ("cn-north-1", "amazonaws.com.cn"), ("us-gov-west-1", "amazonaws.com")] {
        let mut params: Vec<(&str, Option<ParamValue>)> = vec![("Region", Some(ParamValue::from(region)))];
        params.extend(operation_params.iter().map(|(n, v)| (*n, Some(v.clone()))));
        let endpoint = rules.resolve_named(&params).unwrap_or_else(|e| panic!("{model} in {region}: {e}"));
        let expected = format!("https://{}", host.replace("{region}", region).replace("{suffix}", suffix));
        assert_eq!(endpoint.url(), expected, "{model} in {region}");
    }
}

macro_rules! partitions {
    ($($name:ident: $model:literal, $host:literal, [$(($param:literal, $value:expr)),*];)*) => {
        $(
            #[test]
            #[cfg_attr(no_shared_models, ignore = "../shared/models is absent (it sits beside the checkout in CI)")]
            fn $name() {
                check_partitions($model, &[$(($param, ParamValue::from($value))),*], $host);
            }
        )*
    };
}

partitions! {
    partitions_cognito_list_users: "cognito-identity-provider.json", "cognito-idp.{region}.{suffix}", [];
    partitions_dynamodb_get_item: "dynamodb.json", "dynamodb.{region}.{suffix}", [("ResourceArn", "arn:aws:dynamodb:us-east-1:111122223333:table/Music")];
    partitions_kms_encrypt: "kms.json", "kms.{region}.{suffix}", [];
    partitions_lambda_invoke: "lambda.json", "lambda.{region}.{suffix}", [];
    partitions_s3_get_object: "s3.json", "amzn-s3-demo-bucket.s3.{region}.{suffix}", [("Bucket", "amzn-s3-demo-bucket"), ("Key", "photos/a.jpg")];
    partitions_sqs_send_message: "sqs.json", "sqs.{region}.{suffix}", [];
    partitions_sso_get_role_credentials: "sso.json", "portal.sso.{region}.{suffix}", [];
    partitions_sts_assume_role: "sts.json", "sts.{region}.{suffix}", [];
}
