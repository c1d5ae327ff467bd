#!/usr/bin/env bash
# Runs the end-to-end user-pool story (tests/e2e/story.rs) against moto_server with a client crate
# generated from the full AWS Cognito model, ../shared/models/cognito-identity-provider.json.
#
#   tests/e2e/full-model.sh        (from anywhere; it works from the repository root)
#
# Steps: generate target/e2e-full/cognito-full from the model, write a scratch project
# target/e2e-full/story whose test includes tests/e2e/moto.rs and tests/e2e/story.rs with
# `use cognito_full as cognito;`, and `cargo test` it with CARGO_TARGET_DIR=target so the
# dependencies already built for the workspace are reused.
#
# Exits 0 with a message when ../shared/models is absent. The story itself is skipped (with a
# message) when moto_server is not on PATH, unless SMITHY_CODEGEN_REQUIRE_MOTO=1.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

models=../shared/models
model="$models/cognito-identity-provider.json"
if [ ! -d "$models" ]; then
  echo "full-model e2e skipped: $models is absent (it sits beside the checkout in CI)"
  exit 0
fi
if [ ! -f "$model" ]; then
  echo "full-model e2e: $models exists but $model does not" >&2
  exit 1
fi

work=target/e2e-full
story="$work/story"

echo "==> generating $work/cognito-full from $model"
cargo xtask codegen --model "$model" --out "$work/cognito-full" --crate-name cognito-full

echo "==> writing the scratch project $story"
mkdir -p "$story/src" "$story/tests"
cat > "$story/Cargo.toml" <<'EOF'
# Written by tests/e2e/full-model.sh; rewritten on every run.
[package]
name = "e2e-full-story"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]

[dev-dependencies]
cognito-full = { path = "../cognito-full" }
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time"] }
aws-smithy-types = "1"

[workspace]
EOF
cat > "$story/src/lib.rs" <<'EOF'
//! Scratch crate written by tests/e2e/full-model.sh; the story is in tests/e2e_full.rs.
EOF
cat > "$story/tests/e2e_full.rs" <<EOF
//! Written by tests/e2e/full-model.sh: the user-pool story of $repo/tests/e2e/story.rs, run by
//! the crate generated from the full AWS Cognito model against moto_server.

#[path = "$repo/tests/e2e/moto.rs"]
mod moto;

use cognito_full as cognito;
include!("$repo/tests/e2e/story.rs");
include!("$repo/tests/e2e/driver.rs");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_pool_story_against_moto_full_model() {
    run_story_against_moto("full AWS model").await;
}
EOF
# Start from the workspace's lock file so the scratch project resolves the same versions and
# reuses what is already compiled in target/.
cp Cargo.lock "$story/Cargo.lock"

echo "==> cargo test (CARGO_TARGET_DIR=$repo/target)"
CARGO_TARGET_DIR="$repo/target" cargo test --manifest-path "$story/Cargo.toml" -- --nocapture
