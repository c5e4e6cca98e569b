#!/usr/bin/env bash
# Runs one macro benchmark, printing "figure: value unit" lines:  ./bench.sh store
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
. scripts/host-packages.sh
[ $# -ge 1 ] || { echo "usage: ./bench.sh NAME [options]   (NAME: store, api, scheduler, controllers)" >&2; exit 2; }

ensure_dotnet bench.sh
case "$1" in
  store) ensure_packages bench.sh etcd-server:/usr/bin/etcd ;;
esac

build_quietly bench/KubeSharp.Bench/KubeSharp.Bench.csproj -c Release -o .kubesharp/bench --nologo
exec dotnet .kubesharp/bench/KubeSharp.Bench.dll "$@"
