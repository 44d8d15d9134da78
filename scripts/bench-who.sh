#!/usr/bin/env bash
# bench-who.sh - `radkota session who` on an aged city (issue 22): USERS users on 551 NAS,
# aged with `radkota demo age` (DAYS of sessions, two a day per active user, each user on
# its own address 10.x.y.z), then LOOKUPS look-ups of random sessions' addresses at an
# instant inside them. Prints the wall time of each CLI call (process start, database
# open, the indexed read and the audit commit) and their median and maximum; then the same
# look-ups again with `session_who_queue` filled to its bound (`who_queue::FLUSH_AT`).
#
# Usage: scripts/bench-who.sh [-u USERS] [-d DAYS] [-a ACTIVE] [-l LOOKUPS]
# Needs a release build and sqlite3.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$HERE/target/release/radkota" USERS=50000 DAYS=365 ACTIVE=0.05 LOOKUPS=20
while getopts "u:d:a:l:h" opt; do
  case $opt in u) USERS=$OPTARG ;; d) DAYS=$OPTARG ;; a) ACTIVE=$OPTARG ;; l) LOOKUPS=$OPTARG ;;
    *) sed -n '2,9p' "$0"; exit 2 ;; esac
done
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)
WORK=$(mktemp -d /var/tmp/radkota-who.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export RADKOTA_DATA_DIR=$WORK RADKOTA_CONFIG=$WORK/radkota.toml RADKOTA_LOG_LEVEL=warn
printf '[auth.argon2]\nmemory_kib = 64\niterations = 1\n[retention]\nsession_days = 0\n' > "$RADKOTA_CONFIG"
{
  echo "kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code"
  for i in $(seq 0 550); do
    printf 'KC%02d,Kecamatan %d,KL%03d,Kelurahan %d,RW%03d\n' $((i / 50)) $((i / 50)) $((i / 10)) $((i / 10)) "$i"
  done
} > "$WORK/areas.csv"
{
  echo "name,address,secret,rw"
  for i in $(seq 1 551); do printf 'rw%03d,10.77.%d.%d,secret-%d,RW%03d\n' "$i" $((i / 250)) $((i % 250 + 1)) "$i" $((i - 1)); done
} > "$WORK/nas.csv"
{
  echo "username,full_name,plan,area,password"
  awk -v n="$USERS" 'BEGIN { for (i = 1; i <= n; i++) printf "user%05d,Bench User %d,%s,RW%03d,pass%05d\n", i, i, (i % 10 < 7 ? "student" : "umkm"), i % 551, i }'
} > "$WORK/users.csv"
t0=$(date +%s)
"$BIN" area import "$WORK/areas.csv" >/dev/null
"$BIN" nas import "$WORK/nas.csv" >/dev/null
"$BIN" user import "$WORK/users.csv" >/dev/null
"$BIN" demo age --days "$DAYS" --active "$ACTIVE" --sessions-per-day 2 >&2
echo "city built and aged in $(( $(date +%s) - t0 )) s; sessions: $(sqlite3 "$WORK/radkota.db" 'SELECT count(*) FROM sessions'); file $(du -sh "$WORK/radkota.db" | cut -f1)" >&2
sqlite3 "$WORK/radkota.db" "SELECT framed_ip, started_at + 30 FROM sessions WHERE framed_ip IS NOT NULL ORDER BY random() LIMIT $LOOKUPS" > "$WORK/asks"
# Every look-up also reads the sessions still queued for their entries (migration 0030):
# run the look-ups as the aged city left the queue, then with it at its bound.
lookups() {
  : > "$WORK/ms"
  while IFS='|' read -r ip at; do
    when=$(date -u -d "@$at" +%Y-%m-%dT%H:%M:%SZ)
    s=$(date +%s%N)
    out=$("$BIN" session who --ip "$ip" --at "$when" --case BENCH)
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 )) ms  $ip $when  $(echo "$out" | head -1)"
    echo $(( (e - s) / 1000000 )) >> "$WORK/ms"
  done < "$WORK/asks"
  sort -n "$WORK/ms" | awk -v q="$(sqlite3 "$WORK/radkota.db" 'SELECT count(*) FROM session_who_queue')" \
    '{ a[NR] = $1 } END { printf "look-ups: %d with %d keys queued, median %d ms, max %d ms\n", NR, q, a[int((NR + 1) / 2)], a[NR] }'
}
lookups
FLUSH_AT=$(sed -n 's/^pub(crate) const FLUSH_AT: usize = \([0-9_]*\);/\1/p' "$HERE/src/store/batch/who_queue.rs" | tr -d _)
sqlite3 "$WORK/radkota.db" "INSERT INTO session_who_queue SELECT nas_id, acct_session_id, username, framed_ip, calling_station_id FROM sessions \
  WHERE id NOT IN (SELECT s.id FROM session_who_queue q JOIN sessions s USING (nas_id, acct_session_id, username)) \
  ORDER BY id DESC LIMIT max(0, $FLUSH_AT - (SELECT count(*) FROM session_who_queue))"
lookups
sqlite3 "$WORK/radkota.db" "SELECT count(*) || ' session.who audit rows' FROM audit_log WHERE action = 'session.who'"
