#!/usr/bin/env bash
# Installs what the tests need and runs them all; ends with one summary line.
#   ./test.sh          every test project
#   ./test.sh --fast   skips the end-to-end project (during development)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
. scripts/host-packages.sh

fast=0
[ "${1:-}" = "--fast" ] && fast=1

ensure_dotnet test.sh || exit 1
ensure_packages test.sh etcd-server:/usr/bin/etcd nodejs:/usr/bin/node npm:/usr/bin/npm "${NODE_PACKAGES[@]}" || exit 1

# The JavaScript client the API tests drive (from the npm registry, pinned in tests/js/package.json).
if [ ! -f tests/js/node_modules/@kubernetes/client-node/package.json ]; then
  (cd tests/js && npm install --no-audit --no-fund --loglevel=error) || { echo "test.sh: npm install in tests/js failed"; exit 1; }
fi

dotnet build KubeSharp.slnx -c Debug --nologo -v quiet "-clp:ErrorsOnly;NoSummary" || { echo "test.sh: build failed"; exit 1; }

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
for project in tests/*.Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  if [ $fast -eq 1 ] && [[ $name == *E2E* ]]; then continue; fi
  # End-to-end tests run real nodes: inside a lab network namespace with no route off the machine.
  lab=()
  [[ $name == *E2E* ]] && lab=(tests/lab.sh)
  "${lab[@]}" dotnet test "$project" --no-build --nologo \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  [ -f "$results/$name.trx" ] || { echo "test.sh: $name produced no results"; status=1; }
done

counter() { grep -ho "<Counters [^>]*" "$results"/*.trx 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{s+=$1} END {print s+0}'; }
total=$(counter total); executed=$(counter executed); passed=$(counter passed); failed=$(counter failed)
skipped=$((total - executed))
echo
echo "xunit: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ] || status=1
exit $status
