#!/usr/bin/env bash
# `npm test [-- <jest arguments>]`: brings what the tests need (scripts/test-prerequisites.sh:
# PostgreSQL, Redis, Chromium), builds once (incremental, scripts/build.mjs), then runs jest with
# the arguments given. The suites that start the service as a child process use that build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium only for a run that may include the browser tests: the whole suite, or arguments naming them.
prerequisites=()
if [ $# -gt 0 ] && [[ "$*" != *browser* ]]; then prerequisites+=(--no-browser); fi
bash scripts/test-prerequisites.sh "${prerequisites[@]}"
node scripts/build.mjs --quiet
# One process runs every suite in turn (maxWorkers: 1): give its heap room as the suite grows (it
# passed 3.8 GB at about 95 suites with the default limit; the machines have 24 GB).
export NODE_OPTIONS="--experimental-vm-modules --no-warnings --max-old-space-size=12288 ${NODE_OPTIONS:-}"
exec node_modules/.bin/jest --config jest.config.js "$@"
