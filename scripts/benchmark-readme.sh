#!/usr/bin/env bash
# Regenerates the benchmark blocks of README.md: publishes the shipped (native) build, runs the benchmark with every
# stage (seed rule, pack, all rules, two cores, empty scan, peers, the 1 GB file and 10,000 open groups) and then the
# worker-latency benchmark, and writes each table between its README markers. Takes about ten minutes; run it on a
# quiet machine. SKIP_PUBLISH=1 reuses artifacts/app.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
  bash scripts/publish.sh
fi
dotnet build -c Release tests/TrailWatcher.Benchmarks >/dev/null
dotnet run -c Release --no-build --project tests/TrailWatcher.Benchmarks -- run --records 400000 --repeat 5 --memory --readme README.md
dotnet run -c Release --no-build --project tests/TrailWatcher.Benchmarks -- latency --readme README.md
