#!/usr/bin/env bash
# bench-memory.sh - resident memory of `radkota serve` (SQLite on disk) with 100,000 users,
# 551 NAS and 30,000 open sessions (issue 7 target: under 100 MiB), driven by the neutral
# load generator in ../shared/tools. Loopback only; every load run is bounded.
#
# Usage: scripts/bench-memory.sh [-u USERS] [-s OPEN_SESSIONS]
# Needs: a release build (cargo build --release); builds the load generator on first use.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER=${PEER:-/tmp/peer-tools}
USERS=100000 SESSIONS=30000
while getopts "u:s:h" opt; do
  case $opt in u) USERS=$OPTARG ;; s) SESSIONS=$OPTARG ;; *) sed -n '2,7p' "$0"; exit 2 ;; esac
done
[ -d "$PEER" ] || cp -r "$HERE/../shared/tools" "$PEER"
[ -x "$PEER/loadgen/target/release/radius-loadgen" ] || cargo build --release --manifest-path "$PEER/loadgen/Cargo.toml"
BIN="$HERE/target/release/radkota"
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)

RK=$(mktemp -d /var/tmp/radkota-mem.XXXXXX)
export RADKOTA_DATA_DIR=$RK RADKOTA_AUTH_LISTEN=127.0.0.1:18420 RADKOTA_ACCT_LISTEN=127.0.0.1:18430
export RADKOTA_CONFIG=$RK/radkota.toml RADKOTA_LOG_LEVEL=warn
# A cheap argon2 cost only so that importing 100,000 users takes seconds, not half an hour;
# the server holds no hashes in memory, so it does not change what is measured.
printf "[auth.argon2]\nmemory_kib = 64\niterations = 1\nparallelism = 1\n${EXTRA_CONFIG:-}" > "$RADKOTA_CONFIG"
"$BIN" plan add bench --rate 2M/4M --session-timeout 1h --hours always >/dev/null
{
  echo "name,address,secret,rw"
  echo "bench,127.0.0.1,testing123,"
  for i in $(seq 2 551); do echo "rw$i,127.0.$((i / 250 + 10)).$((i % 250 + 1)),secret$i,"; done
} > "$RK/nas.csv"
"$BIN" nas import "$RK/nas.csv" >/dev/null
{
  echo "username,full_name,plan,area,password"
  seq -f "%05g" 1 "$USERS" | awk '{print "user" $1 ",User " $1 ",bench,,pass" $1}'
} > "$RK/users.csv"
"$BIN" user import "$RK/users.csv" >/dev/null 2>&1

"$BIN" serve 2>"$RK/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$RK"' EXIT
sleep 2
rss() { awk -v k="$1" '$1 == k":" {printf "%.1f MiB", $2 / 1024}' "/proc/$PID/status"; }
echo "after start: VmRSS $(rss VmRSS)"
load() { "$PEER/peer/load.sh" -k "$1" -n "$2" -c 32 -u "$3" -p 18420 -P 18430 -s testing123 -S "mem$1" | grep '^RESULT'; }
load acct-start "$SESSIONS" "$USERS"
load chap "$USERS" "$USERS"
load pap 20000 "$USERS"
echo "open sessions: $(sqlite3 "$RK/radkota.db" "SELECT COUNT(*) FROM sessions WHERE state = 'open'")"
echo "after the load: VmRSS $(rss VmRSS), peak VmHWM $(rss VmHWM)"
