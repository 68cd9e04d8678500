#!/usr/bin/env bash
# Runs every test of the repository: unit, service and end-to-end (real processes).
# Installs and starts whatever the tests need, so it works the same on a fresh clone and in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
configuration="${CONFIGURATION:-Release}"

# The integration tests run against a real AWS-protocol emulator: LocalStack when a Docker engine answers,
# otherwise the npm emulator, installed here (pinned by tests/emulator/package-lock.json).
bash scripts/emulator.sh install

# The Redis dedup tests start a real redis-server (Debian package redis-server); the fuzz smoke run needs afl-fuzz
# (Debian package afl++); the shipped build is compiled ahead of time and linked by clang against zlib (clang,
# zlib1g-dev).
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v afl-fuzz >/dev/null 2>&1 || missing+=(afl++)
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "${missing[*]} missing and apt-get is not available: install Redis (redis-server), AFL++ (afl-fuzz), clang and the zlib headers, and rerun" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The syslog sink tests start a real rsyslogd, with the gtls driver for TLS (Debian packages rsyslog, rsyslog-gnutls).
if ! command -v rsyslogd >/dev/null 2>&1 || ! ls /usr/lib/*/rsyslog/lmnsd_gtls.so >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "rsyslogd or its gtls driver is missing and apt-get is not available: install rsyslog and rsyslog-gnutls and rerun" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsyslog rsyslog-gnutls >/dev/null
fi

dotnet build TrailWatcher.sln -c "$configuration" -warnaserror 2>&1 | tail -n 3

# The end-to-end tests run the build users run: the native executable scripts/publish.sh makes (TRAILWATCHER_EXECUTABLE).
# The unit and service tests run the build beside them, as `dotnet run` does.
app="$PWD/artifacts/test-app"
rm -rf "$app"
bash scripts/publish.sh "$app" 2>&1 | tail -n 3

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test tests/TrailWatcher.Detection.Tests -c "$configuration" --no-build 2>&1 | tee -a "$log" || status=$?
dotnet test tests/TrailWatcher.Tests -c "$configuration" --no-build 2>&1 | tee -a "$log" || status=$?
TRAILWATCHER_EXECUTABLE="$app/TrailWatcher" dotnet test tests/TrailWatcher.IntegrationTests -c "$configuration" --no-build 2>&1 | tee -a "$log" || status=$?

# A short coverage-guided fuzz run of every parser of outside input: a few seconds per target find the crashes a
# change makes easy to reach (a longer campaign is scripts/fuzz.sh TARGET SECONDS). FUZZ_SMOKE_SECONDS=0 skips it.
fuzz_seconds="${FUZZ_SMOKE_SECONDS:-10}"
if [ "$fuzz_seconds" -gt 0 ]; then
  fuzz_status=0
  bash scripts/fuzz.sh all "$fuzz_seconds" || fuzz_status=$?
  if [ "$fuzz_status" -ne 0 ]; then
    echo "fuzz smoke run FAILED: a target crashed, hung or did not start (the lines above name it, and how to replay the input in artifacts/fuzz/TARGET/default)" >&2
    status=1
  fi
fi

# One closing line for every runner that reads it: the totals over all test projects.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$skipped" -gt 0 ]; then
  echo "tests were skipped: every test must run" >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
