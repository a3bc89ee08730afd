#!/usr/bin/env bash
# Installs the Debian packages the tests use beyond the fixture builder's own (the terminal
# test drives the prompt under tmux and pages through less; pcap tests read with tshark).
# Idempotent: asks apt only for what is missing.
set -euo pipefail
PACKAGES=(tmux less tshark)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0
SUDO=; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
echo "test-deps: apt-get install ${missing[*]}"
# tshark asks whether non-root users may capture; the default (no) is what we want
echo 'wireshark-common wireshark-common/install-setuid boolean false' | $SUDO debconf-set-selections
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq -o DPkg::Lock::Timeout=600
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
