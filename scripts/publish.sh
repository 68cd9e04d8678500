#!/usr/bin/env bash
# The Dockerfile's build stage, runnable without a Docker engine: restore and publish to OUT (default ./artifacts/app).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/app}"
dotnet publish src/TrailWatcher/TrailWatcher.csproj -c Release -o "$out" --nologo
