#!/usr/bin/env bash
# The Dockerfile's build stage, runnable without a Docker engine: restore and publish the shipped build to OUT
# (default ./artifacts/app). RID defaults to linux-x64.
# Compiled ahead of time to one native executable (Native AOT): no JIT, no run-time loading of compiled code, so a
# process starts and loads the rule pack in a fraction of the time, and what the pack adds costs less (measured on the
# benchmark corpus: a scan with the built-in pack takes about 0.71x the CPU time of the composite ReadyToRun build it
# replaces, and 1.42-1.49x the seed rule alone against 1.61x). Needs clang (the native linker driver) on the build machine.
# ISA picks the x64 instruction set the code is compiled for (default x86-64-v3: AVX2, every x64 server CPU since
# 2013); on an older CPU the binary stops at start saying which instructions are missing: publish with ISA=x86-64-v2.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/app}"
rid="${RID:-linux-x64}"
isa=()
if [[ "$rid" == *-x64 ]]; then
  isa=(-p:IlcInstructionSet="${ISA:-x86-64-v3}")
fi
dotnet publish src/TrailWatcher/TrailWatcher.csproj -c Release -r "$rid" -p:PublishAot=true "${isa[@]}" -o "$out" --nologo
