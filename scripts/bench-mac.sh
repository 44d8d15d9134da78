#!/usr/bin/env bash
# bench-mac.sh - MAC logins (roaming, issue 22) beside CHAP logins, one sitting, radkota only.
# 1000 users on a plan with a rate limit and MAC roaming; a first CHAP run binds each
# user's device (radkota bench sends one device per user for chap/pap/mschapv2); then
# CHAP and MAC runs alternate RUNS times. Prints `radkota bench`'s lines.
#
# Usage: scripts/bench-mac.sh [-n REQUESTS] [-r RUNS]
# Needs a release build (cargo build --release).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=20000 RUNS=3
while getopts "n:r:h" opt; do
  case $opt in n) N=$OPTARG ;; r) RUNS=$OPTARG ;; *) sed -n '2,9p' "$0"; exit 2 ;; esac
done
BIN="$HERE/target/release/radkota"
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)
RK=$(mktemp -d /var/tmp/radkota-bench-mac.XXXXXX)
export RADKOTA_DATA_DIR=$RK RADKOTA_AUTH_LISTEN=127.0.0.1:18520 RADKOTA_ACCT_LISTEN=127.0.0.1:18530
export RADKOTA_CONFIG=$RK/radkota.toml RADKOTA_LOG_LEVEL=warn
printf '[auth.argon2]\nmemory_kib = 64\niterations = 1\n' > "$RADKOTA_CONFIG"
"$BIN" nas add bench --address 127.0.0.1 --secret testing123 >/dev/null
"$BIN" plan add bench --rate 2M/4M --session-timeout 1h --hours always --mac-roaming 7d >/dev/null
seq -f "%05g" 1 1000 | xargs -P 2 -I{} "$BIN" user add user{} --plan bench --password pass{} >/dev/null
"$BIN" serve 2>"$RK/server.log" &
RK_PID=$!
trap 'kill $RK_PID 2>/dev/null || true; rm -rf "$RK"' EXIT
sleep 1
# Server CPU (user + system clock ticks of 10 ms) around each run: microseconds per request.
ticks() { awk '{print $14 + $15}' "/proc/$RK_PID/stat"; }
run() {
  local t0 line
  t0=$(ticks)
  line=$("$BIN" bench --auth-port 18520 --acct-port 18530 --secret testing123 --users 1000 \
    --kind "$1" -n "$N" --clients 32 2>&1 | grep '^RESULT' || true)
  echo "$line server_us=$(( ($(ticks) - t0) * 10000 / N ))"
}
echo "warm-up (binds every device):"; run chap
for i in $(seq 1 "$RUNS"); do
  echo "chap $i: $(run chap)"
  echo "mac  $i: $(run mac)"
done
echo "bindings: $(sqlite3 "$RK/radkota.db" 'SELECT count(*) FROM mac_bindings')"
