#!/usr/bin/env bash
# bench-halfrate.sh - p99 latency of radkota at a fixed rate (issue 7: under 5 ms at half the
# maximum rate), CHAP and accounting, SQLite on disk with fsync, 1,000 users, three runs each.
# The rates are about half the medians that scripts/bench.sh measured; pass others as
# arguments: scripts/bench-halfrate.sh "chap 5300" "acct-interim 8000" ...
# Needs a release build (cargo build --release). Loopback only, bounded by request count.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$HERE/target/release/radkota"
RK=$(mktemp -d /var/tmp/rkhalf.XXXX)
export RADKOTA_DATA_DIR=$RK RADKOTA_AUTH_LISTEN=127.0.0.1:18420 RADKOTA_ACCT_LISTEN=127.0.0.1:18430 RADKOTA_CONFIG=$RK/radkota.toml RADKOTA_LOG_LEVEL=warn
printf '[accounting]\nfsync = true\nbatch_window_ms = 0\n' > $RADKOTA_CONFIG
$BIN nas add bench --address 127.0.0.1 --secret testing123 >/dev/null
$BIN plan add bench --rate 2M/4M --session-timeout 1h --hours always >/dev/null
seq -f "%05g" 1 1000 | xargs -P 2 -I{} $BIN user add user{} --plan bench --password pass{} >/dev/null
"$BIN" serve 2>"$RK/server.log" & PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
sleep 1
B="$BIN bench --secret testing123 --auth-port 18420 --acct-port 18430 --users 1000 --user-prefix user --pass-prefix pass"
$B --kind chap -n 5000 >/dev/null 2>&1
[ $# -gt 0 ] || set -- "chap 41600" "acct-start 14400" "acct-interim 18900" "acct-stop 15600"
for k in "$@"; do
  read -r kind rate <<<"$k"
  # Run i of acct-interim and acct-stop updates the sessions that run i of acct-start made.
  for i in 1 2 3; do
    $B --kind "$kind" --rate "$rate" -n 30000 --session-tag "half$i" 2>&1 | grep RESULT | sed "s/^/$kind rate=$rate /"
  done
done
kill $PID; wait $PID 2>/dev/null || true; rm -rf "$RK"
