#!/usr/bin/env bash
# Installs the Debian packages pgsight's tests and `npm start` need, whenever one is missing
# (never assumed from an earlier run): headless Chromium for the results page test (unit tier)
# and the real VS Code tier, and what code-server's native addons build with.
# Used by test/vscode/setup.sh (so `npm start` installs them) and .ci/run (before `npm test`).
#   bash scripts/debian-packages.sh [PACKAGE …]   (default: all of them)
set -euo pipefail
# libkrb5-dev: code-server's kerberos addon builds from source (its prebuilt download is unreachable)
ALL=(chromium libkrb5-dev build-essential python3 pkg-config fonts-dejavu-core)
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=("${ALL[@]}")
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "debian-packages.sh: missing Debian packages (${missing[*]}); install them as root" >&2; exit 1; }
  sudo=(sudo)
fi
echo "debian-packages.sh: installing Debian packages: ${missing[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
