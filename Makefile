# Konnect Service Hub: build, serve and test, offline.
#
#   make serve   install what is missing, start the local Konnect sandbox and serve the app
#   make test    install what is missing and run every test layer
#
# Every install step is idempotent: it checks the exact pinned version first. Nothing here
# downloads a binary or a browser from the internet: tools come from crates.io, npm and apt.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)
# Trunk must never try to fetch a tool: a missing or mismatched one is an error.
export TRUNK_OFFLINE := true

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must be exactly the version Cargo.lock resolves for the wasm-bindgen crate.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
WASM_OPT_VERSION := 132

SANDBOX_TOKEN ?= spat_LocalSandboxToken0000000000000000000000
SANDBOX_BIN := target/release/konnect-sandbox
STAMP := target/.stamps

.PHONY: help serve sandbox sandbox-bin test test-native test-wasm test-e2e build release size size-breakdown bench \
	tools tools-rust tools-npm tools-browser lint fmt clean

help:
	@echo "make serve      run the app at http://127.0.0.1:8080 against the local Konnect sandbox"
	@echo "make test       run every test: native, wasm in headless Chromium, end-to-end"
	@echo "make sandbox    run the local Konnect sandbox alone, in the foreground"
	@echo "make release    build dist/ for static deployment"
	@echo "make size       raw, gzip and brotli size of every file in dist/"
	@echo "make size-breakdown   the wasm's bytes by crate and by module of ours"
	@echo "make bench      performance measurements (writes target/bench/report.md)"
	@echo "make test-native | test-wasm | test-e2e   one test layer"
	@echo "make lint       cargo fmt --check and clippy"

# ---------------------------------------------------------------------------------------------
# Tools

tools: tools-rust tools-npm

tools-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
		echo "installing trunk $(TRUNK_VERSION) (about 7 minutes, once)"; \
		CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
			cargo install --locked trunk@$(TRUNK_VERSION); \
	fi
	@# No --locked: the tool's own lock file pins a crate version the registry mirror lacks.
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 3 minutes, once)"; \
		cargo install wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)"; \
	fi
	@cargo fetch --locked

tools-npm: $(STAMP)/npm

$(STAMP)/npm: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@wasm-opt --version | grep -q "version $(WASM_OPT_VERSION)"
	@mkdir -p $(STAMP) && touch $@

# Debian's Chromium and its WebDriver, for wasm-bindgen-test and the end-to-end suite.
tools-browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq; \
		$$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver; \
	fi

# ---------------------------------------------------------------------------------------------
# Run

# cargo decides whether anything changed.
sandbox-bin: tools-rust
	@cargo build --locked --release -p konnect-sandbox

sandbox: sandbox-bin
	@$(SANDBOX_BIN) --token "$(SANDBOX_TOKEN)"

# The sandbox runs in the background for as long as trunk serves; the app is built with the
# sandbox token so that it opens already connected to it.
serve: tools sandbox-bin
	@$(SANDBOX_BIN) --token "$(SANDBOX_TOKEN)" & sandbox=$$!; \
	trap 'kill $$sandbox 2>/dev/null' EXIT INT TERM; \
	KSH_SANDBOX_TOKEN="$(SANDBOX_TOKEN)" trunk serve

build: tools
	@trunk build

release: tools
	@trunk build --release

size: release
	@node tools/size.mjs dist

# Where the wasm's bytes go, by crate and by module of ours (raw, and an estimate of brotli).
size-breakdown: release
	@node tools/size-breakdown.mjs

# ---------------------------------------------------------------------------------------------
# Tests. Each layer fails when a test fails and when it ran no test at all.

test: tools tools-browser
	@$(MAKE) test-native
	@$(MAKE) test-wasm
	@$(MAKE) test-e2e

test-native: tools-rust
	@tools/run-layer.sh native -- cargo test --locked --workspace

# No -q: cargo would forward --quiet to wasm-bindgen-test-runner, which rejects it.
test-wasm: tools-rust tools-browser
	@tools/run-layer.sh wasm -- cargo test --locked -p konnect-service-hub --target wasm32-unknown-unknown

test-e2e: release sandbox-bin tools-browser
	@tools/run-layer.sh e2e -- node --test --test-concurrency=1 tests/e2e/

bench: release sandbox-bin tools-browser
	@node tools/bench.mjs

lint:
	@cargo fmt --all -- --check
	@cargo clippy --locked --workspace --all-targets -- -D warnings
	@cargo clippy --locked -p konnect-service-hub --target wasm32-unknown-unknown -- -D warnings

fmt:
	@cargo fmt --all

clean:
	@rm -rf dist target/.stamps
	@cargo clean
