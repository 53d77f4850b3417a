#!/usr/bin/env bash
# Installs what the build and tests need, idempotently, and quickly when it
# is all there already: the wasm32 target, wasm-bindgen-cli at exactly the
# version of the wasm-bindgen crate, Debian's chromium, chromium-driver and
# firefox-esr, and the npm packages. Nothing is fetched from outside the
# package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

need_browsers=${NEED_BROWSERS:-1}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "== adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo fmt --version >/dev/null 2>&1; then
  echo "== adding rustfmt"
  rustup component add rustfmt
fi

if [ ! -f Cargo.lock ]; then cargo generate-lockfile; fi
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wb_version" ]; then
  echo "== installing wasm-bindgen-cli $wb_version (takes ~10 minutes once)"
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

if [ "$need_browsers" = 1 ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]} from Debian"
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd=sudo
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages"
  npm ci --no-fund --no-audit --loglevel=error
fi
