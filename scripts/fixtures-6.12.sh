#!/usr/bin/env bash
# Builds (or finds up to date) the fixtures of the newest Debian 12 6.12 cloud kernel, the second
# kernel the tests check crashdive on (crash 8.0.2 cannot open its dumps; drgn can), and points
# fixtures/current-6.12 in the cache at it. The build itself is fixtures/build.sh KV.
set -euo pipefail
CACHE=${CRASHDIVE_CACHE:-$HOME/.cache/crashdive}
FIXROOT=$CACHE/fixtures
cd "$(dirname "$0")/.."

newest() {
  apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64(-dbg)?$' 2>/dev/null |
    awk '{print $1}' | sed 's/^linux-image-//; s/-dbg$//' | sort | uniq -c |
    awk '$1 == 2 {print $2}' | sort -V | tail -n 1
}

KV=${1:-$(newest)}
if [ -z "$KV" ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; else sudo apt-get update -qq >/dev/null 2>&1 || true; fi
  KV=$(newest)
fi
if [ -z "$KV" ]; then
  # Offline with old lists: the newest 6.12 the cache already holds.
  KV=$(ls -d "$FIXROOT"/6.12.*-cloud-amd64 2>/dev/null | sed 's|.*/||' | sort -V | tail -n 1)
fi
[ -n "$KV" ] || { echo "fixtures-6.12: apt lists no linux-image-6.12.*+deb12-cloud-amd64 with its -dbg" >&2; exit 1; }
fixtures/build.sh "$KV"
ln -sfn "$KV" "$FIXROOT/.current-6.12.$$"
mv -Tf "$FIXROOT/.current-6.12.$$" "$FIXROOT/current-6.12"
echo "fixtures-6.12: $FIXROOT/current-6.12 -> $KV"
