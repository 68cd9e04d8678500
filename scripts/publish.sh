#!/usr/bin/env bash
# The Dockerfile's build stage, runnable without a Docker engine: restore and publish a ReadyToRun build
# to OUT (default ./artifacts/app). RID defaults to this machine's.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/app}"
rid="${RID:-linux-x64}"
dotnet publish src/TrailWatcher/TrailWatcher.csproj -c Release -r "$rid" --self-contained false -o "$out" --nologo
