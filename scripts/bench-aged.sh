#!/usr/bin/env bash
# bench-aged.sh - a year of operation against a fresh database, in one sitting (issue 24).
#
# Builds a city: 551 areas and NAS (one at 127.0.0.1, the others never contacted), USERS
# users on the seeded plans (70% student, 30% umkm; the student plan's hours are opened to
# "always" so the bench runs at any hour; quotas and device limits stay on), imported with
# the CLI. A copy of that database is then aged with `radkota demo age` (DAYS of finished
# sessions, two a day per active user, through the store's accounting writer; auth log of
# the last 90 days; 1% stale sessions). Then, alternating fresh and aged, `radkota bench`
# measures each kind cycling through all USERS, and CHAP cycling through 200 users, on a
# server started on a copy. Prints per kind the median req/s over the sittings and the
# aged/fresh ratio. Loopback only; every run is bounded.
#
# Usage: scripts/bench-aged.sh [-b BIN] [-u USERS] [-d DAYS] [-a ACTIVE] [-n N] [-r RUNS]
#          [-k "KINDS"] [-P PG_BASE_URL] [-o OUT] [-K] [-W DIR]
#   BIN: radkota binary (default target/release/radkota, built if missing)
#   USERS 50000, DAYS 365, ACTIVE 0.1 (share of users online on a day; 0.1 keeps the
#   whole run under 15 minutes on 2 cores), N 20000 requests
#   per run, RUNS 3 sittings per database, KINDS "chap chap-200 pap mschapv2 acct-start
#   acct-interim acct-stop mixed" (chap-200: CHAP cycling through 200 users; pap: cached
#   PAP of the first 2,000 users, logged in once by the warm-up), -P: PostgreSQL
#   (databases radkota_aged_*), OUT /tmp/radkota-aged.md; -K: retention off (no purge
#   runs during the sittings); -W DIR: keep the built city in DIR and reuse it when DIR
#   already holds one (DIR is not removed at the end; with -P, DIR holds the sealing key
#   and the databases radkota_aged_fresh and radkota_aged_aged are kept).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$HERE/target/release/radkota" USERS=50000 DAYS=365 ACTIVE=0.1 N=20000 RUNS=3
KINDS="chap chap-200 pap mschapv2 acct-start acct-interim acct-stop mixed" PG="" OUT=/tmp/radkota-aged.md
PAP_USERS=2000
KEEP="" REUSE=""
while getopts "b:u:d:a:n:r:k:P:o:W:Kh" opt; do
  case $opt in b) BIN=$OPTARG ;; u) USERS=$OPTARG ;; d) DAYS=$OPTARG ;; a) ACTIVE=$OPTARG ;;
    n) N=$OPTARG ;; r) RUNS=$OPTARG ;; k) KINDS=$OPTARG ;; P) PG=$OPTARG ;; o) OUT=$OPTARG ;; K) KEEP=1 ;; W) REUSE=$OPTARG ;;
    *) sed -n '2,24p' "$0"; exit 2 ;; esac
done
(( USERS >= 200 && USERS <= 99999 )) || { echo "-u must be 200..99999" >&2; exit 2; }
(( RUNS >= 1 && RUNS <= 10 )) || { echo "-r must be 1..10" >&2; exit 2; }
[ -x "$BIN" ] || cargo build --release --manifest-path "$HERE/Cargo.toml"
if [ -n "$REUSE" ]; then
  mkdir -p "$REUSE"; WORK=$(cd "$REUSE" && pwd)
else
  WORK=$(mktemp -d /var/tmp/radkota-aged.XXXXXX)
fi
PID=""
pg() { psql -q "$PG/postgres" -c "$1" >/dev/null; }
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null
  if [ -n "$PG" ]; then
    local keep=""
    [ -n "$REUSE" ] && keep="radkota_aged_fresh radkota_aged_aged"
    for db in radkota_aged_fresh radkota_aged_aged radkota_aged_run; do
      [[ " $keep " == *" $db "* ]] || pg "DROP DATABASE IF EXISTS $db" || true
    done
  fi
  if [ -n "$REUSE" ]; then rm -rf "$WORK/run"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# PostgreSQL 15 copies a template block by block through its WAL unless told to copy files.
PG_COPY=""
if [ -n "$PG" ] && (( $(psql -At "$PG/postgres" -c "SHOW server_version_num") >= 150000 )); then
  PG_COPY="STRATEGY FILE_COPY"
fi
export RADKOTA_AUTH_LISTEN=127.0.0.1:18520 RADKOTA_ACCT_LISTEN=127.0.0.1:18530 RADKOTA_LOG_LEVEL=warn
SECRET=testing123
# PostgreSQL has no file to keep the sealing key beside: it is named (see README, key file).
[ -n "$PG" ] && export RADKOTA_KEY_FILE=$WORK/postgres.key
t0=$(date +%s)

# A kept city is reused only on the backend it was built for (its first line names it).
if [ -n "$REUSE" ] && [ -f "$WORK/built" ] && [ "$(head -1 "$WORK/built")" = "backend=${PG:-sqlite}" ]; then
  echo "reusing the city built in $WORK" >&2
  t2=$(date +%s)
else
# --- the fresh city, made with the CLI -------------------------------------------------
rm -rf "$WORK/fresh" "$WORK/aged" "$WORK/built"
mkdir -p "$WORK/fresh"
# Cheap argon2 for the import's 50,000 hashes (minutes at the default cost); CHAP and
# MS-CHAPv2 do not use them, and PAP is measured cached, where argon2 does not run.
printf '[accounting]\nfsync = true\n[auth.argon2]\nmemory_kib = 64\niterations = 1\n' > "$WORK/fresh/radkota.toml"
# -K: keep everything (no retention purge), so the sittings measure requests alone rather
# than requests during the server's first purge of the aged copy's expired rows.
[ -n "$KEEP" ] && printf '[auth]\nauth_log_retention_days = 0\n[retention]\nsession_days = 0\n' >> "$WORK/fresh/radkota.toml"
cli() { RADKOTA_DATA_DIR="$WORK/$1" RADKOTA_CONFIG="$WORK/$1/radkota.toml" "$BIN" "${@:2}"; }
if [ -n "$PG" ]; then
  pg "DROP DATABASE IF EXISTS radkota_aged_fresh"; pg "CREATE DATABASE radkota_aged_fresh"
  export RADKOTA_DATABASE_URL=$PG/radkota_aged_fresh
fi
{
  echo "kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code"
  for i in $(seq 0 550); do
    printf 'KC%02d,Kecamatan %d,KL%03d,Kelurahan %d,RW%03d\n' $((i / 50)) $((i / 50)) $((i / 10)) $((i / 10)) "$i"
  done
} > "$WORK/areas.csv"
{
  echo "name,address,secret,rw"
  echo "bench,127.0.0.1,$SECRET,RW000"
  for i in $(seq 1 550); do printf 'rw%03d,10.77.%d.%d,secret-%d,RW%03d\n' "$i" $((i / 250)) $((i % 250 + 1)) "$i" "$i"; done
} > "$WORK/nas.csv"
{
  echo "username,full_name,plan,area,password"
  awk -v n="$USERS" 'BEGIN { for (i = 1; i <= n; i++) printf "user%05d,Bench User %d,%s,RW%03d,pass%05d\n", i, i, (i % 10 < 7 ? "student" : "umkm"), i % 551, i }'
} > "$WORK/users.csv"
cli fresh area import "$WORK/areas.csv" >/dev/null
cli fresh nas import "$WORK/nas.csv" >/dev/null
cli fresh plan set student --hours always >/dev/null
cli fresh user import "$WORK/users.csv" >/dev/null
# Statistics, as autovacuum keeps them on a server that runs it (the shared bench server
# runs with autovacuum off; without them a login's cold read of a year-old database was
# planned blind: 78 CHAP/s against 1,779 analysed, BENCHMARKS.md session 10).
[ -n "$PG" ] && psql -q "$RADKOTA_DATABASE_URL" -c "ANALYZE" >/dev/null
t1=$(date +%s)
echo "fresh city: 551 NAS, $USERS users in $((t1 - t0)) s" >&2

# --- the aged copy ----------------------------------------------------------------------
cp -r "$WORK/fresh" "$WORK/aged"
if [ -n "$PG" ]; then
  pg "DROP DATABASE IF EXISTS radkota_aged_aged"; pg "CREATE DATABASE radkota_aged_aged TEMPLATE radkota_aged_fresh"
  export RADKOTA_DATABASE_URL=$PG/radkota_aged_aged
fi
cli aged demo age --days "$DAYS" --active "$ACTIVE" --sessions-per-day 2 >&2
[ -n "$PG" ] && psql -q "$RADKOTA_DATABASE_URL" -c "ANALYZE" >/dev/null
t2=$(date +%s)
echo "aged in $((t2 - t1)) s" >&2
[ -z "$PG" ] && du -sh "$WORK/aged" >&2
unset RADKOTA_DATABASE_URL

printf 'backend=%s\n%s\n' "${PG:-sqlite}" "$(date)" > "$WORK/built"
fi
# --- sittings -----------------------------------------------------------------------------
: > "$OUT"
sitting() {  # label round
  local db=$1 dir="$WORK/run"
  rm -rf "$dir"
  if [ -n "$PG" ]; then
    pg "DROP DATABASE IF EXISTS radkota_aged_run"; pg "CREATE DATABASE radkota_aged_run TEMPLATE radkota_aged_$db $PG_COPY"
    # As the SQLite copy below: the copy's writes (WAL and data files) are flushed before
    # the server starts, so the sitting does not share the disk and the cores with the
    # checkpoint and the kernel's writeback of a copy that a year-old server never made.
    pg "CHECKPOINT"; sync
    export RADKOTA_DATABASE_URL=$PG/radkota_aged_run
    mkdir -p "$dir"; cp "$WORK/$db/radkota.toml" "$dir/"; cp "$WORK/$db"/*.key "$dir/" 2>/dev/null || true
  else
    cp -r "$WORK/$db" "$dir"
    # The copy leaves its pages dirty in the page cache (2 GiB for the aged city), which
    # the kernel writes back during the sitting, beside the server's own fsyncs: an aged
    # copy measured 0.6x with that against 0.9x without it. A server that has run for a
    # year has no such backlog, so it is written out before the server starts.
    sync
  fi
  # The bench commands read a configuration too: this sitting's, never ./config's.
  export RADKOTA_DATA_DIR=$dir RADKOTA_CONFIG=$dir/radkota.toml
  "$BIN" serve 2>"$dir/server.log" &
  PID=$!
  # Ready when it answers a Status-Server (an aged database takes longer to open).
  for _ in $(seq 100); do
    "$BIN" bench --host 127.0.0.1 --auth-port 18520 --secret "$SECRET" --kind status -n 1 --timeout-ms 200 \
      2>/dev/null | grep -q "ok=1" && break
    sleep 0.2
  done
  local runs=()
  for kind in $KINDS; do
    local k=$kind users=$USERS tag="r$2" warm=$((N / 4))
    case $kind in
      # The same server cycling through 200 users instead of all.
      chap-200) k=chap; users=200 ;;
      # Cached PAP: the first $PAP_USERS users, each logged in once by the warm-up (a
      # first login costs an argon2 run: 50,000 of them would take minutes per sitting).
      pap) users=$PAP_USERS; warm=$PAP_USERS ;;
      # No warm-up: it would leave sessions open (a device limit then refuses logins).
      acct-*) warm=0 ;;
      # A server that has been running has seen its users: one login each first, so the
      # run measures logins of users held in memory, as a city's are after the first hour.
      chap|mschapv2) warm=$users ;;
    esac
    (( warm > 0 )) && "$BIN" bench --host 127.0.0.1 --auth-port 18520 --acct-port 18530 --secret "$SECRET" \
      --kind "$k" -n "$warm" --users "$users" --session-tag "warm-$tag-$kind" --duration 120 >/dev/null 2>&1 || true
    # A first password login binds its device (roaming) in a task of its own, written
    # after the reply: wait until the warm-up's bindings are all stored, so the run does
    # not share the server with that backlog (at most a minute).
    if (( warm > 0 )); then
      local before=-1 now_n
      for _ in $(seq 120); do
        if [ -n "$PG" ]; then now_n=$(psql -At "$RADKOTA_DATABASE_URL" -c "SELECT count(*) FROM mac_bindings" 2>/dev/null || echo 0)
        else now_n=$(sqlite3 "file:$dir/radkota.db?mode=ro" "SELECT count(*) FROM mac_bindings" 2>/dev/null || echo 0); fi
        [ "$now_n" = "$before" ] && break
        before=$now_n; sleep 0.5
      done
    fi
    local c0 c1 line
    c0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    # acct-interim and acct-stop update the sessions of this sitting's acct-start run.
    line=$("$BIN" bench --host 127.0.0.1 --auth-port 18520 --acct-port 18530 --secret "$SECRET" --kind "$k" \
      -n "$N" --users "$users" --session-tag "$tag" --duration 120 2>/dev/null | grep '^RESULT' || true)
    c1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    [ -n "$line" ] || echo "no result for $kind; server log: $(tail -3 "$dir/server.log")" >&2
    local us
    us=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$N" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    echo "$db round=$2 kind=$kind $line server_us=$us" | tee -a "$OUT" >&2
  done
  # Resident memory with every user in the login directory (all USERS were cycled).
  echo "$db round=$2 rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")" | tee -a "$OUT" >&2
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  unset RADKOTA_DATABASE_URL RADKOTA_DATA_DIR RADKOTA_CONFIG
}
for ((round = 1; round <= RUNS; round++)); do
  if (( round % 2 )); then sitting fresh "$round"; sitting aged "$round"
  else sitting aged "$round"; sitting fresh "$round"; fi
done

med() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# By the sitting's own label (the third field): the RESULT text after it says kind=chap
# for the chap-200 run too.
col() { grep "^$1 round=[0-9]* kind=$2 " "$OUT" | sed -n "s/.* $3=\([0-9.]*\).*/\1/p" | med; }
echo
echo "| kind | fresh req/s | aged req/s | aged/fresh | fresh p99 ms | aged p99 ms | fresh server us/req | aged server us/req | failed (fresh/aged) |"
echo "|---|---|---|---|---|---|---|---|---|"
for kind in $KINDS; do
  rf=$(col fresh "$kind" rps); ra=$(col aged "$kind" rps)
  pf=$(col fresh "$kind" p99_us); pa=$(col aged "$kind" p99_us)
  cf=$(col fresh "$kind" server_us); ca=$(col aged "$kind" server_us)
  ff=$(grep "^fresh round=[0-9]* kind=$kind " "$OUT" | sed -n 's/.* timeouts=\([0-9]*\).*/\1/p' | paste -sd+ | bc)
  fa=$(grep "^aged round=[0-9]* kind=$kind " "$OUT" | sed -n 's/.* timeouts=\([0-9]*\).*/\1/p' | paste -sd+ | bc)
  ratio=$(awk -v a="$rf" -v b="$ra" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')
  echo "| $kind | $rf | $ra | $ratio | $(awk -v x="$pf" 'BEGIN{printf "%.2f", x/1000}') | $(awk -v x="$pa" 'BEGIN{printf "%.2f", x/1000}') | $cf | $ca | ${ff:-0}/${fa:-0} |"
done | tee "$OUT.summary"
echo "chap-200: CHAP cycling through 200 users on the same server (compare with chap, $USERS users)"
echo "server RSS at the end of each sitting (KiB): fresh $(grep '^fresh .*rss_kib' "$OUT" | sed 's/.*rss_kib=//' | paste -sd' '), aged $(grep '^aged .*rss_kib' "$OUT" | sed 's/.*rss_kib=//' | paste -sd' ')"
echo "built in $((t2 - t0)) s, total $(( $(date +%s) - t0 )) s; rows in $OUT"
