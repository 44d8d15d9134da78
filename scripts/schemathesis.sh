#!/usr/bin/env bash
# schemathesis.sh - checks the admin API against its own contract (/openapi.json) with
# schemathesis (pinned below): a radkota on SQLite with a seeded database and an admin
# token, every check (positive and negative data, status codes, content types, headers,
# response schemas, methods); then the auth-probing check (ignored_auth) alone against a
# second server whose failed-token back-off is off (admin.auth_failures_per_minute = 0),
# since that check sends failing tokens on purpose. Exits non-zero on any failure.
#
# Usage: scripts/schemathesis.sh [RADKOTA_BINARY]   (default: target/debug/radkota)
# Environment: SCHEMATHESIS_MAX_EXAMPLES (default 40 per operation), SCHEMATHESIS_SEED.
# Install the pinned version with: pip install schemathesis==4.32.5
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(realpath "${1:-$here/../target/debug/radkota}")"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-40}"
seed="${SCHEMATHESIS_SEED:-26}"

if ! command -v st >/dev/null 2>&1; then
  echo "schemathesis.sh: schemathesis is not installed (pip install schemathesis==$SCHEMATHESIS_VERSION)" >&2
  exit 2
fi
installed="$(st --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1)"
if [ "$installed" != "$SCHEMATHESIS_VERSION" ]; then
  echo "schemathesis.sh: schemathesis $installed installed; this script is pinned to $SCHEMATHESIS_VERSION" >&2
  exit 2
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# One server directory: config, seeded database, admin token; prints the token.
# $1 = directory, $2 = admin port, $3 = admin.auth_failures_per_minute.
prepare() {
  local dir="$1" port="$2" backoff="$3"
  mkdir -p "$dir"
  cat >"$dir/radkota.toml" <<EOF
data_dir = "$dir"

[server]
auth_listen = ["127.0.0.1:0"]
acct_listen = ["127.0.0.1:0"]

[database]
url = "sqlite://$dir/radkota.db"

[log]
level = "warn"

[auth.argon2]
memory_kib = 1024
iterations = 1
parallelism = 1

[coa]
attempts = 1
timeout_ms = 200

[radsec]
server_address = "192.0.2.10"

[admin]
enabled = true
listen = "127.0.0.1:$port"
auth_failures_per_minute = $backoff
EOF
  local rk=("$bin" --config "$dir/radkota.toml")
  "${rk[@]}" nas add nas-a --address 127.0.0.1 --secret testing123 >/dev/null
  "${rk[@]}" nas add nas-b --address 10.9.0.0/24 --secret testing123 --vendor wispr >/dev/null
  "${rk[@]}" user add siti --plan umkm --password kata-sandi-siti >/dev/null
  "${rk[@]}" user add budi --plan student --password kata-sandi-budi >/dev/null
  "${rk[@]}" token create --role admin --name schemathesis | tail -n1
}

# Starts `admin serve` for $1 on port $2 and waits for /openapi.json.
start() {
  "$bin" --config "$1/radkota.toml" admin serve >"$1/server.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
      "http://127.0.0.1:$2/openapi.json" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "schemathesis.sh: the server on port $2 did not start:" >&2
  cat "$1/server.log" >&2
  return 1
}

# schemathesis keeps a cache in its working directory: the scratch one, not the checkout.
cd "$work"
export PYTHONPATH="$here/schemathesis${PYTHONPATH:+:$PYTHONPATH}"
export SCHEMATHESIS_HOOKS=radkota_hooks
common=(
  --max-examples "$max_examples" --seed "$seed" --no-color
  --request-timeout 20 --workers 1
  # The live trace is a stream that ends only when the client leaves; `admin serve`
  # answers it 503 (no RADIUS server in the process). Its parameters are checked by
  # tests/trace.rs.
  --exclude-path /api/v1/trace
  --generation-database none
)

port1="$(free_port)"
token1="$(prepare "$work/main" "$port1" 10)"
start "$work/main" "$port1"
echo "== schemathesis $SCHEMATHESIS_VERSION: every check (ignored_auth separately) =="
st --config-file "$here/schemathesis/schemathesis.toml" run "http://127.0.0.1:$port1/openapi.json" "${common[@]}" \
  --checks all --exclude-checks ignored_auth \
  -H "Authorization: Bearer $token1"

port2="$(free_port)"
token2="$(prepare "$work/probe" "$port2" 0)"
start "$work/probe" "$port2"
echo "== schemathesis $SCHEMATHESIS_VERSION: auth probing (back-off off) =="
st --config-file "$here/schemathesis/schemathesis.toml" run "http://127.0.0.1:$port2/openapi.json" "${common[@]}" \
  --checks ignored_auth \
  -H "Authorization: Bearer $token2"
echo "schemathesis.sh: no failures"
