#!/usr/bin/env bash
# Regenerates the benchmark block of README.md: publishes the shipped (native) build, then runs the benchmark with every
# stage (seed rule, pack, all rules, two cores, empty scan, peers, the 1 GB file and 10,000 open groups) and writes the
# table between the README's benchmark-report markers. Takes a few minutes; run it on a quiet machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
  bash scripts/publish.sh
fi
dotnet run -c Release --project tests/TrailWatcher.Benchmarks -- run --records 400000 --memory --readme README.md "$@"
