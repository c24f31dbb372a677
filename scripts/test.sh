#!/usr/bin/env bash
# Sets up everything the tests need and runs every test: typecheck, unit + integration (Vitest, real
# keychain, SQLite and fake platform servers), build, end-to-end (Playwright in Debian's Chromium).
set -euo pipefail
export CHANNEL_DESK_APT_PACKAGES="build-essential python3 libsecret-1-dev libsecret-1-0 gnome-keyring dbus dbus-x11 chromium"
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# A throwaway HOME: the keyring daemon and Chromium write there, never into the user's own.
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
TEST_HOME="$(mktemp -d -t channel-desk-test-XXXXXX)"
trap 'rm -rf "$TEST_HOME"' EXIT
export HOME="$TEST_HOME"
mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/playwright.json

# A private D-Bus session with an unlocked gnome-keyring: keytar talks to the real Secret Service.
dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(echo -n channel-desk-test | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  status=0
  npm test || status=$?
  node scripts/test-summary.js .tmp/vitest.json .tmp/playwright.json || true
  exit $status
'
