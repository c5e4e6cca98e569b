#!/usr/bin/env bash
# Runs one macro benchmark, printing "figure: value unit" lines:  ./bench.sh store
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
. scripts/host-packages.sh
[ $# -ge 1 ] || { echo "usage: ./bench.sh NAME [options]   (NAME: store, api, scheduler, controllers, podstartup, streams, services)" >&2; exit 2; }

ensure_dotnet bench.sh
case "$1" in
  store) ensure_packages bench.sh etcd-server:/usr/bin/etcd ;;
  podstartup|streams) ensure_packages bench.sh "${NODE_PACKAGES[@]}" ;;
  services) ensure_packages bench.sh "${NODE_PACKAGES[@]}" dnsperf:/usr/bin/dnsperf ;;
esac

build_quietly bench/KubeSharp.Bench/KubeSharp.Bench.csproj -c Release -o .kubesharp/bench --nologo
# Benchmarks that run real nodes do so inside a lab network namespace (no route off the machine).
case "$1" in
  podstartup|streams|services) exec tests/lab.sh dotnet .kubesharp/bench/KubeSharp.Bench.dll "$@" ;;
esac
exec dotnet .kubesharp/bench/KubeSharp.Bench.dll "$@"
