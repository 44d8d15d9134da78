#!/usr/bin/env bash
# bench-ab.sh - two radkota binaries in one sitting, alternating A B B A A B ...: each run
# is a fresh copy of a SQLite file on disk (made once per binary by that binary: one NAS,
# a rate-only plan, users user00001..01000 / pass00001..), then the peer harness's bench.sh
# measures each kind. PAP is measured after its warm-up has logged every user in once, so
# it is the cached (repeat) PAP login. Loopback only; every run is bounded.
#
# Usage: scripts/bench-ab.sh -a OLD_BIN -b NEW_BIN [-k "KINDS"] [-n N] [-r RUNS] [-R ROUNDS] [-o OUT] [-Q]
#   KINDS: default "chap pap acct-start acct-interim acct-stop"; N requests per run
#   (default 10000), RUNS per kind per sitting (default 3), ROUNDS of A B / B A (default 2).
#   -Q: the users' plan has a daily and a monthly quota and a device limit, like the city's
#   student plan, so every login also sums the user's usage and counts open sessions.
#   -P BASE_URL: PostgreSQL instead of SQLite (e.g. postgres://postgres@127.0.0.1:5432):
#   a template database per binary, copied (CREATE DATABASE ... TEMPLATE) per sitting.
# Needs the load harness in $PEER (copied from ../shared/tools and built if missing).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER=${PEER:-/tmp/peer-tools}
A="" B="" KINDS="chap pap acct-start acct-interim acct-stop" N=10000 RUNS=3 ROUNDS=2 OUT=/tmp/radkota-ab.md
LIMITS="" PG=""
while getopts "a:b:k:n:r:R:o:QP:h" opt; do
  case $opt in a) A=$OPTARG ;; b) B=$OPTARG ;; k) KINDS=$OPTARG ;; n) N=$OPTARG ;; r) RUNS=$OPTARG ;;
    R) ROUNDS=$OPTARG ;; o) OUT=$OPTARG ;; P) PG=$OPTARG ;; Q) LIMITS="--daily-quota 100GB --monthly-quota 1000GB --max-sessions 100" ;;
    *) sed -n '2,15p' "$0"; exit 2 ;; esac
done
[ -x "$A" ] && [ -x "$B" ] || { echo "give two binaries with -a and -b" >&2; exit 2; }
(( ROUNDS >= 1 && ROUNDS <= 10 )) || { echo "-R must be 1..10" >&2; exit 2; }
[ -d "$PEER" ] || cp -r "$HERE/../shared/tools" "$PEER"
[ -x "$PEER/loadgen/target/release/radius-loadgen" ] || cargo build --release --manifest-path "$PEER/loadgen/Cargo.toml"

WORK=$(mktemp -d /var/tmp/radkota-ab.XXXXXX)
PID=""
pg() { psql -q "$PG/postgres" -c "$1" >/dev/null; }
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null
  if [ -n "$PG" ]; then
    for db in radkota_ab_tpl_a radkota_ab_tpl_b radkota_ab_run; do pg "DROP DATABASE IF EXISTS $db" || true; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export RADKOTA_AUTH_LISTEN=127.0.0.1:18420 RADKOTA_ACCT_LISTEN=127.0.0.1:18430 RADKOTA_LOG_LEVEL=warn
# PostgreSQL has no file to keep the sealing key beside: it is named (see README, key file).
[ -n "$PG" ] && export RADKOTA_KEY_FILE=$WORK/postgres.key

# A template database per binary, made by that binary.
template() {  # label bin
  local dir="$WORK/template-$1"
  mkdir -p "$dir"
  printf '[accounting]\nfsync = true\n' > "$dir/radkota.toml"
  if [ -n "$PG" ]; then
    pg "DROP DATABASE IF EXISTS radkota_ab_tpl_${1,,}"
    pg "CREATE DATABASE radkota_ab_tpl_${1,,}"
    export RADKOTA_DATABASE_URL=$PG/radkota_ab_tpl_${1,,}
  fi
  RADKOTA_DATA_DIR=$dir RADKOTA_CONFIG=$dir/radkota.toml "$2" nas add bench --address 127.0.0.1 --secret testing123 >/dev/null
  # shellcheck disable=SC2086 # LIMITS is several options or none
  RADKOTA_DATA_DIR=$dir RADKOTA_CONFIG=$dir/radkota.toml "$2" plan add bench --rate 2M/4M --session-timeout 1h --hours always $LIMITS >/dev/null
  seq -f "%05g" 1 1000 | RADKOTA_DATA_DIR=$dir RADKOTA_CONFIG=$dir/radkota.toml \
    xargs -P 2 -I{} "$2" user add user{} --plan bench --password pass{} >/dev/null
  unset RADKOTA_DATABASE_URL
}
template A "$A"
template B "$B"

: > "$OUT"
sitting() {  # label bin round
  local dir="$WORK/run-$1-$3"
  cp -r "$WORK/template-$1" "$dir"
  if [ -n "$PG" ]; then
    pg "DROP DATABASE IF EXISTS radkota_ab_run"
    pg "CREATE DATABASE radkota_ab_run TEMPLATE radkota_ab_tpl_${1,,}"
    export RADKOTA_DATABASE_URL=$PG/radkota_ab_run
  fi
  RADKOTA_DATA_DIR=$dir RADKOTA_CONFIG=$dir/radkota.toml "$2" serve 2>"$dir/server.log" &
  PID=$!
  sleep 1
  "$PEER/peer/bench.sh" -l "$1-round$3" -k "$KINDS" -n "$N" -r "$RUNS" -p 18420 -P 18430 -i "$PID" \
    | grep '^| [AB]-' | tee -a "$OUT"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  unset RADKOTA_DATABASE_URL
  rm -rf "$dir"
}
for ((round = 1; round <= ROUNDS; round++)); do
  if (( round % 2 )); then sitting A "$A" "$round"; sitting B "$B" "$round"
  else sitting B "$B" "$round"; sitting A "$A" "$round"; fi
done

# Per binary and kind: the median over every sitting of the sittings' median req/s and
# server CPU per request.
echo
echo "| kind | A req/s (median of sittings) | B req/s | B/A | A server us/req | B server us/req |"
echo "|---|---|---|---|---|---|"
for kind in $KINDS; do
  med() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
  col() { grep "^| $1-round[0-9]* | $kind |" "$OUT" | awk -F'|' -v c="$2" '{gsub(/ /, "", $c); print $c}' | med; }
  ra=$(col A 7); rb=$(col B 7); ca=$(col A 12); cb=$(col B 12)
  ratio=$(awk -v a="$ra" -v b="$rb" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')
  echo "| $kind | $ra | $rb | $ratio | $ca | $cb |"
done | tee -a "$OUT.summary"
echo "rows in $OUT, summary in $OUT.summary"
