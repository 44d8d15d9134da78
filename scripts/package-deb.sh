#!/usr/bin/env bash
# package-deb.sh - build the Debian package: the release binary, then what it generates
# (man page, shell completions) and the config with the package's paths, into
# target/package/, then `cargo deb --no-build` (install it with `cargo install cargo-deb`).
# Prints the .deb's contents and checks the unit with systemd-analyze when present.
#
# Usage: scripts/package-deb.sh [--no-build]   (--no-build: reuse target/release/radkota)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" != "--no-build" ]]; then
    cargo build --release --locked
fi
bin=target/release/radkota
out=target/package
mkdir -p "$out"

"$bin" manpage >"$out/radkota.1"
"$bin" completions bash >"$out/radkota.bash"
"$bin" completions zsh >"$out/_radkota"
"$bin" completions fish >"$out/radkota.fish"
packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cargo deb --no-build --no-strip
deb=$(ls -t target/debian/radkota_*.deb | head -1)
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
