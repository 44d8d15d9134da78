#!/usr/bin/env bash
# bench.sh - throughput of radkota (SQLite on disk) beside FreeRADIUS 3.2 (files mode and
# SQLite on disk), measured in one sitting with the neutral load harness in ../shared/tools
# (copied to $PEER, built once). Loopback only; every run is bounded.
#
# Usage: scripts/bench.sh [-k "KINDS"] [-n REQUESTS] [-N PAP_REQUESTS] [-r RUNS] [-o OUT.md]
#   KINDS: any of chap pap acct-start acct-interim acct-stop mixed (default: all).
#   PAP against radkota pays argon2id per first login, so it gets its own (smaller) count;
#   acct-interim and acct-stop update the sessions of the acct-start run before them.
#   -F: radkota with accounting.fsync = false (crash-safe, not power-cut-safe).
#   -Q: radkota's users on a plan with a daily and a monthly quota and a device limit (the
#   checks of the city's seeded plans; the limit is high enough for the generator's
#   sessions), so every login also counts the user's usage (the default plan has a rate only).
#   -R: radkota only (no FreeRADIUS runs).  -S: skip FreeRADIUS files mode (radkota and
#   FreeRADIUS + SQLite on disk only).
# Needs: freeradius, freeradius-utils, sqlite3 (apt), a release build (cargo build --release).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER=${PEER:-/tmp/peer-tools}
N=20000 NPAP=1000 RUNS=3 OUT=/tmp/radkota-bench.md KINDS="chap pap acct-start acct-interim acct-stop mixed"
FSYNC=true ONLY_RK=0 SKIP_FILES=0 QUOTA=""
while getopts "k:n:N:r:o:FRSQh" opt; do
  case $opt in k) KINDS=$OPTARG ;; n) N=$OPTARG ;; N) NPAP=$OPTARG ;; r) RUNS=$OPTARG ;; o) OUT=$OPTARG ;;
    F) FSYNC=false ;; R) ONLY_RK=1 ;; S) SKIP_FILES=1 ;; Q) QUOTA="--daily-quota 100GB --monthly-quota 1000GB --max-sessions 1000" ;;
    *) sed -n '2,15p' "$0"; exit 2 ;; esac
done
[ -d "$PEER" ] || cp -r "$HERE/../shared/tools" "$PEER"
[ -x "$PEER/loadgen/target/release/radius-loadgen" ] || cargo build --release --manifest-path "$PEER/loadgen/Cargo.toml"
BIN="$HERE/target/release/radkota"
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)

# radkota on a disk-backed SQLite file, 1000 users like the peer's (user00001/pass00001).
RK=$(mktemp -d /var/tmp/radkota-bench.XXXXXX)
export RADKOTA_DATA_DIR=$RK RADKOTA_AUTH_LISTEN=127.0.0.1:18420 RADKOTA_ACCT_LISTEN=127.0.0.1:18430
export RADKOTA_CONFIG=$RK/radkota.toml RADKOTA_LOG_LEVEL=warn
printf '[accounting]\nfsync = %s\nbatch_window_ms = %s\n' "$FSYNC" "${BATCH_WINDOW_MS:-0}" > "$RADKOTA_CONFIG"
"$BIN" nas add bench --address 127.0.0.1 --secret testing123 >/dev/null
# The seeded student plan has hours, quotas and one device per user; the load generator
# opens many sessions per user at any hour, so it gets a plan with the rate limit only.
# shellcheck disable=SC2086 # QUOTA is two options or none
"$BIN" plan add bench --rate 2M/4M --session-timeout 1h --hours always $QUOTA >/dev/null
seq -f "%05g" 1 1000 | xargs -P 2 -I{} "$BIN" user add user{} --plan bench --password pass{} >/dev/null
"$BIN" serve 2>"$RK/server.log" &
RK_PID=$!
trap 'kill $RK_PID 2>/dev/null || true; "$PEER/peer/freeradius-down.sh" -m files >/dev/null 2>&1 || true; "$PEER/peer/freeradius-down.sh" -d /var/tmp/radius-peer-sql-disk >/dev/null 2>&1 || true; rm -rf "$RK"' EXIT
sleep 1

"$PEER/peer/freeradius-up.sh" -m files -a 18220 -A 18230 -u 1000 >/dev/null
FILES_PID=$(cat /dev/shm/radius-peer-files/run/freeradius.pid 2>/dev/null || cat "${TMPDIR:-/tmp}/radius-peer-files/run/freeradius.pid")
"$PEER/peer/freeradius-up.sh" -m sql -u 1000 -d /var/tmp/radius-peer-sql-disk -a 18320 -A 18330 >/dev/null
SQL_PID=$(cat /var/tmp/radius-peer-sql-disk/run/freeradius.pid)

: > "$OUT"
bench() { "$PEER/peer/bench.sh" "$@" | tee -a "$OUT"; }
# Alternate the servers kind by kind, same request count (PAP: see above).
for kind in $KINDS; do
  n=$N; label=radkota-sqlite-disk; [ "$FSYNC" = false ] && label=radkota-sqlite-disk-nofsync
  [ -n "$QUOTA" ] && label=$label-quota
  if [ "$kind" = pap ]; then n=$NPAP; label=radkota-sqlite-disk-argon2; fi
  bench -l "$label" -k "$kind" -n "$n" -r "$RUNS" -p 18420 -P 18430 -i "$RK_PID"
  [ "$ONLY_RK" = 1 ] && continue
  [ "$SKIP_FILES" = 1 ] || bench -l freeradius-files -k "$kind" -n "$N" -r "$RUNS" -p 18220 -P 18230 -i "$FILES_PID"
  bench -l freeradius-sqlite-disk -k "$kind" -n "$N" -r "$RUNS" -p 18320 -P 18330 -i "$SQL_PID"
done
echo "table written to $OUT"
