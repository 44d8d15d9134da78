#!/usr/bin/env bash
# bench-trace.sh - what an attached trace costs CHAP logins at full speed: one release
# server (SQLite, USERS users on a rate-only plan, admin API on), `radkota bench --kind
# chap` in three states, alternated per round: nobody attached; a trace attached whose
# filter matches nothing (`--user nobody`: the filter check on every login); a trace that
# matches every login (the flood: its rate bound shows 20 a second, counts the rest).
# Loopback only; every run is bounded by -n.
#
# Usage: scripts/bench-trace.sh [-b BIN] [-n N] [-R ROUNDS] [-u USERS]   (default target/release/radkota, 20000, 3, 200)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$HERE/target/release/radkota N=20000 ROUNDS=3 USERS=200
while getopts "b:n:R:u:h" opt; do
  case $opt in b) BIN=$OPTARG ;; n) N=$OPTARG ;; R) ROUNDS=$OPTARG ;; u) USERS=$OPTARG ;; *) sed -n '2,9p' "$0"; exit 2 ;; esac
done
(( ROUNDS >= 1 && ROUNDS <= 10 )) || { echo "-R must be 1..10" >&2; exit 2; }
WORK=$(mktemp -d /var/tmp/radkota-trace.XXXXXX)
PID="" TRACE=""
cleanup() { [ -n "$TRACE" ] && kill "$TRACE" 2>/dev/null; [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap "exit 130" INT TERM
cd "$WORK"
mkdir config
cat > config/radkota.toml <<T
[server]
auth_listen = ["127.0.0.1:18520"]
acct_listen = ["127.0.0.1:18530"]
[log]
level = "warn"
[admin]
enabled = true
listen = "127.0.0.1:18540"
T
"$BIN" nas add bench --address 127.0.0.1 --secret testing123 >/dev/null
"$BIN" plan add bench --rate 2M/4M --session-timeout 1h --hours always >/dev/null
seq -f "%05g" 1 "$USERS" | xargs -P 2 -I{} "$BIN" user add user{} --plan bench --password pass{} >/dev/null
TOKEN=$("$BIN" token create --role admin --name bench 2>/dev/null)
"$BIN" serve 2>"$WORK/serve.log" & PID=$!
sleep 2
TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
run() {  # state
  case $1 in
    off) ;;
    miss) curl -sN -H "Authorization: Bearer $TOKEN" 'http://127.0.0.1:18540/api/v1/trace?user=nobody' >/dev/null & TRACE=$! ;;
    flood) curl -sN -H "Authorization: Bearer $TOKEN" 'http://127.0.0.1:18540/api/v1/trace' >"$WORK/trace.out" & TRACE=$! ;;
  esac
  sleep 0.5
  local out before after
  before=$(cpu_ticks)
  out=$("$BIN" bench --secret testing123 --kind chap --auth-port 18520 --users "$USERS" -n "$N" 2>&1)
  if [ -n "$TRACE" ]; then kill "$TRACE" 2>/dev/null; wait "$TRACE" 2>/dev/null || true; TRACE=""; fi
  after=$(cpu_ticks)
  # Server CPU per login does not depend on how busy the client (or the box) was.
  echo "$1 $(grep -oE '[0-9]+ req/s' <<<"$out" | head -1), $(grep -oE 'p99 [0-9.]+' <<<"$out" | head -1) ms, server $(( (after - before) * 1000000 / TICKS / N )) us/login"
}
"$BIN" bench --secret testing123 --kind chap --auth-port 18520 --users "$USERS" -n "$N" >/dev/null 2>&1   # warm-up
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 )); then order="off miss flood"; else order="flood miss off"; fi
  for state in $order; do run "$state"; done
done
echo "flood trace: $(grep -c 'Access-Request id' "$WORK/trace.out" 2>/dev/null || echo 0) blocks shown; last drop line: $(grep 'not shown' "$WORK/trace.out" | tail -1)"
