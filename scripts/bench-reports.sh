#!/usr/bin/env bash
# bench-reports.sh - seeds the demo dataset (default 551 NAS, 50,000 users, 365 days) on
# SQLite and on PostgreSQL, then times `report weekly` and a one-year `report usage --by rw`
# as an operator runs them (the whole CLI process, wall clock), median of several runs.
#
# Usage: scripts/bench-reports.sh [-n NAS] [-u USERS] [-d DAYS] [-r RUNS] [-b sqlite|postgres|both]
# PostgreSQL: RADKOTA_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/radkota_bench,
# created if missing). Needs a release build (built if missing).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NAS=551 USERS=50000 DAYS=365 RUNS=5 BACKENDS=both
while getopts "n:u:d:r:b:h" opt; do
  case $opt in
    n) NAS=$OPTARG ;; u) USERS=$OPTARG ;; d) DAYS=$OPTARG ;; r) RUNS=$OPTARG ;; b) BACKENDS=$OPTARG ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
PG_URL=${RADKOTA_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/radkota_bench}
BIN="$HERE/target/release/radkota"
(cd "$HERE" && cargo build --release --bin radkota >/dev/null 2>&1)
WORK=$(mktemp -d /var/tmp/radkota-reports.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Times "$@" RUNS times (after one warm-up run) and prints the median in milliseconds.
time_median() {
  "$@" >/dev/null
  for _ in $(seq "$RUNS"); do
    t0=$(now); "$@" >/dev/null; t1=$(now)
    echo "($t1 - $t0) * 1000" | bc -l
  done | median
}

bench() {
  local name=$1 url=$2
  export RADKOTA_DATA_DIR=$WORK/$name RADKOTA_CONFIG=$WORK/$name.toml RADKOTA_DATABASE_URL=$url
  mkdir -p "$RADKOTA_DATA_DIR"; : > "$RADKOTA_CONFIG"
  "$BIN" migrate >/dev/null
  t0=$(now)
  "$BIN" demo seed --nas "$NAS" --users "$USERS" --days "$DAYS" >/dev/null 2>&1
  t1=$(now)
  local to from
  to=$(TZ=Asia/Jakarta date +%F)
  from=$(TZ=Asia/Jakarta date -d "$to - $((DAYS - 1)) days" +%F)
  local weekly usage
  weekly=$(time_median "$BIN" report weekly --format json)
  usage=$(time_median "$BIN" report usage --by rw --from "$from" --to "$to" --format json)
  printf '%-10s seed %6.1f s | report weekly %7.1f ms | report usage --by rw %s..%s %7.1f ms (median of %d)\n' \
    "$name" "$(echo "$t1 - $t0" | bc -l)" "$weekly" "$from" "$to" "$usage" "$RUNS"
}

echo "demo dataset: $NAS NAS, $USERS users, $DAYS days; $(nproc) cores"
case $BACKENDS in sqlite|both) bench sqlite "" ;; esac
case $BACKENDS in postgres|both)
  db=${PG_URL##*/}
  psql "${PG_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
  psql "${PG_URL%/*}/postgres" -qc "CREATE DATABASE $db" >/dev/null
  bench postgres "$PG_URL" ;;
esac
uptime
