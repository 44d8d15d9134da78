#!/usr/bin/env bash
# bench-flood.sh - Session 6 (issue 25): a wrong-password PAP flood from one registered NAS,
# at the default argon2 cost (OWASP) and the default argon2_workers (one per core), release
# build, SQLite. The same two scenarios as tests/pap_flood.rs, real UDP on loopback:
#  (a) the attacker at 3x the measured argon2 rate while another NAS sends 100 first-time
#      PAP logins at 20/s: all accepted? p50/p99? none of the attacker's accepted?
#  (b) the attacker at 30x the argon2 rate for 30 s while both NAS send CHAP and cached PAP
#      every 100 ms (each sent once, 2 s to answer): how many lost? Then a first-time PAP
#      login from each NAS 5 s after the flood: answered within 1 s?
# Prints the figures lines. Bounded: about 75 s of load in all.
#
# Usage: scripts/bench-flood.sh [-d]    (-d: the debug build; dependencies, argon2 among
# them, are optimised there too, the server's own code is not)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$HERE"
PROFILE=--release
while getopts "dh" opt; do
  case $opt in d) PROFILE= ;; *) sed -n '2,13p' "$0"; exit 2 ;; esac
done
RADKOTA_FLOOD_BENCH=1 cargo test $PROFILE --test pap_flood -- sqlite:: --nocapture --test-threads 1 2>&1 |
  grep -E '^(argon2 |first-time PAP|test |thread .* panicked|  left|  right)' || true
