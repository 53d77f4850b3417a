# The two commands the README starts with are `make demo` and `make test`.
# Each installs what it needs first (scripts/ensure-deps.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help
WASM_OUT := target/wasm32-unknown-unknown/release/tracking_witness.wasm
export CARGO_TERM_COLOR ?= never

.PHONY: help demo test dist wasm filters deps unit lint schema wasm-check wasm-test webext-lint e2e stress bench clean fuzz mutants

help:
	@echo "make demo   build the extension and run it in Chromium against the local stand-ins (writes out/)"
	@echo "make test   run every test layer"
	@echo "make dist   build dist/chrome, dist/firefox and the packages"
	@echo "make bench  print size and speed figures"
	@echo "make stress 100 stops of the background during 10,000 events (long)"
	@echo "make schema write docs/evidence.schema.json and the entry table of docs/evidence-format.md from src/journal/entries.rs"

deps:
	@scripts/ensure-deps.sh

# Two modules from one crate: the main one, and the actions module (exports,
# cleanup verdicts, settings files; loaded on first use). The second build
# gets its own target directory so the two never overwrite each other.
wasm: deps
	cargo build --release --target wasm32-unknown-unknown --lib
	wasm-bindgen --target web --no-typescript --remove-name-section --experimental-reset-state-function --out-dir pkg $(WASM_OUT)
	cargo build --release --target wasm32-unknown-unknown --lib --features actions-module --target-dir target/actions-module
	cp target/actions-module/wasm32-unknown-unknown/release/tracking_witness.wasm target/actions-module/tracking_witness_actions.wasm
	wasm-bindgen --target web --no-typescript --remove-name-section --out-dir pkg target/actions-module/tracking_witness_actions.wasm

# The optional filter-list engine (filters/, its own crate and lock file),
# loaded by the extension only once the user imports a list.
filters: deps
	scripts/build-filters.sh

dist: wasm filters
	node scripts/build-extension.mjs
	node scripts/build-extension.mjs --variant deep
	node scripts/build-extension.mjs --variant faults

demo: dist
	node scripts/demo.mjs
	cargo run --quiet --release --bin tw-verify -- out/evidence.json

# The schema's data:* definitions and the entry-type table of the evidence
# format, written from the entry descriptions (src/journal/entries.rs);
# `cargo test` (tests/schema.rs) fails while either file is stale.
schema:
	TW_WRITE_SCHEMA=1 cargo test --test schema

unit: deps
	cargo test --workspace
	cargo test --locked --manifest-path filters/Cargo.toml
	node --test tests/js/

# ESLint over the repository's JavaScript (eslint.config.mjs), the type
# check of the extension modules marked // @ts-check (tsconfig.json), then
# Rust's formatting and clippy.
lint: deps
	npx --no-install eslint .
	npx --no-install tsc -p tsconfig.json
	cargo fmt --all --check
	cd filters && cargo fmt --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --features actions-module --target-dir target/actions-module -- -D warnings
	cargo clippy --locked --manifest-path filters/Cargo.toml --all-targets -- -D warnings

wasm-check: deps
	cargo check --target wasm32-unknown-unknown --lib
	cargo check --target wasm32-unknown-unknown --lib --features actions-module --target-dir target/actions-module
	cargo check --locked --target wasm32-unknown-unknown --lib --manifest-path filters/Cargo.toml

wasm-test: deps
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
	  cargo test --target wasm32-unknown-unknown --test wasm

webext-lint: dist
	npx --no-install web-ext lint --source-dir dist/firefox --self-hosted

e2e: dist
	node --test --test-concurrency=1 tests/e2e/

# The stress e2e at full size: 100 forced stops of the service worker during
# 10,000 events in Chromium, 20 idle stops in Firefox (tests/e2e/stress.test.mjs;
# `make e2e` runs it small: 5 stops during 300 events).
stress: dist
	TW_STRESS=full node --test --test-concurrency=1 tests/e2e/stress.test.mjs

test: unit lint wasm-check wasm-test webext-lint e2e
	@echo "make test: every layer passed"

# Property tests of the hostile-input parsers and escapers, a million cases
# each (tests/fuzz.rs, tests/verify.rs, filters/tests/arbitrary.rs; a short
# run is part of `cargo test`).
fuzz:
	TW_FUZZ_CASES=$${TW_FUZZ_CASES:-1000000} cargo test --release --test fuzz --test verify -- --test-threads=2
	TW_FUZZ_CASES=$${TW_FUZZ_CASES:-1000000} cargo test --release --locked --manifest-path filters/Cargo.toml --test arbitrary

# A test of the tests (cargo-mutants on the cleanup verdict, the journal and the
# evidence checker): about three hours; TW_MUTANTS_SHARD=1/6 samples one in six.
mutants:
	scripts/mutants.sh

bench: dist
	node scripts/bench.mjs
	node scripts/bench-browser.mjs

clean:
	rm -rf target pkg pkg-filters filters/target dist out
