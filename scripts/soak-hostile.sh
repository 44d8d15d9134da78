#!/usr/bin/env bash
# Soak of hostile traffic (issue 25): a million mutated and forged datagrams plus floods
# against a real server, from a registered NAS and from unknown addresses, on loopback
# only. Prints the server's RSS at the start, at the peak and at the end; fails when the
# end is more than the documented bound above the start (tests/hostile_traffic.rs).
# Bounded: 1.4 million datagrams, a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
RADKOTA_SOAK=1 exec cargo test --test hostile_traffic soak -- --nocapture
