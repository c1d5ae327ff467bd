#!/usr/bin/env bash
# The README's walkthrough ("From your own Smithy model to a client in another repository"),
# run as written: its model (the block after `<!-- walkthrough:model -->`), its commands (after
# `<!-- walkthrough:commands -->`, with `smithy-codegen` being the command `cargo install --path
# cli` installs) and its app (after `<!-- walkthrough:app -->`), in an empty folder outside the
# checkout; the app must build. Then the same model through `cargo xtask codegen` from the
# checkout, without a runtime option, whose crate must build too.
#
#   tests/e2e/readme-walkthrough.sh SMITHY_CODEGEN_BINARY
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${1:?usage: readme-walkthrough.sh PATH/TO/smithy-codegen}"
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
export CARGO_TARGET_DIR="$repo/target/walkthrough"

# The fenced block after a marker line of the README.
block() {
  awk -v marker="<!-- walkthrough:$1 -->" '
    $0 == marker {found = 1; next}
    found && /^```/ && !inside {inside = 1; next}
    inside && /^```$/ {exit}
    inside {print}
  ' "$repo/README.md"
}

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin" "$scratch/weather"
ln -s "$binary" "$scratch/bin/smithy-codegen"
for part in model commands app; do
  block "$part" > "$scratch/$part.txt"
  if [ ! -s "$scratch/$part.txt" ]; then
    echo "the README has no block after <!-- walkthrough:$part -->" >&2
    exit 1
  fi
done
cp "$scratch/model.txt" "$scratch/weather/weather.smithy"
cp "$scratch/commands.txt" "$scratch/commands.sh"

echo "==> the walkthrough's commands, in $scratch, with the installed smithy-codegen"
cat "$scratch/commands.sh"
(cd "$scratch" && PATH="$scratch/bin:$PATH" bash -euo pipefail commands.sh)
cp "$scratch/app.txt" "$scratch/weather-app/src/main.rs"
echo "==> cargo build of the app"
(cd "$scratch/weather-app" && cargo build --quiet)
test -x "$CARGO_TARGET_DIR/debug/weather-app"

echo "==> the same model through cargo xtask codegen from the checkout, no runtime option"
(cd "$repo" && cargo xtask codegen --model "$scratch/weather" --out "$scratch/from-checkout" --crate-name weather-client)
(cd "$scratch/from-checkout" && cargo build --quiet)
echo "the README walkthrough builds as written, from the installed command and from the checkout"
