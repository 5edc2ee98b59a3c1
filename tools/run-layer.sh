#!/usr/bin/env bash
# Runs one test layer and fails when it fails, or when it ran no test at all (a layer that
# silently runs nothing must not look green).
#   tools/run-layer.sh NAME -- COMMAND...
set -euo pipefail
name=$1
shift
[ "${1:-}" = "--" ] && shift
log_dir=target/test-logs
mkdir -p "$log_dir"
log="$log_dir/$name.log"

# Browsers and test runners leave profiles and scratch files behind when they are killed; each
# layer gets its own temporary directory, removed when the layer ends, so runs never fill the disk.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ksh-$name-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

echo "== test layer: $name: $*"
status=0
TMPDIR=$scratch "$@" 2>&1 | tee "$log" || status=$?
[ "$status" -eq 0 ] || { echo "== test layer $name FAILED (exit $status), log: $log"; exit "$status"; }

# cargo and wasm-bindgen-test-runner: "test result: ok. N passed; ..."; node --test: "# pass N".
passed=$(sed -E 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /test result: / { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^passed/) total += $i }
  /^# pass [0-9]+/ { total += $3 }
  END { print total + 0 }')
if [ "$passed" -eq 0 ]; then
  echo "== test layer $name ran no test: failing"
  exit 1
fi
echo "== test layer $name: $passed passed"
