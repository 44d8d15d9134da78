#!/usr/bin/env bash
# failover.sh - the failover scenarios of tests/failover.rs held longer (RADKOTA_SOAK=1:
# 90 s of mixed load through `radkota bench --servers A,B`, one instance killed with
# SIGKILL after 20 s; and the database cut through a TCP proxy for 20 s), release build.
# Each prints what was acknowledged (records, sessions, by which instance) and fails if any
# acknowledged record is missing or counted twice. Needs RADKOTA_TEST_POSTGRES_URL; only
# loopback is used. Record the printed lines in docs/scaling.md.
#
# Usage: RADKOTA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test scripts/failover.sh [--debug]
# (--debug: the debug build the test suite already has, rather than a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RADKOTA_TEST_POSTGRES_URL:?set RADKOTA_TEST_POSTGRES_URL}"
profile=(--release)
[[ "${1:-}" == "--debug" ]] && profile=()
set +e
RADKOTA_SOAK=1 cargo test "${profile[@]}" --test failover -- --nocapture --test-threads=1 2>&1 |
    grep -E -A2 '^(RESULT|acknowledged|database cut|NAS added|test |  ok|  latency|mixed:|thread .* panicked)'
status=("${PIPESTATUS[@]}")
set -e
echo "cargo test exit status: ${status[0]}"
exit "${status[0]}"
