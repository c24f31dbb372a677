#!/usr/bin/env bash
# Sets up and starts Channel Desk: the Electron window where Electron can start, otherwise headless
# mode with the UI URL printed. Extra arguments go to the app (e.g. --port 4870 --data-dir ./data).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
npm run build --silent
exec node scripts/start.js "$@"
