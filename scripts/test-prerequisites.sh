#!/usr/bin/env bash
# What the tests need on this machine, brought when absent: PostgreSQL and Redis running (started,
# installed with apt when missing), Chromium and a Japanese font for the browser tests (installed
# with apt when missing). Installing needs root and apt-get; without them it says what to do.
# Used by `npm test` (scripts/test.sh) and by CI (.ci/run), so the two cannot drift.
#
#   bash scripts/test-prerequisites.sh [--no-browser] [--dry-run]
#     --no-browser   skip Chromium and the font (a run without browser tests)
#     --dry-run      check only; print what would be started or installed, change nothing
set -euo pipefail

browser=1
dry=0
for arg in "$@"; do
  case "$arg" in
    --no-browser) browser=0 ;;
    --dry-run) dry=1 ;;
    *) echo "test-prerequisites: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf 'test prerequisites: %s\n' "$*"; }
fail() { printf 'test prerequisites: %s\n' "$*" >&2; exit 1; }
# Runs a command, or only prints it in a dry run.
act() { if [ "$dry" = 1 ]; then say "would run: $*" >&2; else "$@"; fi; }

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  can_install || return 1
  say "installing $* with apt-get"
  # Several runs may install at once: wait for dpkg's lock rather than fail on it.
  if [ "$apt_updated" = 0 ]; then act apt-get -o DPkg::Lock::Timeout=600 update -qq; apt_updated=1; fi
  act env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# host and port of a URL (postgres://user@host:port/db, redis://host:port)
url_host() { sed -E 's#^[a-z]+://([^@/]*@)?\[?([^]:/]+)\]?.*#\2#' <<<"$1"; }
url_port() { sed -E -n 's#^[a-z]+://([^@/]*@)?(\[[^]]*\]|[^:/]+):([0-9]+).*#\3#p' <<<"$1"; }
is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost || "$1" == ::1 ]]; }

wait_for() { # what, command...
  local what=$1; shift
  [ "$dry" = 1 ] && return 0
  for _ in $(seq 1 60); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  fail "$what did not start"
}

ensure_postgres() {
  local url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tandem_test}
  local host port
  host=$(url_host "$url"); port=$(url_port "$url"); port=${port:-5432}
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -h "$host" -p "$port" -q 2>/dev/null; then return; fi
  if ! is_local "$host" || [ "$port" != 5432 ]; then
    fail "no PostgreSQL answers at $host:$port (TEST_DATABASE_URL); start it, or unset TEST_DATABASE_URL to use 127.0.0.1:5432"
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt_install postgresql || fail "PostgreSQL is not installed: apt-get install postgresql (as root), or set TEST_DATABASE_URL to a PostgreSQL with trust authentication"
  fi
  local version
  version=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1}')
  [ -n "$version" ] || [ "$dry" = 1 ] || fail "no PostgreSQL cluster found (pg_lsclusters)"
  say "starting PostgreSQL ${version:-(new)}"
  [ "$(id -u)" = 0 ] || fail "PostgreSQL is installed but not running: pg_ctlcluster ${version} main start (as root or postgres)"
  act pg_ctlcluster --skip-systemctl-redirect "${version:-15}" main start
  wait_for PostgreSQL pg_isready -h "$host" -p 5432 -q
}

ensure_redis() {
  local url=${TEST_REDIS_URL:-redis://127.0.0.1:6379}
  local host port
  host=$(url_host "$url"); port=$(url_port "$url"); port=${port:-6379}
  # One suite starts a Redis of its own (test/support/processes.ts), so redis-server must be installed.
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server || fail "redis-server is not installed: apt-get install redis-server (as root)"
  fi
  if redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1; then return; fi
  is_local "$host" || fail "no Redis answers at $host:$port (TEST_REDIS_URL)"
  say "starting Redis on port $port"
  act redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no
  wait_for Redis redis-cli -h "$host" -p "$port" ping
}

# Browser tests drive Debian's Chromium through playwright-core (nothing downloaded); the Japanese
# pages need a CJK font for their screenshots to be readable.
ensure_browser() {
  local chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
  local packages=()
  [ -x "$chromium" ] || packages+=(chromium)
  [ -n "$(fc-list :lang=ja family 2>/dev/null)" ] || packages+=(fonts-ipafont-gothic)
  [ ${#packages[@]} -eq 0 ] && return
  if ! apt_install "${packages[@]}"; then
    fail "the browser tests need ${packages[*]} (Chromium at $chromium): as root, apt-get install ${packages[*]}; or set CHROMIUM_PATH to a Chromium; or run without them: npm test -- --selectProjects unit integration e2e"
  fi
  [ "$dry" = 1 ] || [ -x "$chromium" ] || fail "no Chromium at CHROMIUM_PATH=$chromium (apt installed /usr/bin/chromium): unset CHROMIUM_PATH or point it at a Chromium"
}

ensure_postgres
ensure_redis
if [ "$browser" = 1 ]; then ensure_browser; fi
