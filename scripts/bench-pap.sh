#!/usr/bin/env bash
# bench-pap.sh - PAP against argon2id at OWASP cost (issue 7: at least 90% of the argon2
# ceiling, cores / verify time). The verified-password cache is turned off, so every login
# pays one argon2id verification. With one argon2 worker the rate is 1 / verify time as the
# server sees it; with one worker per core it should come close to cores times that.
# Then, with the cache on, repeat logins of the same users (issue 7: at CHAP speed).
#
# Usage: scripts/bench-pap.sh [-n REQUESTS] [-r RUNS]
# Needs a release build (cargo build --release). Loopback only, bounded by request count.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$HERE/target/release/radkota"
N=300 RUNS=3
while getopts "n:r:h" opt; do
  case $opt in n) N=$OPTARG ;; r) RUNS=$OPTARG ;; *) sed -n '2,9p' "$0"; exit 2 ;; esac
done
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)
CORES=$(nproc)
RK=$(mktemp -d /var/tmp/rkpap.XXXX)
export RADKOTA_DATA_DIR=$RK RADKOTA_AUTH_LISTEN=127.0.0.1:18420 RADKOTA_ACCT_LISTEN=127.0.0.1:18430
export RADKOTA_CONFIG=$RK/radkota.toml RADKOTA_LOG_LEVEL=warn
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$RK"' EXIT
: > "$RADKOTA_CONFIG"
"$BIN" nas add bench --address 127.0.0.1 --secret testing123 >/dev/null
"$BIN" plan add bench --rate 2M/4M --session-timeout 1h --hours always >/dev/null
seq -f "%05g" 1 1000 | xargs -P "$CORES" -I{} "$BIN" user add user{} --plan bench --password pass{} >/dev/null
B="$BIN bench --secret testing123 --auth-port 18420 --acct-port 18430 --users 1000 --user-prefix user --pass-prefix pass"
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
rps() { sed -n 's/.*rps=\([0-9.]*\).*/\1/p'; }
serve() {  # cache_secs workers
  printf '[auth]\npassword_cache_secs = %s\nargon2_workers = %s\n' "$1" "$2" > "$RADKOTA_CONFIG"
  "$BIN" serve 2>>"$RK/server.log" & PID=$!
  sleep 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
for workers in 1 "$CORES"; do
  serve 0 "$workers"
  rates=$(for _ in $(seq "$RUNS"); do $B --kind pap -n "$N" 2>&1 | grep RESULT | rps; done)
  echo "argon2 workers=$workers, cache off: req/s $(echo $rates) median $(median <<<"$rates")"
  eval "median_$workers=$(median <<<"$rates")"
  stop
done
awk -v one="$median_1" -v all="$(eval echo \$median_$CORES)" -v c="$CORES" 'BEGIN {
  printf "ceiling %d cores x %.1f/s = %.1f/s; measured %.1f/s = %.0f%% of it\n", c, one, c * one, all, 100 * all / (c * one) }'
serve 300 "$CORES"
$B --kind pap -n 1000 >/dev/null 2>&1   # every user's first login, now cached
for kind in pap chap; do
  rates=$(for _ in $(seq "$RUNS"); do $B --kind "$kind" -n 20000 2>&1 | grep RESULT | rps; done)
  echo "repeat logins, cache on, $kind: req/s $(echo $rates) median $(median <<<"$rates")"
done
stop
