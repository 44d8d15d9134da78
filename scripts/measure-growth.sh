#!/usr/bin/env bash
# measure-growth.sh - what radkota's database costs on disk as a city uses it: bytes per
# session, per user-day and per auth-log row (tables and their indexes) on an aged database,
# and from them a day, a month and a year of the city; then the same database after the
# default retention purge (measured, not computed).
#
# The aged database: `radkota demo seed --days 1` (areas, one NAS per RW, users on the
# seeded plans), then `radkota demo age` (DAYS of finished sessions, two a day per active
# user, with their usage rollups and every aggregate, through the store's own accounting
# writer; the auth log of the last 90 days; 1% stale sessions). SQLite is measured with the
# dbstat virtual table (pages of each table and its indexes); PostgreSQL with
# pg_relation_size (+ TOAST) and pg_indexes_size after ANALYZE.
#
# Usage: scripts/measure-growth.sh [-u USERS] [-n NAS] [-d DAYS] [-a ACTIVE] [-P] [-o OUT.md]
#   defaults: 50000 users, 551 NAS, 365 days, 0.2 of users active on a day.
#   -P: PostgreSQL ($RADKOTA_TEST_POSTGRES_URL's server, database radkota_growth).
# Needs a release build (cargo build --release; BIN=... to use another), sqlite3 or psql,
# python3.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
USERS=50000 NAS=551 DAYS=365 ACTIVE=0.2 PG=0 OUT=/tmp/radkota-growth.md
while getopts "u:n:d:a:Po:h" opt; do
  case $opt in u) USERS=$OPTARG ;; n) NAS=$OPTARG ;; d) DAYS=$OPTARG ;; a) ACTIVE=$OPTARG ;;
    P) PG=1 ;; o) OUT=$OPTARG ;; *) sed -n '2,19p' "$0"; exit 2 ;; esac
done
BIN=${BIN:-$HERE/target/release/radkota}
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)
WORK=$(mktemp -d /var/tmp/radkota-growth.XXXXXX)
SERVER_PID=""
PGBASE=${RADKOTA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ "$PG" = 1 ] && psql -q "$PGBASE" -c "DROP DATABASE IF EXISTS radkota_growth" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
export RADKOTA_LOG_LEVEL=warn RADKOTA_AUTH_LISTEN=127.0.0.1:18620 RADKOTA_ACCT_LISTEN=127.0.0.1:18630
export RADKOTA_DATA_DIR=$WORK/data RADKOTA_CONFIG=$WORK/radkota.toml
# Nothing is purged while measuring (the server purges at start otherwise).
printf '[auth]\nauth_log_retention_days = 0\n[retention]\nsession_days = 0\n' > "$RADKOTA_CONFIG"
if [ "$PG" = 1 ]; then
  psql -q "$PGBASE" -c "DROP DATABASE IF EXISTS radkota_growth" -c "CREATE DATABASE radkota_growth" >/dev/null
  export RADKOTA_DATABASE_URL=${PGBASE%/*}/radkota_growth
fi

t0=$(date +%s)
"$BIN" demo seed --nas "$NAS" --users "$USERS" --days 1 --seed 7 | tail -1
"$BIN" demo age --days "$DAYS" --active "$ACTIVE" --sessions-per-day 2 --auth-log-days 90 2>/dev/null | tail -1
echo "aged database built in $(( $(date +%s) - t0 )) s"

# Writes $WORK/sizes (table|rows|table bytes|index bytes) and sets total and backend.
measure() {
# table|rows|table bytes|index bytes, one line per table.
  if [ "$PG" = 1 ]; then
    psql -q "$RADKOTA_DATABASE_URL" -c "ANALYZE" >/dev/null
    psql -At -F'|' "$RADKOTA_DATABASE_URL" -c "SELECT c.relname, c.reltuples::bigint, \
      pg_relation_size(c.oid) + COALESCE(pg_total_relation_size(c.reltoastrelid), 0), \
      pg_indexes_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
      WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname <> '_sqlx_migrations'" > "$WORK/sizes"
    total=$(psql -At "$RADKOTA_DATABASE_URL" -c "SELECT pg_database_size(current_database())")
    backend="PostgreSQL $(psql -At "$PGBASE" -c 'SHOW server_version')"
  else
    DB=$WORK/data/radkota.db
    sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'"); do
      sqlite3 "$DB" "SELECT '$t', (SELECT COUNT(*) FROM $t), \
        COALESCE((SELECT SUM(pgsize) FROM dbstat WHERE name = '$t'), 0), \
        COALESCE((SELECT SUM(d.pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name \
                  WHERE m.type = 'index' AND m.tbl_name = '$t'), 0)"
    done > "$WORK/sizes"
    total=$(stat -c %s "$DB")
    backend="SQLite $(sqlite3 --version | cut -d' ' -f1) (auto_vacuum $(sqlite3 "$DB" 'PRAGMA auto_vacuum'))"
  fi
}
measure
python3 - "$WORK/sizes" "$USERS" "$NAS" "$DAYS" "$total" "$backend" "$ACTIVE" > "$OUT" <<'EOF'
import sys
path, users, nas, days, total, backend, active = sys.argv[1:8]
users, nas, days, total = int(users), int(nas), int(days), int(total)
t = {}
for line in open(path):
    name, rows, data, idx = line.strip().split("|")
    t[name] = (max(int(rows), 0), int(data), int(idx))
def per_row(name):
    rows, data, idx = t[name]
    return (data + idx) / rows if rows else 0.0
mib = lambda b: b / 2**20
# A session's `session who` entries (migration 0030) are part of what a session costs.
session_parts = [n for n in ("sessions", "session_addresses", "session_who_queue") if n in t]
personal = {"auth_log", "usage_daily_user", "usage_daily_user_nas", *session_parts}
fixed = {"users", "user_limits", "plans", "nas", "areas", "audit_log", "audit_head", "meta",
         "api_tokens", "directory_version", "directory_changes", "nas_health"}
aggregate = [n for n in t if n not in personal and n not in fixed]
user_days = t["usage_daily_user"][0]
active = float(active)
nas_rows_per_user_day = t["usage_daily_user_nas"][0] / max(user_days, 1)
b_session = sum(sum(t[n][1:]) for n in session_parts) / max(t["sessions"][0], 1)
b_auth = per_row("auth_log")
b_user_day = (sum(t["usage_daily_user"][1:]) + sum(t["usage_daily_user_nas"][1:])) / max(user_days, 1)
agg_bytes = sum(sum(t[n][1:]) for n in aggregate)
# Aggregate rows are per NAS, plan, day and hour, shared by that hour's sessions: per
# session they shrink as a city grows, so scaling them by sessions is an upper bound.
agg_per_session = agg_bytes / max(t["sessions"][0], 1)
fixed_bytes = sum(sum(t[n][1:]) for n in fixed if n in t)
# The city of issue 24: 50,000 users, two sessions (and logins) a day per active user.
CITY = 50_000
act_day = active * CITY
sess_day, auth_day = 2 * act_day, 2 * act_day
agg_day = agg_per_session * sess_day
day = sess_day * b_session + auth_day * b_auth + act_day * b_user_day + agg_day
print(f"Measured on {backend}: an aged city of {users:,} users, {nas} NAS, {days} days "
      f"(file / database {mib(total):,.1f} MiB).\n")
print("| table | rows | table MiB | indexes MiB | bytes per row (with indexes) |")
print("|---|---:|---:|---:|---:|")
for n in sorted(t, key=lambda n: -(t[n][1] + t[n][2])):
    rows, data, idx = t[n]
    if data + idx >= 65536:
        print(f"| {n} | {rows:,} | {mib(data):,.1f} | {mib(idx):,.1f} | {per_row(n):,.0f} |")
print()
print("| unit | bytes |")
print("|---|---:|")
print(f"| one finished session (`sessions` row, its `session who` entries, indexes) | {b_session:,.0f} |")
print(f"| one auth-log row (+ index) | {b_auth:,.0f} |")
print(f"| one user-day (`usage_daily_user` + {nas_rows_per_user_day:.2f} `usage_daily_user_nas` rows) | {b_user_day:,.0f} |")
print(f"| aggregates (per-NAS, per-plan, hourly, peaks, unique-user sets, login counts) per session, {nas} NAS (an upper bound for a bigger city) | {agg_per_session:,.0f} |")
print()
print(f"Active users: {active:.0%} of users on a day (`demo age --active`); measured user-days "
      f"{user_days:,} = {user_days / (users * days):.1%} of users x days. City: {CITY:,} users -> "
      f"{act_day:,.0f} active a day, {sess_day:,.0f} sessions and {auth_day:,.0f} logins a day.\n")
keep = lambda d_sess, d_auth, d_use: (min(d_sess, 365) * sess_day * b_session
    + min(d_auth, 365) * auth_day * b_auth + d_use * (act_day * b_user_day + agg_day))
print("| period | MiB |")
print("|---|---:|")
print(f"| a day | {mib(day):,.1f} |")
print(f"| a month (30 days) | {mib(30 * day):,.0f} |")
print(f"| a year, nothing purged | {mib(365 * day + fixed_bytes):,.0f} |")
print(f"| a year at the default retention (sessions 180 days, auth log 90, per-person rollups kept) | "
      f"{mib(keep(180, 90, 365) + fixed_bytes):,.0f} |")
print(f"| users, plans, NAS, areas, audit (fixed part, measured) | {mib(fixed_bytes):,.1f} |")
EOF

# The same database after the default retention purge (sessions 180 days, auth log 90),
# with SQLite's pages given back: the year on disk as an operator would see it.
printf '[retention]\nsession_days = 180\n' > "$WORK/purge.toml"
p0=$(date +%s)
RADKOTA_CONFIG=$WORK/purge.toml "$BIN" retention run
p1=$(date +%s)
[ "$PG" = 1 ] && psql -q "$RADKOTA_DATABASE_URL" -c "VACUUM" >/dev/null
before=$total
measure
{
  echo
  echo "After \`radkota retention run\` at the defaults ($((p1 - p0)) s$( [ "$PG" = 1 ] && echo ', then a plain VACUUM')): database $(python3 -c "print(f'{$before / 2**20:,.1f} -> {$total / 2**20:,.1f} MiB')")."
  echo
  echo "| table | rows | MiB with indexes |"
  echo "|---|---:|---:|"
  awk -F'|' '$3 + $4 >= 65536 {printf "| %s | %d | %.1f |\n", $1, $2, ($3 + $4) / 1048576}' "$WORK/sizes" | sort -t'|' -k4 -gr
} >> "$OUT"
cat "$OUT"
