#!/usr/bin/env bash
# bench-eap.sh - full PEAPv0/EAP-MSCHAPv2 handshakes per second and server CPU per
# handshake, radkota against the FreeRADIUS reference peer (../shared/tools/peer, files
# mode) in the same sitting, runs alternating (issue 20). Each handshake is one fresh
# eapol_test process (no resumption): TLS 1.2 with an RSA-2048 certificate on both servers,
# the peer's own self-signed one. Loopback only; every run bounded by a count.
#
# Usage: scripts/bench-eap.sh [-n HANDSHAKES] [-c PARALLEL] [-r RUNS] [-b RADKOTA_BIN]
# Needs: eapol_test, freeradius, a radkota binary (default target/release/radkota), the
# peer tools copied to /tmp/peer-tools (cp -r ../shared/tools /tmp/peer-tools).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=200 PAR=4 RUNS=3 BIN="$HERE/target/release/radkota"
while getopts "n:c:r:b:h" opt; do
  case $opt in n) N=$OPTARG ;; c) PAR=$OPTARG ;; r) RUNS=$OPTARG ;; b) BIN=$OPTARG ;;
    *) sed -n '2,10p' "$0"; exit 2 ;; esac
done
PEER=/tmp/peer-tools/peer
[ -x "$BIN" ] || { echo "no radkota binary at $BIN" >&2; exit 1; }
[ -x "$PEER/freeradius-up.sh" ] || { echo "copy the peer tools to /tmp/peer-tools" >&2; exit 1; }

W=$(mktemp -d /var/tmp/radkota-eap-bench.XXXXXX)
FR_DIR=$W/fr
# The packaged config proposes EAP-MD5 first, which costs a PEAP client one more round
# (a Nak); propose PEAP first, as radkota does, so both do the same rounds.
cp -a /etc/freeradius/3.0 "$W/raddb-src"
sed -i 's/^\(\s*\)default_eap_type = md5/\1default_eap_type = peap/' "$W/raddb-src/mods-available/eap"
FR_SRC_RADDB=$W/raddb-src "$PEER/freeradius-up.sh" -m files -a 18620 -A 18621 -u 200 -d "$FR_DIR" >/dev/null
FR_PID=$(cat "$FR_DIR/run/freeradius.pid")

export RADKOTA_DATA_DIR=$W/rk RADKOTA_AUTH_LISTEN=127.0.0.1:18610 RADKOTA_ACCT_LISTEN=127.0.0.1:18611
export RADKOTA_CONFIG=$W/radkota.toml RADKOTA_LOG_LEVEL=warn
mkdir -p "$RADKOTA_DATA_DIR"
printf '[eap]\nenabled = true\ncertificate = "%s"\nprivate_key = "%s"\n' \
  "$FR_DIR/certs/server.pem" "$FR_DIR/certs/server.key" > "$RADKOTA_CONFIG"
"$BIN" nas add bench --address 127.0.0.1 --secret testing123 >/dev/null
"$BIN" plan add bench --rate 2M/4M --session-timeout 1h --hours always >/dev/null
seq -f "%05g" 1 20 | xargs -P 2 -I{} "$BIN" user add user{} --plan bench --password pass{} >/dev/null
"$BIN" serve 2>"$W/server.log" &
RK_PID=$!
trap 'kill $RK_PID 2>/dev/null || true; "$PEER/freeradius-down.sh" -d "$FR_DIR" >/dev/null || true; rm -rf "$W"' EXIT
sleep 1

for i in $(seq -f "%05g" 1 20); do
  cat > "$W/user$i.conf" <<CONF
network={
  ssid="bench"
  key_mgmt=WPA-EAP
  eap=PEAP
  anonymous_identity="anonymous"
  identity="user$i"
  password="pass$i"
  ca_cert="$FR_DIR/certs/server.pem"
  phase2="auth=MSCHAPV2"
}
CONF
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
# run LABEL PORT PID: N handshakes, PAR at a time; prints handshakes/s and server CPU ms each.
run() {
  local before after t0 t1 fails
  before=$(ticks "$3"); t0=$(date +%s.%N)
  fails=$(seq 1 "$N" | xargs -P "$PAR" -I{} sh -c \
    'u=$(printf "%05d" $(( ({} - 1) % 20 + 1 ))); eapol_test -c '"$W"'/user$u.conf -a 127.0.0.1 -p '"$2"' -s testing123 -t 10 >/dev/null 2>&1 || echo F' | wc -l)
  t1=$(date +%s.%N); after=$(ticks "$3")
  awk -v l="$1" -v n="$N" -v f="$fails" -v t="$(echo "$t1 - $t0" | bc)" -v c=$((after - before)) -v hz="$HZ" \
    'BEGIN {printf "%s %.1f %.2f %d\n", l, n / t, c * 1000 / hz / n, f}'
}
: > "$W/results"
for r in $(seq 1 "$RUNS"); do
  run radkota 18610 "$RK_PID" >> "$W/results"
  run freeradius 18620 "$FR_PID" >> "$W/results"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for l in radkota freeradius; do
  grep "^$l " "$W/results" | sort -k2 -n | awk -v l="$l" -v n="$N" -v p="$PAR" '
    {hs[NR]=$2; cpu[NR]=$3; f+=$4}
    END {m=int((NR+1)/2); printf "%-10s %d handshakes x %d runs, %d at a time: median %.1f/s (min %.1f, max %.1f), server CPU %.2f ms/handshake (run of the median), failures %d\n", l, n, NR, p, hs[m], hs[1], hs[NR], cpu[m], f}'
done
