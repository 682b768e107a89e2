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
export NODE_OPTIONS="--experimental-vm-modules --no-warnings ${NODE_OPTIONS:-}"
exec node_modules/.bin/jest --config jest.config.js "$@"
