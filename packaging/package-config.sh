#!/bin/sh
# package-config.sh - writes config/radkota.toml with the Debian package's paths to
# standard output: state in /var/lib/radkota (the unit's StateDirectory), dictionaries in
# /usr/share/radkota. Everything else stays as documented. Fails if a line was not found.
set -eu
src="${1:-config/radkota.toml}"
grep -q '^data_dir = "data"$' "$src"
grep -q '^dictionary = "dictionaries/dictionary"$' "$src"
sed -e 's|^data_dir = "data"$|data_dir = "/var/lib/radkota"|' \
    -e 's|^dictionary = "dictionaries/dictionary"$|dictionary = "/usr/share/radkota/dictionaries/dictionary"|' \
    "$src"
