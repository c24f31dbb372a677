#!/usr/bin/env bash
# Sets up everything the tests need and runs every test: typecheck, lint, unit + integration (Vitest:
# keychain lane serial against the real keychain, the rest in parallel), build, end-to-end (Playwright
# in Debian's Chromium). Each phase's time goes to .tmp/phases.tsv and into the closing summary.
set -euo pipefail
setup_start=$(date +%s%N)
export CHANNEL_DESK_APT_PACKAGES="build-essential python3 libsecret-1-dev libsecret-1-0 gnome-keyring dbus dbus-x11 chromium"
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# A throwaway HOME: the keyring daemon and Chromium write there, never into the user's own.
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
TEST_HOME="$(mktemp -d -t channel-desk-test-XXXXXX)"
trap 'rm -rf "$TEST_HOME"' EXIT
export HOME="$TEST_HOME"
mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/playwright.json
printf 'setup\t%d\t0\n' $((($(date +%s%N) - setup_start) / 1000000)) > .tmp/phases.tsv

# A private D-Bus session with an unlocked gnome-keyring: keytar talks to the real Secret Service.
dbus-run-session -- bash -c '
  set -uo pipefail
  eval "$(echo -n channel-desk-test | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  # phase NAME COMMAND...: runs it, appends "NAME <tab> milliseconds <tab> exit code" to .tmp/phases.tsv.
  phase() {
    local name=$1 t0 rc=0
    shift
    t0=$(date +%s%N)
    "$@" || rc=$?
    printf "%s\t%d\t%d\n" "$name" $((($(date +%s%N) - t0) / 1000000)) "$rc" >> .tmp/phases.tsv
    return $rc
  }
  # Same steps and order as `npm test`, stopping at the first failure.
  status=0
  phase typecheck npm run typecheck &&
    phase lint sh -c "npm run lint && npm run format:check" &&
    phase unit/integration npm run test:unit &&
    phase build npm run build &&
    phase e2e npm run test:e2e || status=$?
  node scripts/test-summary.js .tmp/vitest.json .tmp/playwright.json .tmp/phases.tsv || true
  exit $status
'
