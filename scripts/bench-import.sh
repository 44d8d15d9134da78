#!/usr/bin/env bash
# bench-import.sh - `radkota user import` of N users with the default (OWASP) argon2 cost on
# SQLite, beside the argon2-bound minimum N x (one hash) / cores. One hash is measured as
# the time of `user add` minus that of `user show` (same start-up and migration check).
#
# Usage: scripts/bench-import.sh [-n USERS] [-s SINGLE_HASH_SAMPLES]
# Needs a release build (cargo build --release).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=20000 SAMPLES=20
while getopts "n:s:h" opt; do
  case $opt in n) N=$OPTARG ;; s) SAMPLES=$OPTARG ;; *) sed -n '2,7p' "$0"; exit 2 ;; esac
done
BIN="$HERE/target/release/radkota"
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)
RK=$(mktemp -d /var/tmp/radkota-import.XXXXXX)
trap 'rm -rf "$RK"' EXIT
export RADKOTA_DATA_DIR=$RK RADKOTA_CONFIG=$RK/radkota.toml
: > "$RADKOTA_CONFIG"
now() { date +%s.%N; }
"$BIN" migrate >/dev/null

# One hash: user add (1 argon2 + start-up) minus user show (start-up only), averaged.
t0=$(now); for i in $(seq "$SAMPLES"); do "$BIN" user add "probe$i" --plan student --password "probe-pass-$i" >/dev/null; done; t1=$(now)
for i in $(seq "$SAMPLES"); do "$BIN" user show "probe$i" >/dev/null; done; t2=$(now)
HASH=$(echo "(($t1 - $t0) - ($t2 - $t1)) / $SAMPLES" | bc -l)

{
  echo "username,full_name,plan,area,password,school_or_business,id"
  for i in $(seq -f "%06g" 1 "$N"); do echo "u$i,Siswa $i,student,,pass-$i-x,SMPN 1,$i"; done
} > "$RK/users.csv"
CORES=$(nproc)
t0=$(now); "$BIN" user import "$RK/users.csv" 2>/dev/null; t1=$(now)
TOTAL=$(echo "$t1 - $t0" | bc -l)
MIN=$(echo "$N * $HASH / $CORES" | bc -l)
printf 'users %d, cores %d, one hash %.1f ms, argon2-bound minimum %.1f s, import %.1f s (%.2fx)\n' \
  "$N" "$CORES" "$(echo "$HASH * 1000" | bc -l)" "$MIN" "$TOTAL" "$(echo "$TOTAL / $MIN" | bc -l)"
uptime
