#!/usr/bin/env bash
# tests/lab.sh CMD...: runs CMD inside a fresh lab network namespace that has only loopback, so
# nothing the command sends can leave the machine (pods, services and nodes get addresses inside
# it). It is entered with `nsenter --net`, not `ip netns exec`, which would remount /sys and hide
# the cgroup mounts runc needs. Afterwards whatever CMD left inside is killed by PID and the
# namespace is removed.
set -uo pipefail
name="ks-lab-$$"
ip netns add "$name" || exit 1
cleanup() {
  local pid
  for pid in $(ip netns pids "$name" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  ip netns del "$name" 2>/dev/null
}
trap cleanup EXIT
ip netns exec "$name" ip link set lo up
# A node address of its own (a veth pair whose both ends stay inside), as a machine's eth0 would be.
ip netns exec "$name" ip link add lab0 type veth peer name lab1
ip netns exec "$name" ip addr add 192.168.227.2/24 dev lab0
ip netns exec "$name" ip link set lab0 up
ip netns exec "$name" ip link set lab1 up
KUBESHARP_LAB="$name" KUBESHARP_LAB_NODE_IP=192.168.227.2 nsenter --net="/run/netns/$name" "$@"
