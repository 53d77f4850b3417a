#!/usr/bin/env bash
# Builds the optional filter-list engine (filters/) into pkg-filters/:
# tracking_witness_filters.js + tracking_witness_filters_bg.wasm, loaded by
# the background only when the user has imported a filter list
# (docs/filter-lists.md). Safe to run again: cargo and wasm-bindgen only redo
# what changed, and pkg-filters/ is rewritten whole.
#
#   scripts/build-filters.sh
set -euo pipefail
cd "$(dirname "$0")/.."

manifest=filters/Cargo.toml
wasm=filters/target/wasm32-unknown-unknown/release/tracking_witness_filters.wasm
out=pkg-filters

# The crate is not a member of the root package; it has its own lock file
# (--locked keeps the engine at the reviewed version) and target directory.
cargo build --release --locked --target wasm32-unknown-unknown --manifest-path "$manifest" --lib
rm -rf "$out"
wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$out" "$wasm"


for f in "$out"/tracking_witness_filters_bg.wasm "$out"/tracking_witness_filters.js; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-45s %9d bytes raw %9d bytes gzip\n' "$f" "$raw" "$gz"
done
