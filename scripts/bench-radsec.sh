#!/usr/bin/env bash
# bench-radsec.sh - logins and accounting per second over RadSec (TLS) against UDP on the
# same server, and full TLS handshakes per second (issue 19). One release binary, SQLite on
# disk, loopback only, every run bounded by a request count and a time limit. Prints
# min/median/max of RUNS runs per measurement.
#
# Usage: scripts/bench-radsec.sh [-n REQUESTS] [-r RUNS] [-c CLIENTS] [-d HANDSHAKE_SECS]
# Needs: a release build (cargo build --release).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=20000 RUNS=3 CLIENTS=32 HS_SECS=10
while getopts "n:r:c:d:h" opt; do
  case $opt in n) N=$OPTARG ;; r) RUNS=$OPTARG ;; c) CLIENTS=$OPTARG ;; d) HS_SECS=$OPTARG ;;
    *) sed -n '2,9p' "$0"; exit 2 ;; esac
done
BIN="$HERE/target/release/radkota"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }

RK=$(mktemp -d /var/tmp/radkota-radsec-bench.XXXXXX)
export RADKOTA_DATA_DIR=$RK RADKOTA_AUTH_LISTEN=127.0.0.1:18480 RADKOTA_ACCT_LISTEN=127.0.0.1:18481
export RADKOTA_CONFIG=$RK/radkota.toml RADKOTA_LOG_LEVEL=warn
printf '[radsec]\nenabled = true\nlisten = ["127.0.0.1:18483"]\n' > "$RADKOTA_CONFIG"
"$BIN" nas add bench --address 127.0.0.1 --secret testing123 >/dev/null
"$BIN" plan add bench --rate 2M/4M --session-timeout 1h --hours always >/dev/null
seq -f "%05g" 1 200 | xargs -P 2 -I{} "$BIN" user add user{} --plan bench --password pass{} >/dev/null
"$BIN" ca init --server-name 127.0.0.1 >/dev/null
"$BIN" nas cert bench >/dev/null
CA=$RK/radkota-ca
"$BIN" serve 2>"$RK/server.log" &
RK_PID=$!
trap 'kill $RK_PID 2>/dev/null || true; rm -rf "$RK"' EXIT
sleep 1

TLS=(--radsec-port 18483 --ca "$CA/ca.crt" --cert "$CA/nas/bench.crt" --key "$CA/nas/bench.key")
rps() { grep -o 'rps=[0-9]*' | cut -d= -f2; }
summary() { sort -n | awk -v l="$1" '{v[NR]=$1} END {printf "%-34s min %6d  median %6d  max %6d req/s (%d runs)\n", l, v[1], v[int((NR+1)/2)], v[NR], NR}'; }
for kind in chap acct-start; do
  : > "$RK/udp" ; : > "$RK/tls"
  for r in $(seq 1 "$RUNS"); do
    "$BIN" bench --secret testing123 --auth-port 18480 --acct-port 18481 --kind "$kind" \
      -n "$N" --clients "$CLIENTS" --users 200 --session-tag "u$r" --duration 120 | rps >> "$RK/udp"
    "$BIN" bench "${TLS[@]}" --kind "$kind" -n "$N" --clients "$CLIENTS" --users 200 \
      --session-tag "t$r" --duration 120 | rps >> "$RK/tls"
  done
  summary "$kind over UDP" < "$RK/udp"
  summary "$kind over RadSec ($CLIENTS connections)" < "$RK/tls"
done
: > "$RK/hs"
for r in $(seq 1 "$RUNS"); do
  "$BIN" bench "${TLS[@]}" --handshakes --clients 8 --duration "$HS_SECS" | rps >> "$RK/hs"
done
summary "full TLS handshakes (+1 Status-Server)" < "$RK/hs"
