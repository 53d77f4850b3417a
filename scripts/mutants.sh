#!/usr/bin/env bash
# make mutants: a test of the tests. cargo-mutants changes the code of the
# three modules whose tests must hold the product's promises (the cleanup
# verdict, the journal, the evidence checker) one small change at a time,
# and runs the tests that cover each; a mutation the tests still pass is
# "missed". Prints each module's score: caught / (caught + missed).
#
#   scripts/mutants.sh            every mutation (about 1,050, some 10 s each:
#                                 about three hours on 2 cores)
#   TW_MUTANTS_SHARD=1/20 scripts/mutants.sh
#                                 one mutation in 20, spread evenly (round-robin):
#                                 an estimate, printed with its uncertainty
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install cargo-mutants --version 27.1.0
shard=${TW_MUTANTS_SHARD:-}
# cargo-nextest, where installed, runs a mutant's tests on both cores and
# stops at the first failure; plain `cargo test` otherwise.
tool=
command -v cargo-nextest >/dev/null && tool=nextest
# (not target/mutants: that is the build directory of the mutants profile)
out=target/mutants-out
mkdir -p "$out"

run() { # name, file glob, test targets...
  local name=$1 file=$2
  shift 2
  local args=(--no-shuffle -f "$file" --output "$out/$name" --in-place --minimum-test-timeout 120 --profile mutants)
  [ -n "$tool" ] && args+=(--test-tool "$tool")
  [ -n "$shard" ] && args+=(--shard "$shard" --sharding round-robin)
  # The test targets go to every cargo call (-C), the build too: built
  # without them, cargo would link all of tests/ for each mutation.
  args+=(-C --lib)
  local t
  for t in "$@"; do args+=(-C --test -C "$t"); done
  # Exit status 2 (some mutations missed) and 3 (some timed out) are
  # results, reported by the score; anything else is a failure to run.
  local status=0
  cargo mutants "${args[@]}" || status=$?
  case $status in 0 | 2 | 3) ;; *) echo "cargo mutants failed ($status)" >&2; exit "$status" ;; esac
}

run cleanup 'src/cleanup.rs' cleanup
run journal 'src/journal/*.rs' journal verify
run check 'src/export/check.rs' verify export timestamp

node scripts/mutants-score.mjs "$out/cleanup" "$out/journal" "$out/check"
