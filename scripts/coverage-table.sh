#!/usr/bin/env bash
# Regenerates the README's "Built-in rules by MITRE ATT&CK tactic" table (between <!-- coverage:start --> and
# <!-- coverage:end -->) from the built-in rule pack, with `trailwatcher rules coverage --format markdown`.
# --check: change nothing, exit 1 when the README's table is stale (a unit test checks the same).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
configuration="${CONFIGURATION:-Release}"

table=$(mktemp)
readme=$(mktemp)
trap 'rm -f "$table" "$readme"' EXIT

# Built first and run as a dll: `dotnet run` may print build progress on stdout, which would land in the table.
dotnet build src/TrailWatcher -c "$configuration" -v quiet -nologo >/dev/null
dotnet "src/TrailWatcher/bin/$configuration/net10.0/TrailWatcher.dll" rules coverage --format markdown >"$table"

if ! grep -q '^<!-- coverage:start -->$' README.md || ! grep -q '^<!-- coverage:end -->$' README.md; then
  echo "README.md lacks the <!-- coverage:start --> / <!-- coverage:end --> lines" >&2
  exit 1
fi

awk -v table="$table" '
  /^<!-- coverage:start -->$/ { print; print ""; while ((getline line < table) > 0) print line; print ""; skipping = 1; next }
  /^<!-- coverage:end -->$/ { skipping = 0 }
  !skipping { print }
' README.md >"$readme"

if [ "${1:-}" = "--check" ]; then
  if cmp -s README.md "$readme"; then
    echo "README.md coverage table is up to date"
    exit 0
  fi
  echo "README.md coverage table is stale: run scripts/coverage-table.sh" >&2
  exit 1
fi

cp "$readme" README.md
echo "README.md coverage table regenerated"
