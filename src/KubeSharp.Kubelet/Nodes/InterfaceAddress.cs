using System.Net;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>One IPv4 address of a network interface in the kubelet's network namespace.</summary>
internal sealed record InterfaceAddress(string Interface, IPAddress Address, bool IsUp, bool IsLoopback);
