using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Networking;

namespace KubeSharp.Kubelet.Network;

/// <summary>
/// The node's CNI network list for containerd: bridge (the node's bridge as the pods' gateway,
/// host-local IPAM over the node's pod CIDR) then portmap (hostPort). Written in the CNI spec 1.0.0
/// the installed 1.1.1 plugins support.
/// </summary>
internal static class CniConfig
{
    /// <summary>The one file in the node's CNI conf dir (containerd loads max_conf_num = 1).</summary>
    public const string FileName = "10-kubesharp.conflist";

    public const string CniVersion = "1.0.0";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="networkName">The CNI network name (host-local keeps its state under it; unique per node).</param>
    /// <param name="bridgeName">The Linux bridge the pods attach to.</param>
    /// <param name="podCidr">The node's pod CIDR (spec.podCIDR).</param>
    /// <param name="ipamDataDir">host-local's state directory, under the node's own folder so nodes sharing a machine do not share allocations.</param>
    /// <param name="gateway">The bridge's address; by default the pod CIDR's first address, as <see cref="NodeNetwork"/> assigns it.</param>
    /// <exception cref="ArgumentException">The pod CIDR or gateway is not IPv4.</exception>
    public static string Render(string networkName, string bridgeName, string podCidr, string ipamDataDir, string? gateway = null)
    {
        if (!Ipv4Cidr.TryParse(podCidr, out var subnet))
        {
            throw new ArgumentException($"pod CIDR \"{podCidr}\" is not an IPv4 CIDR", nameof(podCidr));
        }

        if (gateway is not null && !Ipv4Cidr.TryParseAddress(gateway, out _))
        {
            throw new ArgumentException($"gateway \"{gateway}\" is not an IPv4 address", nameof(gateway));
        }

        var range = new JsonObject
        {
            ["subnet"] = subnet.ToString(),
            ["gateway"] = gateway ?? Ipv4Cidr.Format(subnet.FirstUsable),
        };
        var bridge = new JsonObject
        {
            ["type"] = "bridge",
            ["bridge"] = bridgeName,
            ["isGateway"] = true,
            ["ipMasq"] = false,
            ["hairpinMode"] = true,
            ["ipam"] = new JsonObject
            {
                ["type"] = "host-local",
                ["ranges"] = new JsonArray(new JsonArray(range)),
                ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                ["dataDir"] = ipamDataDir,
            },
        };
        var portmap = new JsonObject
        {
            ["type"] = "portmap",
            ["capabilities"] = new JsonObject { ["portMappings"] = true },
            ["snat"] = true,
        };
        var list = new JsonObject
        {
            ["cniVersion"] = CniVersion,
            ["name"] = networkName,
            ["plugins"] = new JsonArray(bridge, portmap),
        };
        return list.ToJsonString(Indented);
    }

    /// <summary>
    /// Renders the list (see <see cref="Render"/>, gateway by default) and writes it into
    /// <paramref name="directory"/> as <see cref="FileName"/>, atomically (a hidden temp file renamed
    /// over it, so containerd never loads half a file); returns its path.
    /// </summary>
    /// <exception cref="ArgumentException">The pod CIDR is not IPv4.</exception>
    public static async Task<string> WriteAsync(
        string directory, string networkName, string bridgeName, string podCidr, string ipamDataDir, CancellationToken cancellationToken)
    {
        var conflist = Render(networkName, bridgeName, podCidr, ipamDataDir);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temp = Path.Combine(directory, "." + FileName + ".tmp");
        await File.WriteAllTextAsync(temp, conflist, cancellationToken);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
