using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>A pod's addresses and their families, as utilnet sees them (an IPv4-mapped IPv6 address is IPv4).</summary>
internal static class PodIps
{
    /// <summary>status.podIPs, or status.podIP when the list is missing (a server that only sets the first).</summary>
    public static IEnumerable<string> Of(V1Pod pod)
    {
        if (pod.Status?.PodIPs is { Count: > 0 } ips)
        {
            return ips.Select(ip => ip.Ip).Where(ip => !string.IsNullOrEmpty(ip));
        }

        if (pod.Status?.PodIP is { Length: > 0 } single)
        {
            return [single];
        }

        return [];
    }

    public static bool IsIPv6(string? text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6;

    /// <summary>The address re-printed in its canonical form (utilnet.ParseIPSloppy(ip).String()); null if it is not an IP.</summary>
    public static string? Canonical(string? text)
    {
        if (!IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
    }
}
