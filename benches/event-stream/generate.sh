#!/usr/bin/env bash
# Generates lambda-generated/ (the benchmark's client) from ../shared/models/lambda.json with
# this checkout's generator. The crate is not committed: the AWS model's documentation must
# not be copied into the repository, so it is made here, before `cargo bench`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
model="${1:-$repo/../shared/models/lambda.json}"
if [ ! -f "$model" ]; then
  echo "generate.sh: $model is absent (../shared/models sits beside the checkout in CI)" >&2
  exit 1
fi
cd "$repo"
cargo run -q -p smithy-codegen-cli -- generate --model "$model" --out "$here/lambda-generated" \
  --operations InvokeWithResponseStream --runtime-path ../../../runtime --crate-name lambda-generated --force
