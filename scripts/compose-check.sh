#!/usr/bin/env bash
# Checks docker-compose.yml (CI runs this: .ci/run).
#  1. The file: `docker compose config` where the Compose plugin is installed; in any case the
#     structure the service relies on (scripts/compose-structure.mjs): health checks that do not wait
#     on each other, volumes for PostgreSQL, Redis and mail, PUBLIC_URL from the environment.
#  2. Where a Docker daemon runs: builds and brings the stack up, waits for every health check, runs
#     the demo seed in the API's container, checks the API serves the seeded call, and takes it down.
#     Without a daemon this step is skipped, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'compose-check: %s\n' "$*"; }

if docker compose version >/dev/null 2>&1; then
  docker compose config --quiet
  say "docker compose config: valid"
else
  say "docker compose config: not run (the Docker Compose plugin is not installed here)"
fi
node scripts/compose-structure.mjs

skip=""
if ! command -v docker >/dev/null 2>&1; then
  skip="docker is not installed"
elif ! info=$(docker info 2>&1); then
  skip="no Docker engine answers ($(tail -n 1 <<<"$info"))"
elif ! docker compose version >/dev/null 2>&1; then
  skip="the Docker Compose plugin is not installed"
fi
if [ -n "$skip" ]; then
  say "SKIPPED bringing the stack up and seeding it: $skip; run this script where Docker runs"
  exit 0
fi

project="tandem-check-$$"
port=${TANDEM_CHECK_PORT:-3300}
export TANDEM_PORT=$port PUBLIC_URL="http://localhost:$port"
compose() { docker compose -p "$project" "$@"; }
trap 'compose down --volumes --remove-orphans >/dev/null 2>&1 || true' EXIT
say "building and starting the stack with two API and two worker replicas (project $project, port $port)"
compose up --build --detach --wait --wait-timeout 600 --scale api=2 --scale worker=2
seed=$(compose exec -T api node dist/src/cli.js --json seed-demo)
call=$(node -e 'const s = JSON.parse(process.argv[1]); console.log(s.call)' "$seed")
token=$(node -e 'const s = JSON.parse(process.argv[1]); console.log(s.tokens["applicant@jst.example"])' "$seed")
curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/calls/$call" | grep -q '"state":"open"'
curl -fsS "http://127.0.0.1:$port/ready" >/dev/null
# Every request through the proxy, whichever replica answers it.
for _ in 1 2 3 4; do
  curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/calls/$call" | grep -q '"state":"open"'
done
say "the stack came up healthy with two API and two worker replicas, the demo seed ran in it, and the API serves the seeded call through the proxy"
