//! Endpoint rule resolution speed (`RuleSet::resolve`) on the real rule sets of S3 and Cognito,
//! read from the JSON AST models in ../shared/models (or `$SMITHY_SHARED_DIR/models`); skipped,
//! with a message, when they are absent. Also times parsing the S3 rule set, and the client's
//! per-call path (`Runtime::resolve_endpoint`: parameters from the config, then the cache).
//!
//! Run: `cargo bench -p smithy-client-runtime --bench endpoint_resolution`

#![allow(clippy::result_large_err)] // the runtime's `Failure` is returned as it is

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use smithy_client_runtime::client::{HttpTrait, OperationSpec, Protocol, Runtime, ServiceSpec};
use smithy_client_runtime::config::{Config, Region};
use smithy_client_runtime::endpoint::testing::now;
use smithy_client_runtime::endpoint::{LazyRules, ParamValue, RuleSet};

fn models_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let dir = shared.join("models");
    dir.is_dir().then_some(dir)
}

/// The JSON text of a trait (`smithy.rules#endpointRuleSet`, `smithy.rules#endpointBdd`) on the
/// model's service shape.
fn trait_json(dir: &Path, file: &str, trait_id: &str) -> Option<String> {
    let model: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(file)).ok()?).ok()?;
    let shapes = model.get("shapes")?.as_object()?;
    shapes.values().find_map(|shape| Some(shape.get("traits")?.get(trait_id)?.to_string()))
}

fn rules_json(dir: &Path, file: &str) -> Option<String> {
    trait_json(dir, file, "smithy.rules#endpointRuleSet")
}

/// The values in `rs.params()` order; names the rule set does not declare are skipped.
fn values(rs: &RuleSet, given: &[(&str, ParamValue)]) -> Vec<Option<ParamValue>> {
    let mut values = vec![None; rs.params().len()];
    for (name, value) in given {
        if let Some(i) = rs.param_index(name) {
            values[i] = Some(value.clone());
        }
    }
    values
}

/// A client in us-west-2 for a service named `name` whose endpoints come from these rules.
fn runtime(name: &'static str, protocol: Protocol, rules: &'static str) -> Runtime {
    let service = Box::leak(Box::new(ServiceSpec::new(name, protocol).target_prefix(name).endpoint_prefix(name).signing_name(name).rules(Some(Box::leak(Box::new(LazyRules::new(rules))))).regional(true)));
    Runtime::new(Config::builder().region(Region::new("us-west-2")).build(), service)
}

fn op(name: &'static str, http: HttpTrait) -> OperationSpec {
    OperationSpec::new(name, http)
}

fn bench(c: &mut Criterion) {
    let Some(dir) = models_dir() else {
        eprintln!("endpoint_resolution: skipped, it needs the models in ../shared/models (or set SMITHY_SHARED_DIR)");
        return;
    };
    let (Some(s3_json), Some(cognito_json)) = (rules_json(&dir, "s3.json"), rules_json(&dir, "cognito-identity-provider.json")) else {
        eprintln!("endpoint_resolution: skipped, no endpoint rule set found in {}/{{s3,cognito-identity-provider}}.json", dir.display());
        return;
    };
    let (s3_json, cognito_json): (&'static str, &'static str) = (s3_json.leak(), cognito_json.leak());
    let s3 = RuleSet::from_json(s3_json).expect("S3 rule set");
    let cognito = RuleSet::from_json(cognito_json).expect("Cognito rule set");
    let s3_bdd_json: &'static str = trait_json(&dir, "s3.json", "smithy.rules#endpointBdd").unwrap_or_default().leak();
    let s3_bdd = RuleSet::from_bdd_json(s3_bdd_json).expect("S3 decision diagram");

    let s = |v: &str| ParamValue::from(v);
    let f = || ParamValue::from(false);
    let cases = [
        (
            "cognito/us-east-1",
            &cognito,
            values(&cognito, &[("Region", s("us-east-1")), ("UseFIPS", f()), ("UseDualStack", f())]),
            "https://cognito-idp.us-east-1.amazonaws.com",
        ),
        (
            "s3/virtual-host GetObject",
            &s3,
            values(
                &s3,
                &[
                    ("Region", s("us-west-2")),
                    ("Bucket", s("my-bucket")),
                    ("Key", s("photos/a.jpg")),
                    ("UseFIPS", f()),
                    ("UseDualStack", f()),
                    ("ForcePathStyle", f()),
                    ("Accelerate", f()),
                    ("UseGlobalEndpoint", f()),
                    ("DisableMultiRegionAccessPoints", f()),
                ],
            ),
            "https://my-bucket.s3.us-west-2.amazonaws.com",
        ),
        (
            "s3/access point ARN",
            &s3,
            values(&s3, &[("Region", s("us-west-2")), ("Bucket", s("arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint"))]),
            "https://myendpoint-123456789012.s3-accesspoint.us-west-2.amazonaws.com",
        ),
        (
            "s3/path-style endpoint_url",
            &s3,
            values(
                &s3,
                &[
                    ("Region", s("us-east-1")),
                    ("Bucket", s("b")),
                    ("Endpoint", s("http://127.0.0.1:9000")),
                    ("ForcePathStyle", true.into()),
                ],
            ),
            "http://127.0.0.1:9000/b",
        ),
    ];

    // The same S3 cases through the model's decision diagram.
    let bdd_cases: Vec<(String, &RuleSet, Vec<Option<ParamValue>>, &str)> = cases
        .iter()
        .filter(|(name, ..)| name.starts_with("s3/"))
        .map(|(name, _, values, expected)| (format!("bdd {name}"), &s3_bdd, values.clone(), *expected))
        .collect();
    let cases: Vec<(String, &RuleSet, Vec<Option<ParamValue>>, &str)> =
        cases.iter().map(|(name, rs, values, expected)| ((*name).to_owned(), *rs, values.clone(), *expected)).chain(bdd_cases).collect();

    let mut group = c.benchmark_group("endpoint_resolution");
    for (name, rs, values, expected) in &cases {
        // Check once, so the timing cannot silently measure an error path.
        match rs.resolve(values) {
            Ok(endpoint) => assert_eq!(endpoint.url(), *expected, "{name}"),
            Err(e) => panic!("{name}: {e}"),
        }
        group.bench_function(name.as_str(), |b| b.iter(|| rs.resolve(black_box(values))));
    }

    let clients = [
        (
            "client cached/cognito",
            runtime("cognito-idp", Protocol::AwsJson1_1, cognito_json),
            op("ListUserPools", HttpTrait::RPC),
            vec![],
            "https://cognito-idp.us-west-2.amazonaws.com",
        ),
        (
            "client cached/s3 GetObject",
            runtime("s3", Protocol::RestXml, s3_json),
            op("GetObject", HttpTrait { method: "GET", uri: "/{Bucket}/{Key+}?x-id=GetObject" }),
            vec![("Bucket", s("my-bucket")), ("Key", s("photos/a.jpg"))],
            "https://my-bucket.s3.us-west-2.amazonaws.com",
        ),
    ];
    for (name, rt, op, input, expected) in &clients {
        // The first call parses the rules and fills the cache; the timed calls are cache hits.
        let resolved = now(rt.resolve_endpoint(op, input, None)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(resolved.url().trim_end_matches('/'), *expected, "{name}");
        group.bench_function(*name, |b| b.iter(|| now(rt.resolve_endpoint(op, black_box(input), None))));
    }
    group.sample_size(10);
    group.bench_function("s3/parse rule set", |b| b.iter(|| RuleSet::from_json(black_box(s3_json))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
