#!/usr/bin/env bash
# bench-retention.sh - accounting latency while a year of expired personal data is purged.
#
# Builds an aged database once (a synthetic city through `radkota demo seed`: a year of
# per-person daily rollups and every aggregate, plus `radkota demo age` when this build has
# it: a year of finished sessions through the store's accounting writer), then per run: a
# fresh copy of it, `radkota serve` on it (its own periodic purge off), Interim-Updates at
# a fixed rate from `radkota bench` in back-to-back segments, first with nothing else going
# on, then while `radkota retention run` (session_days 180, auth log 90 days, per-person
# rollups 62 days) deletes the backlog in slices and gives SQLite's pages back. Reports the
# accounting p99 of each segment, and per run the median segment p99 without and with the
# purge; medians over the runs. Loopback only; every step bounded in count and time.
#
# Usage: scripts/bench-retention.sh [-u USERS] [-n NAS] [-d DAYS] [-r RUNS] [-R RATE]
#                                   [-s SEGMENT_SECS] [-P] [-o OUT.md]
#   defaults: 5000 users, 551 NAS, 365 days, 3 runs, 500 Interim-Updates/s, 10 s segments.
#   -P: on PostgreSQL ($RADKOTA_TEST_POSTGRES_URL's server; databases radkota_ret_*).
# Needs a release build (cargo build --release) and, for -P, psql.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
USERS=5000 NAS=551 DAYS=365 RUNS=3 RATE=500 SEG=10 PG=0 OUT=/tmp/radkota-bench-retention.md
while getopts "u:n:d:r:R:s:Po:h" opt; do
  case $opt in u) USERS=$OPTARG ;; n) NAS=$OPTARG ;; d) DAYS=$OPTARG ;; r) RUNS=$OPTARG ;;
    R) RATE=$OPTARG ;; s) SEG=$OPTARG ;; P) PG=1 ;; o) OUT=$OPTARG ;;
    *) sed -n '2,19p' "$0"; exit 2 ;; esac
done
BIN="$HERE/target/release/radkota"
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)
WORK=$(mktemp -d /var/tmp/radkota-ret.XXXXXX)
SERVER_PID=""
PGBASE=${RADKOTA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
PGROOT=${PGBASE%/*}
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  if [ "$PG" = 1 ]; then
    psql -q "$PGBASE" -c "DROP DATABASE IF EXISTS radkota_ret_run" \
      -c "DROP DATABASE IF EXISTS radkota_ret_aged" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export RADKOTA_LOG_LEVEL=warn RADKOTA_AUTH_LISTEN=127.0.0.1:18820 RADKOTA_ACCT_LISTEN=127.0.0.1:18830
export RADKOTA_DATA_DIR=$WORK/data
# The server keeps everything (its own purge would race the measured one).
printf '[auth]\nauth_log_retention_days = 0\n[retention]\nsession_days = 0\nuser_usage_days = 0\n' \
  > "$WORK/serve.toml"
printf '[auth]\nauth_log_retention_days = 90\n[retention]\nsession_days = 180\nuser_usage_days = 62\n' \
  > "$WORK/purge.toml"
if [ "$PG" = 1 ]; then
  psql -q "$PGBASE" -c "DROP DATABASE IF EXISTS radkota_ret_aged" -c "CREATE DATABASE radkota_ret_aged" >/dev/null
  AGED_URL=$PGROOT/radkota_ret_aged RUN_URL=$PGROOT/radkota_ret_run
else
  mkdir -p "$WORK/aged"
  AGED_URL=sqlite://$WORK/aged/radkota.db RUN_URL=sqlite://$WORK/data/radkota.db
fi

echo "== building the aged database: $USERS users, $NAS NAS, $DAYS days"
t0=$(date +%s)
RADKOTA_CONFIG=$WORK/serve.toml RADKOTA_DATABASE_URL=$AGED_URL \
  "$BIN" demo seed --nas "$NAS" --users "$USERS" --days "$DAYS" --seed 7 | tail -1
if "$BIN" demo age --help >/dev/null 2>&1; then
  RADKOTA_CONFIG=$WORK/serve.toml RADKOTA_DATABASE_URL=$AGED_URL "$BIN" demo age --days "$DAYS" --auth-log-days "$DAYS" 2>/dev/null | tail -1
else
  echo "(this build has no 'demo age': finished sessions are the seed's last days only)"
fi
Q="SELECT code FROM areas WHERE level = 'rw' ORDER BY code LIMIT 1"
if [ "$PG" = 1 ]; then RW=$(psql -At "$AGED_URL" -c "$Q"); else RW=$(sqlite3 "$WORK/aged/radkota.db" "$Q"); fi
RADKOTA_CONFIG=$WORK/serve.toml RADKOTA_DATABASE_URL=$AGED_URL \
  "$BIN" nas add bench --address 127.0.0.1 --secret testing123 --rw "$RW" >/dev/null
# Copies take the main file only: move the write-ahead log into it first.
[ "$PG" = 1 ] || sqlite3 "$WORK/aged/radkota.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
echo "aged database built in $(( $(date +%s) - t0 )) s"

fresh_copy() {
  if [ "$PG" = 1 ]; then
    psql -q "$PGBASE" -c "DROP DATABASE IF EXISTS radkota_ret_run" \
      -c "CREATE DATABASE radkota_ret_run TEMPLATE radkota_ret_aged" >/dev/null
  else
    # Only the database: the data directory also holds the key that seals NAS secrets.
    rm -f "$WORK/data/radkota.db" "$WORK/data/radkota.db-wal" "$WORK/data/radkota.db-shm"
    mkdir -p "$WORK/data"
    cp "$WORK/aged/radkota.db" "$WORK/data/radkota.db"
    # The sealing key lives beside its database (the key binding): it goes with the copy.
    cp "$WORK/aged/"*.key "$WORK/data/" 2>/dev/null || true
  fi
}

# One load segment: SEG seconds of Interim-Updates at RATE; prints its p99 in ms.
segment() {
  "$BIN" bench --secret testing123 --auth-port 18820 --acct-port 18830 --kind acct-interim \
    -n $((RATE * SEG)) --rate "$RATE" --duration $((SEG + 5)) --session-tag ret \
    > "$WORK/seg.txt"
  local ok p99
  ok=$(grep -o 'timeouts [0-9]*' "$WORK/seg.txt" | awk '{print $2}')
  p99=$(grep -o 'p99 [0-9.]*' "$WORK/seg.txt" | awk '{print $2}')
  [ "${ok:-1}" = 0 ] || cat "$WORK/seg.txt" >&2
  echo "$p99 ${ok:-?}"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

{
  echo "# Accounting p99 during the retention purge ($( [ "$PG" = 1 ] && echo PostgreSQL || echo SQLite ))"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Aged city: $USERS users, $NAS NAS, $DAYS days; load: acct-interim at $RATE/s in ${SEG}-s segments."
  echo
  echo "| run | p99 without purge, ms (segments) | p99 during purge, ms (segments) | purge | rows | slices | longest slice ms | pages given back |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$OUT"
WITHOUT=() WITH=()
for run in $(seq 1 "$RUNS"); do
  fresh_copy
  RADKOTA_CONFIG=$WORK/serve.toml RADKOTA_DATABASE_URL=$RUN_URL "$BIN" serve 2> "$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 1 60); do
    "$BIN" bench --secret testing123 --auth-port 18820 --acct-port 18830 --kind status -n 1 \
      --duration 1 --timeout-ms 500 2>/dev/null | grep -q 'timeouts 0' && break
    sleep 1
  done
  # The sessions the Interim-Updates update.
  "$BIN" bench --secret testing123 --auth-port 18820 --acct-port 18830 --kind acct-start \
    -n $((RATE * SEG)) --rate 2000 --duration 30 --session-tag ret >/dev/null
  base=()
  for _ in 1 2 3; do base+=("$(segment | cut -d' ' -f1)"); done
  RADKOTA_CONFIG=$WORK/purge.toml RADKOTA_DATABASE_URL=$RUN_URL \
    "$BIN" retention run > "$WORK/purge.txt" 2>&1 &
  PURGE_PID=$!
  p0=$(date +%s.%N)
  during=()
  # Segments that start while the purge runs (at most 30: 5 minutes at the default).
  for _ in $(seq 1 30); do
    kill -0 "$PURGE_PID" 2>/dev/null || break
    during+=("$(segment | cut -d' ' -f1)")
  done
  wait "$PURGE_PID"
  p1=$(date +%s.%N)
  if [ "$PG" = 1 ] && [ "$run" = "$RUNS" ]; then
    # Whether autovacuum keeps up: dead tuples right after the purge, and a minute later
    # (autovacuum_naptime is 60 s), the server still under load.
    dead() { psql -At -F' ' "$RUN_URL" -c "SELECT relname, n_live_tup, n_dead_tup, \
      COALESCE(to_char(last_autovacuum, 'HH24:MI:SS'), '-') FROM pg_stat_user_tables \
      WHERE relname IN ('sessions', 'auth_log', 'usage_daily_user', 'usage_daily_user_nas') \
      ORDER BY relname"; }
    dead > "$WORK/dead0"
    "$BIN" bench --secret testing123 --auth-port 18820 --acct-port 18830 --kind acct-interim \
      -n $((RATE * 70)) --rate "$RATE" --duration 75 --session-tag ret >/dev/null
    dead > "$WORK/dead1"
  fi
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  rows=$(awk -F': ' '/deleted:/ {s += $2} END {print s}' "$WORK/purge.txt")
  slices=$(grep -o 'slices: [0-9]*' "$WORK/purge.txt" | awk '{print $2}')
  longest=$(grep -o 'longest [0-9.]* ms' "$WORK/purge.txt" | awk '{print $2}')
  pages=$(grep -o 'pages given back: [0-9]*' "$WORK/purge.txt" | awk '{print $4}')
  b=$(printf '%s\n' "${base[@]}" | median)
  d=$(printf '%s\n' "${during[@]}" | median)
  WITHOUT+=("$b") WITH+=("$d")
  printf '| %s | %s (%s) | %s (%s) | %.0f s | %s | %s | %s | %s |\n' "$run" "$b" "${base[*]}" "$d" \
    "${during[*]}" "$(echo "$p1 - $p0" | bc)" "$rows" "${slices:-0}" "${longest:--}" "${pages:-0}" >> "$OUT"
  cat "$WORK/purge.txt"
done
{
  echo
  echo "Median over $RUNS runs: p99 without purge $(printf '%s\n' "${WITHOUT[@]}" | median) ms, during purge $(printf '%s\n' "${WITH[@]}" | median) ms."
  echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)."
  if [ "$PG" = 1 ]; then
    echo
    echo "Autovacuum (last run): table, live tuples, dead tuples, last autovacuum (UTC) right after the purge ->"
    echo "70 s later under the same load:"
    echo
    paste -d'|' "$WORK/dead0" "$WORK/dead1" | sed 's/^/    /'
  fi
} >> "$OUT"
cat "$OUT"
