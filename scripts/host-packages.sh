# Sourced by ./kubesharp, ./test.sh and ./bench.sh: host packages and quiet builds.
# ensure_packages WHO PACKAGE:FILE...  installs each PACKAGE whose FILE is missing (apt-get, as root),
# or says exactly what is missing and fails.
ensure_packages() {
  local who=$1; shift
  local missing=() pair
  for pair in "$@"; do
    [ -e "${pair#*:}" ] || missing+=("${pair%%:*}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "$who: missing Debian packages: ${missing[*]} (run as root to have them installed, or apt-get install them)" >&2
    return 1
  fi
  echo "$who: installing ${missing[*]}" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 && return 0
  echo "$1: the .NET 10 SDK (dotnet) is needed to build KubeSharp and is not on PATH" >&2
  return 1
}

# build_quietly ARGS...: dotnet build, printing its output only if it fails.
build_quietly() {
  local log
  log="$(mktemp)"
  if ! dotnet build "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# What a node needs: containerd, runc, the CNI plugins, nftables, iptables (the portmap plugin),
# busybox-static and a static C toolchain (the built-in images), nsenter (lab namespaces).
NODE_PACKAGES=(
  containerd:/usr/bin/containerd runc:/usr/sbin/runc containernetworking-plugins:/usr/lib/cni/bridge
  nftables:/usr/sbin/nft iptables:/usr/sbin/iptables conntrack:/usr/sbin/conntrack busybox-static:/bin/busybox
  gcc:/usr/bin/gcc libc6-dev:/usr/include/stdio.h util-linux:/usr/bin/nsenter iproute2:/usr/sbin/ip
)
