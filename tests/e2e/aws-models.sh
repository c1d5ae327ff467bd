#!/usr/bin/env bash
# Runs the end-to-end stories against moto_server with client crates generated from the real AWS
# models in ../shared/models: the user-pool story (tests/e2e/story.rs) with cognito-identity-provider.json,
# the S3 story and a 100 MiB streamed round trip (tests/e2e/s3_story.rs) with s3.json, the
# Lambda story (tests/e2e/lambda_story.rs) with lambda.json, the STS story (awsQuery,
# tests/e2e/sts_story.rs) with sts.json and the SQS story (query-compatible awsJson errors,
# tests/e2e/sqs_story.rs) with sqs.json; and, with dynamodb.json and no server, the credentials'
# account id choosing DynamoDB's account endpoint through send() (tests/e2e/dynamodb_account_endpoint.rs)
# aws-smithy-mocks against the S3, DynamoDB and Cognito crates (tests/e2e/mocks_story.rs), and the
# S3 and DynamoDB waiters against moto (tests/e2e/waiters_story.rs), and S3 requests presigned
# and sent by reqwest through a botocore-verifying front of moto (tests/e2e/presigning_story.rs).
#
#   tests/e2e/aws-models.sh        (from anywhere; it works from the repository root)
#
# Steps: generate the six crates under target/e2e-aws, write a scratch project
# target/e2e-aws/stories whose tests include tests/e2e/moto.rs, the story files and
# tests/e2e/driver.rs, and `cargo test` it with CARGO_TARGET_DIR=target so the dependencies
# already built for the workspace are reused. Each test file is its own process, so the large
# object's peak-memory figure is not disturbed by the other stories.
#
# moto checks every request's SigV4 signature (tests/e2e/moto.rs starts it that way, and
# tests/e2e/moto_iam.py, run with python3 and boto3, creates the signing key).
#
# Exits 0 with a message when ../shared/models is absent. The stories themselves are skipped
# (with a message) when moto_server is not on PATH, unless SMITHY_CODEGEN_REQUIRE_MOTO=1: then
# the script fails at once.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

models=../shared/models
if [ ! -d "$models" ]; then
  echo "AWS-model end-to-end stories skipped: $models is absent (it sits beside the checkout in CI)"
  exit 0
fi
for model in cognito-identity-provider s3 lambda sts sqs dynamodb; do
  if [ ! -f "$models/$model.json" ]; then
    echo "AWS-model e2e: $models exists but $models/$model.json does not" >&2
    exit 1
  fi
done

if [ "${SMITHY_CODEGEN_REQUIRE_MOTO:-}" = 1 ] && ! command -v moto_server >/dev/null 2>&1; then
  echo "AWS-model e2e: moto_server is not on PATH and SMITHY_CODEGEN_REQUIRE_MOTO=1 requires the stories to run;" \
    "install it with pip install 'moto[server]==5.2.1'" >&2
  exit 1
fi

work=target/e2e-aws
stories="$work/stories"

for pair in cognito-identity-provider:cognito-full s3:s3-full lambda:lambda-full sts:sts-full sqs:sqs-full dynamodb:dynamodb-full; do
  model="${pair%%:*}"; name="${pair##*:}"
  echo "==> generating $work/$name from $models/$model.json"
  # The work folder is this script's own: --force lets a folder from an older run be rewritten.
  cargo xtask codegen --model "$models/$model.json" --out "$work/$name" --crate-name "$name" --force --runtime-path "$PWD/runtime"
done

# Services with per-service rules, from the corpus (when it is beside the checkout): Route 53,
# S3 Glacier and API Gateway stories against moto.
corpus_tar=../shared/models-corpus/aws-models-corpus.tar.xz
rules_stories=0
if [ -f "$corpus_tar" ]; then
  rules_stories=1
  mkdir -p "$work/corpus"
  tar -xJf "$corpus_tar" -C "$work/corpus" route-53.json glacier.json api-gateway.json
  for pair in route-53:route53-full glacier:glacier-full api-gateway:apigateway-full; do
    model="${pair%%:*}"; name="${pair##*:}"
    echo "==> generating $work/$name from $corpus_tar ($model.json)"
    cargo xtask codegen --model "$work/corpus/$model.json" --out "$work/$name" --crate-name "$name" --force --runtime-path "$PWD/runtime"
  done
else
  echo "Route 53, Glacier and API Gateway stories skipped: $corpus_tar is absent"
fi

echo "==> writing the scratch project $stories"
mkdir -p "$stories/src" "$stories/tests"
cat > "$stories/Cargo.toml" <<'EOF'
# Written by tests/e2e/aws-models.sh; rewritten on every run.
[package]
name = "e2e-aws-stories"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
# The README's S3 example names the crate the way a user would generate it.
s3-client = { package = "s3-full", path = "../s3-full", features = ["test-util"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time", "fs", "io-util"] }

[dev-dependencies]
cognito-full = { path = "../cognito-full", features = ["test-util"] }
lambda-full = { path = "../lambda-full" }
sts-full = { path = "../sts-full" }
sqs-full = { path = "../sqs-full" }
dynamodb-full = { path = "../dynamodb-full", features = ["test-util"] }
aws-smithy-types = "1"
aws-smithy-runtime-api = { version = "1", features = ["client", "http-1x"] }
aws-smithy-mocks = "0.3"
aws-smithy-async = { version = "1", features = ["test-util"] }
aws-types = "1"
http = "1"
aws-smithy-eventstream = "0.61"
# A plain HTTP client, outside the generated crate, sends the presigned requests (the runtime's
# own features, so it is built once).
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls-webpki-roots", "rustls-tls-native-roots"] }

[workspace]
EOF
if [ "$rules_stories" = 1 ]; then
  cat >> "$stories/Cargo.toml" <<'EOF'

[dev-dependencies.route53-full]
path = "../route53-full"

[dev-dependencies.glacier-full]
path = "../glacier-full"

[dev-dependencies.apigateway-full]
path = "../apigateway-full"
EOF
fi
# The README's S3 example (the block after `<!-- s3-example -->`) becomes this crate's docs, so
# `cargo test` compiles it as a doctest (`no_run`: it would need a server).
awk '/<!-- s3-example -->/ {found = 1; next} found && /^```rust/ {print "```rust,no_run"; inside = 1; next} inside {print} inside && /^```$/ {exit}' \
  README.md > "$stories/src/s3_example.md"
if ! grep -q "s3::Client::from_conf" "$stories/src/s3_example.md"; then
  echo "the README's S3 example was not found after <!-- s3-example -->" >&2
  exit 1
fi
cat > "$stories/src/lib.rs" <<'EOF'
//! Scratch crate written by tests/e2e/aws-models.sh: its docs are the README's S3 example, and the
//! stories are in tests/.
#![doc = include_str!("s3_example.md")]
EOF
story_test() { # file, use-line, includes, test name, call
  cat > "$stories/tests/$1.rs" <<EOF
//! Written by tests/e2e/aws-models.sh: runs a story of $repo/tests/e2e against moto_server.

#[path = "$repo/tests/e2e/moto.rs"]
mod moto;

$2
include!("$repo/tests/e2e/$3");
include!("$repo/tests/e2e/driver.rs");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn $4() {
    $5
}
EOF
}
story_test cognito "use cognito_full as cognito;" story.rs user_pool_story_full_model \
  'run_against_moto("user-pool story (full AWS Cognito model)", moto::IfMissing::Skip, |access| async move { run_story(&access).await }).await;'
story_test s3 "use s3_client as s3;" s3_story.rs s3_story \
  'run_against_moto("S3 story (full AWS S3 model)", moto::IfMissing::Skip, |access| async move { run_s3_story(&access).await }).await;'
story_test s3_large "use s3_client as s3;" s3_story.rs s3_large_object_memory \
  'run_against_moto("S3 100 MiB streamed round trip", moto::IfMissing::Skip, |access| async move { large_object_round_trip(&access, 100).await }).await;'
story_test lambda "use lambda_full as lambda;" lambda_story.rs lambda_story \
  'run_against_moto("Lambda story (full AWS Lambda model)", moto::IfMissing::Skip, |access| async move { run_lambda_story(&access).await }).await;'
story_test sts "use sts_full as sts;" sts_story.rs sts_story \
  'run_against_moto("STS story (full AWS STS model, awsQuery)", moto::IfMissing::Skip, |access| async move { run_sts_story(&access).await }).await;'
story_test sqs "use sqs_full as sqs;" sqs_story.rs sqs_story \
  'run_against_moto("SQS story (full AWS SQS model, query-compatible errors)", moto::IfMissing::Skip, |access| async move { run_sqs_story(&access).await }).await;'
story_test waiters "use s3_client as s3; use dynamodb_full as dynamodb;" waiters_story.rs waiters_story \
  'run_against_moto("Waiters story (S3 and DynamoDB models)", moto::IfMissing::Skip, |access| async move { run_waiters_story(&access).await }).await;'
story_test presigning "use s3_client as s3;" presigning_story.rs presigning_story \
  "run_against_moto(\"Presigning story (S3 model, signatures checked by botocore)\", moto::IfMissing::Skip, |access| async move { run_presigning_story(&access, \"$repo/tests/e2e/presign_proxy.py\").await }).await;"
if [ "$rules_stories" = 1 ]; then
  story_test route53 "use route53_full as route53;" route53_story.rs route53_story \
    'run_against_moto("Route 53 story (full AWS Route 53 model, ids passed back as returned)", moto::IfMissing::Skip, |access| async move { run_route53_story(&access).await }).await;'
  story_test glacier "use glacier_full as glacier; use apigateway_full as apigateway;" glacier_apigateway_story.rs glacier_story \
    'run_against_moto("Glacier story (full AWS S3 Glacier model)", moto::IfMissing::Skip, |access| async move { run_glacier_story(&access).await }).await;'
  story_test apigateway "use glacier_full as glacier; use apigateway_full as apigateway;" glacier_apigateway_story.rs apigateway_story \
    'run_against_moto("API Gateway story (full AWS API Gateway model)", moto::IfMissing::Skip, |access| async move { run_apigateway_story(&access).await }).await;'
fi
# Not a story: DynamoDB's account endpoint through send(), recorded by an HttpClient.
cp tests/e2e/dynamodb_account_endpoint.rs "$stories/tests/dynamodb_account_endpoint.rs"
# Not a story either: aws-smithy-mocks against the S3, DynamoDB and Cognito crates.
cp tests/e2e/mocks_story.rs "$stories/tests/mocks_story.rs"
# Nor this: the event streams of the Lambda and S3 models against in-process servers.
cp tests/e2e/event_stream_story.rs "$stories/tests/event_stream_story.rs"
# Start from the workspace's lock file so the scratch project resolves the same versions and
# reuses what is already compiled in target/.
cp Cargo.lock "$stories/Cargo.lock"

echo "==> cargo test (CARGO_TARGET_DIR=$repo/target)"
CARGO_TARGET_DIR="$repo/target" cargo test --manifest-path "$stories/Cargo.toml" -- --nocapture --test-threads 1 2>&1 | tee "$work/stories.log"

figures="${SMITHY_FIGURES_DIR:-$repo/target/figures}"
mkdir -p "$figures"

# The models' examples (`smithy.api#examples`) are doc examples of the client methods: each
# crate's doctests compile them (`no_run`). KMS is generated here for its examples only.
echo "==> generating $work/kms-full from $models/kms.json (for its examples)"
cargo xtask codegen --model "$models/kms.json" --out "$work/kms-full" --crate-name kms-full --force --runtime-path "$PWD/runtime"
: > "$work/doctests.log"
for name in s3-full kms-full lambda-full sts-full dynamodb-full cognito-full sqs-full; do
  echo "==> cargo test --doc for $name (the model's examples)"
  cp Cargo.lock "$work/$name/Cargo.lock"
  started=$(date +%s)
  CARGO_TARGET_DIR="$repo/target" cargo test --doc --manifest-path "$work/$name/Cargo.toml" > "$work/doctests-$name.log" 2>&1 \
    || { tail -60 "$work/doctests-$name.log" >&2; echo "the doctests of $name failed" >&2; exit 1; }
  cat "$work/doctests-$name.log" >> "$work/doctests.log"
  echo "$name: $(grep -c '^test src/client/.* - compile ... ok$' "$work/doctests-$name.log") examples compiled in $(( $(date +%s) - started )) s"
done
python3 - "$models" "$work/doctests.log" "$figures/examples.json" <<'PY'
import glob, json, re, sys
# Every example of every model in ../shared/models counts (SSO, not generated here, has none).
given = sum(
    len(s.get("traits", {}).get("smithy.api#examples", []))
    for path in sorted(glob.glob(f"{sys.argv[1]}/*.json"))
    for s in json.load(open(path))["shapes"].values()
)
compiled = sum(1 for line in open(sys.argv[2]) if re.match(r"test src/client/.* - compile \.\.\. ok$", line.strip()))
print(f"examples of the shared models compiled as doctests: {compiled} of {given}")
json.dump({"e2e.examples": f"{compiled:,}", "e2e.examples-of": f"{given:,}"}, open(sys.argv[3], "w"), indent=2, sort_keys=True)
PY

# Each story's step count, for `cargo xtask figures --check` (the README quotes them).
if ! grep -q " against moto, " "$work/stories.log"; then
  echo "the stories did not run (moto_server is absent): no figures recorded"
  exit 0
fi
python3 - "$work/stories.log" "$figures/e2e.json" "$rules_stories" <<'PY'
import json, re, sys
keys = {"user-pool story": "e2e.cognito", "S3 story": "e2e.s3", "S3 100 MiB": "e2e.s3-large",
        "Lambda story": "e2e.lambda", "STS story": "e2e.sts", "SQS story": "e2e.sqs",
        "Waiters story": "e2e.waiters", "Presigning story": "e2e.presigning"}
if sys.argv[3] == "1":
    keys.update({"Route 53 story": "e2e.route53", "Glacier story": "e2e.glacier", "API Gateway story": "e2e.apigateway"})
found = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"(.*) against moto, (\d+) steps", line.strip())
    if m:
        for prefix, key in keys.items():
            if m.group(1).startswith(prefix):
                found[key] = m.group(2)
missing = sorted(set(keys.values()) - set(found))
if missing:
    sys.exit(f"no transcript in the story output for: {', '.join(missing)}")
json.dump(found, open(sys.argv[2], "w"), indent=2, sort_keys=True)
PY
