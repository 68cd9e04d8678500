#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that take outside input (tests/fuzz): afl-fuzz over SharpFuzz-instrumented
# assemblies. Usage: scripts/fuzz.sh TARGET|all SECONDS
# Prints executions, paths, crashes and hangs per target; exit 0 only when no target found a crash or a hang.
# FUZZ_CPU=N pins the build and the fuzzer to core N (taskset, afl-fuzz -b) on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(reader sqs rule sigma eql tuning sigma-file digest)
if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh TARGET|all SECONDS   (targets: ${targets[*]})" >&2
  exit 2
fi
target=$1
seconds=$2
if [ "$target" = all ]; then
  selected=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $target "* ]]; then
  selected=("$target")
else
  echo "unknown target '$target' (targets: ${targets[*]})" >&2
  exit 2
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
pin=()
bind=()
if [ -n "${FUZZ_CPU:-}" ]; then
  pin=(taskset -c "$FUZZ_CPU")
  bind=(-b "$FUZZ_CPU")
fi

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "afl-fuzz is missing and apt-get is not available: install AFL++ (afl-fuzz on PATH) and rerun" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi

# The instrumenting tool comes from the local manifest (.config/dotnet-tools.json), at its pinned version.
"${pin[@]}" dotnet tool restore >/dev/null

work=artifacts/fuzz
build=$work/build
bin=$work/bin
rm -rf "$build" "$bin"
"${pin[@]}" dotnet build tests/fuzz/TrailWatcher.Fuzz -c Release -o "$build" \
  --disable-build-servers -p:UseSharedCompilation=false -warnaserror 2>&1 | tail -n 2

# Instrument a fresh copy: SharpFuzz rewrites the assemblies in place, and the build output must stay clean for
# the next incremental build. Only our own assemblies are instrumented, so coverage means paths through our parsers.
cp -r "$build" "$bin"
for assembly in TrailWatcher.Detection.dll TrailWatcher.dll; do
  "${pin[@]}" dotnet sharpfuzz "$bin/$assembly" >/dev/null
done

# No core dumps wanted (a .NET crash is an unhandled exception, reported through SharpFuzz), no CPU frequency checks,
# no UI: the summary below is what is read.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
if [ ${#bind[@]} -eq 0 ]; then
  export AFL_NO_AFFINITY=1
fi

stat() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1"; }

status=0
summary=()
for name in "${selected[@]}"; do
  out=$work/$name
  rm -rf "$out"
  echo "fuzzing $name for $seconds s (seeds: tests/fuzz/corpus/$name, findings: $out/default)"
  # afl-fuzz passes over a seed that fails in its first runs, so the seeds are replayed here first: a seed the target
  # throws on (a guard that turned away a record its rule matches, say) fails the run.
  if ! "${pin[@]}" dotnet "$build/TrailWatcher.Fuzz.dll" "$name" "tests/fuzz/corpus/$name" >"$out.seeds.log" 2>&1; then
    echo "$name: a seed fails; its output:" >&2
    head -n 20 "$out.seeds.log" >&2
    status=1
    summary+=("$name: a seed fails")
    continue
  fi
  # -t: a .NET input runs in milliseconds once jitted; 5 s allows for the first run of a new path, no more.
  case $name in
    reader|sqs|digest) dictionary=json ;;
    eql) dictionary=eql ;;
    *) dictionary=yaml ;;
  esac
  "${pin[@]}" afl-fuzz "${bind[@]}" -i "tests/fuzz/corpus/$name" -x "tests/fuzz/dictionaries/$dictionary.dict" \
    -o "$out" -t 5000 -m none -V "$seconds" \
    -- dotnet "$bin/TrailWatcher.Fuzz.dll" "$name" >"$out.log" 2>&1 || true
  stats=$out/default/fuzzer_stats
  if [ ! -f "$stats" ]; then
    echo "$name: afl-fuzz did not start; its output:" >&2
    tail -n 20 "$out.log" >&2
    status=1
    summary+=("$name: did not run")
    continue
  fi

  execs=$(stat "$stats" execs_done)
  paths=$(stat "$stats" corpus_count)
  crashes=$(stat "$stats" saved_crashes)
  hangs=$(stat "$stats" saved_hangs)
  line="$name: ${seconds}s, $execs executions, $paths paths, $crashes crashes, $hangs hangs"
  echo "$line"
  summary+=("$line")
  if [ "$crashes" -ne 0 ] || [ "$hangs" -ne 0 ]; then
    status=1
    echo "  replay: dotnet $build/TrailWatcher.Fuzz.dll $name $out/default/crashes $out/default/hangs" >&2
  fi
done

if [ ${#selected[@]} -gt 1 ]; then
  printf '%s\n' "${summary[@]}"
fi
exit "$status"
