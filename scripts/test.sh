#!/usr/bin/env bash
# Sets up everything the tests need and runs every test: lint beside typecheck, format check and build, then
# unit + integration (Vitest: keychain lane serial against the real keychain beside the main lane, which runs
# its files in parallel), end-to-end (Playwright in Debian's Chromium). Each phase's time goes to
# .tmp/phases.tsv and into the closing summary.
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
rm -f .tmp/vitest.json .tmp/vitest-keychain.json .tmp/playwright.json
printf 'setup\t%d\t0\t%d\n' $((($(date +%s%N) - setup_start) / 1000000)) $((setup_start / 1000000)) > .tmp/phases.tsv

# A private D-Bus session with an unlocked gnome-keyring: keytar talks to the real Secret Service.
dbus-run-session -- bash -c '
  set -uo pipefail
  eval "$(echo -n channel-desk-test | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  now() { echo $(($(date +%s%N) / 1000000)); }
  # phase NAME COMMAND...: runs it, appends "NAME <tab> milliseconds <tab> exit code <tab> start (epoch ms)" to .tmp/phases.tsv.
  phase() {
    local name=$1 t0 rc=0
    shift
    t0=$(now)
    "$@" || rc=$?
    printf "%s\t%d\t%d\t%d\n" "$name" $(($(now) - t0)) "$rc" "$t0" >> .tmp/phases.tsv
    return $rc
  }
  # in_turn "NAME COMMAND; NAME COMMAND; ...": those phases one after another, stopping at the first that fails.
  in_turn() {
    local spec rest=$1
    while [ -n "$rest" ]; do
      spec=${rest%%;*}
      if [ "$spec" = "$rest" ]; then rest=""; else rest=${rest#*;}; fi
      # shellcheck disable=SC2086
      phase $spec || return 1
    done
  }
  # side_by_side "NAME COMMAND[; NAME COMMAND...]" ...: runs its arguments at once, each one in_turn; the first prints
  # as it goes, the output of each other one is shown whole, in order, once all have ended. Fails if any failed.
  side_by_side() {
    local i=0 rc=0 pids=() logs=()
    for spec in "$@"; do
      logs+=(".tmp/phase-$i.log")
      if [ $i -eq 0 ]; then in_turn "$spec" & else in_turn "$spec" > ".tmp/phase-$i.log" 2>&1 & fi
      pids+=($!)
      i=$((i + 1))
    done
    for i in "${!pids[@]}"; do
      wait "${pids[$i]}" || rc=1
      if [ "$i" -gt 0 ]; then cat "${logs[$i]}"; fi
      rm -f "${logs[$i]}"
    done
    return $rc
  }
  # The steps of `npm test`, stopping at the first failure. ESLint (the longest) keeps one core busy while
  # typecheck, format check and build take turns on the other; the build comes before the tests here (no test
  # reads dist/ but the e2e ones).
  # The two Vitest lanes of `npm run test:unit` run side by side too: the keychain lane (serial, waiting on the
  # keyring daemon more than on the CPU) no longer waits for the parallel lane to end.
  vitest_lane() { npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$2"; }
  status=0
  side_by_side "lint npm run lint" "typecheck npm run typecheck; format npm run format:check; build npm run build" &&
    side_by_side "unit/integration vitest_lane main .tmp/vitest.json" "keychain-lane vitest_lane keychain .tmp/vitest-keychain.json" &&
    phase e2e npm run test:e2e || status=$?
  node scripts/test-summary.js .tmp/vitest.json,.tmp/vitest-keychain.json .tmp/playwright.json .tmp/phases.tsv || true
  exit $status
'
