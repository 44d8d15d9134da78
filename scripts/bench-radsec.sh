#!/usr/bin/env bash
# bench-radsec.sh - logins and accounting per second over RadSec (TLS) against UDP on the
# same server, and full TLS handshakes per second (issue 19). One release binary, SQLite on
# disk, loopback only, every run bounded by a request count and a time limit. Prints
# min/median/max of RUNS runs per measurement.
#
# With -F, FreeRADIUS 3.2 (the shared peer in files mode, plus its `tls` listen section on
# port 18493 with the same CA, server certificate and client certificate) is measured over
# RadSec in the same sitting, alternating with radkota, by the same client.
#
# Usage: scripts/bench-radsec.sh [-n REQUESTS] [-r RUNS] [-c CLIENTS] [-d HANDSHAKE_SECS]
#          [-F PEER_TOOLS]   (PEER_TOOLS: a writable copy of ../shared/tools, e.g. /tmp/peer-tools)
# Needs: a release build (cargo build --release); -F needs the freeradius package.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=20000 RUNS=3 CLIENTS=32 HS_SECS=10 PEER=""
while getopts "n:r:c:d:F:h" opt; do
  case $opt in n) N=$OPTARG ;; r) RUNS=$OPTARG ;; c) CLIENTS=$OPTARG ;; d) HS_SECS=$OPTARG ;;
    F) PEER=$OPTARG ;; *) sed -n '2,13p' "$0"; exit 2 ;; esac
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
FR_DIR=$RK/fr
stop_all() {
  kill $RK_PID 2>/dev/null || true
  if [ -n "$PEER" ]; then "$PEER/peer/freeradius-down.sh" -d "$FR_DIR" >/dev/null 2>&1 || true; fi
  if [ -n "$PEER" ] && [ -f "$FR_DIR/log/radius.log" ]; then tail -5 "$FR_DIR/log/radius.log" >&2; fi
  rm -rf "$RK"
}
trap stop_all EXIT
sleep 1

TLS=(--ca "$CA/ca.crt" --cert "$CA/nas/bench.crt" --key "$CA/nas/bench.key")
if [ -n "$PEER" ]; then
  # The peer in files mode (200 users, same names and passwords), then restarted with a
  # RadSec listener added: the shared script has no option for one.
  "$PEER/peer/freeradius-up.sh" -m files -u 200 -a 18490 -A 18491 -d "$FR_DIR" >/dev/null
  "$PEER/peer/freeradius-down.sh" -d "$FR_DIR" >/dev/null
  cat > "$FR_DIR/raddb/sites-enabled/radsec" <<SITE
listen {
	ipaddr = 127.0.0.1
	port = 18493
	type = auth+acct
	proto = tcp
	virtual_server = peer
	clients = radsec
	limit {
		max_connections = 256
		lifetime = 0
		idle_timeout = 600
	}
	tls {
		private_key_file = $CA/server.key
		certificate_file = $CA/server.crt
		ca_file = $CA/ca.crt
		fragment_size = 8192
		tls_min_version = "1.2"
		tls_max_version = "1.3"
		require_client_cert = yes
		cache {
			enable = no
		}
		verify {
		}
	}
}
clients radsec {
	client local {
		ipaddr = 127.0.0.1
		proto = tls
		secret = radsec
		limit {
			max_connections = 256
			lifetime = 0
			idle_timeout = 600
		}
	}
}
SITE
  freeradius -d "$FR_DIR/raddb" || { tail -20 "$FR_DIR/log/radius.log" >&2; exit 1; }
  sleep 1
fi
rps() { grep -o 'rps=[0-9]*' | cut -d= -f2; }
summary() { sort -n | awk -v l="$1" '{v[NR]=$1} END {printf "%-44s min %6d  median %6d  max %6d req/s (%d runs)\n", l, v[1], v[int((NR+1)/2)], v[NR], NR}'; }
for kind in chap acct-start; do
  : > "$RK/udp" ; : > "$RK/tls" ; : > "$RK/frps"
  for r in $(seq 1 "$RUNS"); do
    "$BIN" bench --secret testing123 --auth-port 18480 --acct-port 18481 --kind "$kind" \
      -n "$N" --clients "$CLIENTS" --users 200 --session-tag "u$r" --duration 120 | rps >> "$RK/udp"
    "$BIN" bench --radsec-port 18483 "${TLS[@]}" --kind "$kind" -n "$N" --clients "$CLIENTS" \
      --users 200 --session-tag "t$r" --duration 120 | rps >> "$RK/tls"
    if [ -n "$PEER" ]; then
      "$BIN" bench --radsec-port 18493 "${TLS[@]}" --kind "$kind" -n "$N" --clients "$CLIENTS" \
        --users 200 --session-tag "f$r" --duration 120 | rps >> "$RK/frps"
    fi
  done
  summary "$kind over UDP" < "$RK/udp"
  summary "$kind over RadSec ($CLIENTS connections)" < "$RK/tls"
  [ -n "$PEER" ] && summary "FreeRADIUS $kind over RadSec" < "$RK/frps"
done
: > "$RK/hs" ; : > "$RK/frhs"
for r in $(seq 1 "$RUNS"); do
  "$BIN" bench --radsec-port 18483 "${TLS[@]}" --handshakes --clients 8 --duration "$HS_SECS" | rps >> "$RK/hs"
  if [ -n "$PEER" ]; then
    "$BIN" bench --radsec-port 18493 "${TLS[@]}" --handshakes --clients 8 --duration "$HS_SECS" | rps >> "$RK/frhs"
  fi
done
summary "full TLS handshakes (+1 Status-Server)" < "$RK/hs"
[ -n "$PEER" ] && summary "FreeRADIUS full TLS handshakes (+1 Status)" < "$RK/frhs"
true
