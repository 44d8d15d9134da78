#!/usr/bin/env bash
# package-deb.sh - build the Debian package: the release binary, then what it generates
# (man page, shell completions) and the config with the package's paths, into
# target/package/, then `cargo deb --no-build` (install it with `cargo install cargo-deb`).
# Prints the .deb's contents and checks the unit with systemd-analyze when present.
#
# Usage: scripts/package-deb.sh [--no-build] [--debug] [--output DIR]
#   --no-build: reuse the binary already built; --debug: package target/debug/radkota
#   (what `cargo test` built: tests/package.rs checks the packaging that way without a
#   release build); --output: where the .deb goes (default target/debian)
set -euo pipefail
cd "$(dirname "$0")/.."

build=1 profile=release dir=release output=target/debian fast=()
while (( $# )); do
    case $1 in
        --no-build) build="" ;;
        --debug) profile=dev dir=debug fast=(--fast) ;;  # a test package: speed over size
        --output) output=$2; shift ;;
        *) sed -n '2,9p' "$0" >&2; exit 2 ;;
    esac
    shift
done
if [[ -n "$build" ]]; then
    cargo build --locked --profile "$profile"
fi
bin=target/$dir/radkota
out=target/package
mkdir -p "$out"

"$bin" manpage >"$out/radkota.1"
"$bin" completions bash >"$out/radkota.bash"
"$bin" completions zsh >"$out/_radkota"
"$bin" completions fish >"$out/radkota.fish"
packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mkdir -p "$output"
cargo deb --no-build --no-strip --profile "$profile" --output "$output" "${fast[@]}"
deb=$(ls -t "$output"/radkota_*.deb | head -1)
echo "== $deb"
dpkg-deb -I "$deb"
dpkg-deb -c "$deb"
if command -v systemd-analyze >/dev/null; then
    # The unit as installed, with the binary where the package puts it (checked before
    # the package is installed, so /usr/bin/radkota may not exist yet: use the built one).
    tmp=$(mktemp -d)
    dpkg-deb -x "$deb" "$tmp"
    unit=$(find "$tmp" -name radkota.service | head -1)
    sed -e "s|/usr/bin/radkota|$PWD/$bin|" -e '/^Documentation=/d' "$unit" >"$tmp/radkota.service"
    systemd-analyze verify "$tmp/radkota.service" 2>&1 | grep radkota || echo "systemd-analyze verify: no complaint about radkota.service"
    rm -rf "$tmp"
fi
