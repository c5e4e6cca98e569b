using System.Collections;
using KubeSharp.Api.Networking;

namespace KubeSharp.Controllers.NodeIpam;

/// <summary>
/// upstream's cidrset: the cluster range cut into equal subnets (a /16 into 256 /24s) with a bit
/// per subnet for "in use". Allocation searches round from just after the last subnet handed out,
/// so a released subnet is not handed straight to the next node (whose routes may still point
/// at the old one). Not thread-safe: its owner locks.
/// </summary>
internal sealed class CidrSet
{
    /// <summary>At most 2^24 subnets (a 2 MiB bitmap), which any sensible cluster range and node size fit in.</summary>
    public const int MaxSubnetBits = 24;

    private readonly Ipv4Cidr _cluster;
    private readonly int _subnetPrefix;
    private readonly BitArray _used;
    private int _next;

    /// <exception cref="ArgumentOutOfRangeException">The subnet prefix is shorter than the cluster's, longer than 32, or makes too many subnets.</exception>
    public CidrSet(Ipv4Cidr cluster, int subnetPrefix)
    {
        if (subnetPrefix < cluster.PrefixLength || subnetPrefix > 32)
        {
            throw new ArgumentOutOfRangeException(
                nameof(subnetPrefix), subnetPrefix, $"the node CIDR mask size must be between the cluster CIDR's ({cluster.PrefixLength}) and 32");
        }

        if (subnetPrefix - cluster.PrefixLength > MaxSubnetBits)
        {
            throw new ArgumentOutOfRangeException(
                nameof(subnetPrefix), subnetPrefix, $"a /{subnetPrefix} per node makes more than 2^{MaxSubnetBits} subnets of {cluster}");
        }

        _cluster = cluster;
        _subnetPrefix = subnetPrefix;
        Capacity = 1 << (subnetPrefix - cluster.PrefixLength);
        _used = new BitArray(Capacity);
    }

    /// <summary>How many subnets the range has.</summary>
    public int Capacity { get; }

    /// <summary>How many are in use.</summary>
    public int Allocated { get; private set; }

    /// <summary>Marks the next free subnet used; false when none is left.</summary>
    public bool TryAllocateNext(out Ipv4Cidr subnet)
    {
        subnet = default;
        if (Allocated == Capacity)
        {
            return false;
        }

        var candidate = _next;
        while (_used[candidate])
        {
            candidate = (candidate + 1) % Capacity;
        }

        _used[candidate] = true;
        Allocated++;
        _next = (candidate + 1) % Capacity;
        subnet = SubnetAt(candidate);
        return true;
    }

    /// <summary>Marks every subnet the range overlaps used (a node's existing podCIDR); false if it is outside the cluster range.</summary>
    public bool Occupy(Ipv4Cidr cidr) => Mark(cidr, used: true);

    /// <summary>Marks every subnet the range overlaps free again; false if it is outside the cluster range.</summary>
    public bool Release(Ipv4Cidr cidr) => Mark(cidr, used: false);

    public bool IsUsed(Ipv4Cidr cidr) => Overlap(cidr) is { } range && _used[range.First];

    private Ipv4Cidr SubnetAt(int index) => new((uint)(_cluster.Network + ((ulong)index << (32 - _subnetPrefix))), _subnetPrefix);

    private bool Mark(Ipv4Cidr cidr, bool used)
    {
        if (Overlap(cidr) is not { } range)
        {
            return false;
        }

        for (var i = range.First; i <= range.Last; i++)
        {
            if (_used[i] != used)
            {
                _used[i] = used;
                Allocated += used ? 1 : -1;
            }
        }

        return true;
    }

    /// <summary>The indexes of the subnets the range overlaps (it may be smaller or larger than one), or null if it misses the cluster range.</summary>
    private (int First, int Last)? Overlap(Ipv4Cidr cidr)
    {
        var first = Math.Max(cidr.Network, _cluster.Network);
        var last = Math.Min(cidr.LastAddress, _cluster.LastAddress);
        if (first > last)
        {
            return null;
        }

        // In 64 bits, so a shift by 32 (a /0 subnet) is a shift and not a no-op.
        var shift = 32 - _subnetPrefix;
        return ((int)(((ulong)first - _cluster.Network) >> shift), (int)(((ulong)last - _cluster.Network) >> shift));
    }
}
