using System.Globalization;
using KubeSharp.Api.Networking;

namespace KubeSharp.Controllers.ServiceLb;

/// <summary>
/// The addresses LoadBalancer Services get theirs from (<c>--lb-pool</c>): comma-separated IPv4
/// CIDRs, ranges "A-B" and single addresses, e.g. "192.168.227.240/28" or
/// "10.0.0.10-10.0.0.20,10.1.0.0/30". A CIDR shorter than /31 gives neither its network nor its
/// broadcast address, as no host could use them. Entries may not overlap. Public so the command
/// line can check the flag before anything starts.
/// </summary>
public sealed class LoadBalancerPool
{
    private readonly string _text;
    private readonly AddressRange[] _ranges;

    private LoadBalancerPool(string text, AddressRange[] ranges)
    {
        _text = text;
        _ranges = ranges;
        Size = ranges.Sum(range => range.Count);
    }

    /// <summary>How many addresses the pool holds.</summary>
    public long Size { get; }

    /// <summary>The pool, or null when <paramref name="text"/> is null or blank (no pool).</summary>
    /// <exception cref="ArgumentException">An entry is not an IPv4 CIDR or range, or two entries overlap.</exception>
    public static LoadBalancerPool? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var entries = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            throw new ArgumentException($"the load-balancer pool \"{text}\" names no addresses");
        }

        var ranges = entries.Select(ParseEntry).OrderBy(range => range.First).ToArray();
        for (var i = 1; i < ranges.Length; i++)
        {
            if (ranges[i].First <= ranges[i - 1].Last)
            {
                throw new ArgumentException($"\"{ranges[i - 1].Entry}\" and \"{ranges[i].Entry}\" in the load-balancer pool overlap");
            }
        }

        return new LoadBalancerPool(string.Join(',', entries), ranges);
    }

    /// <summary>
    /// A dotted-quad IPv4 address, strictly: four decimal parts without leading zeros (which some
    /// parsers read as octal), nothing else.
    /// </summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        var parts = 0;
        var part = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || parts == 3)
                {
                    return false;
                }

                address = (address << 8) | (uint)part;
                parts++;
                part = 0;
                digits = 0;
            }
            else if (char.IsAsciiDigit(c) && !(digits == 1 && part == 0))
            {
                part = (part * 10) + (c - '0');
                digits++;
                if (part > 255)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || parts != 3)
        {
            return false;
        }

        address = (address << 8) | (uint)part;
        return true;
    }

    public bool Contains(uint address)
    {
        foreach (var range in _ranges)
        {
            if (address >= range.First && address <= range.Last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every address of the pool, lowest first.</summary>
    public IEnumerable<uint> Addresses()
    {
        foreach (var range in _ranges)
        {
            for (ulong address = range.First; address <= range.Last; address++)
            {
                yield return (uint)address;
            }
        }
    }

    /// <summary>The pool as configured, for messages.</summary>
    public override string ToString() => _text;

    private static AddressRange ParseEntry(string entry)
    {
        if (entry.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{entry}\" in the load-balancer pool is not IPv4 (only IPv4 pools are supported)");
        }

        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!TryParseAddress(entry.AsSpan(0, slash), out var network))
            {
                throw new ArgumentException($"\"{entry}\" in the load-balancer pool does not start with an IPv4 address");
            }

            if (!int.TryParse(entry.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
            {
                throw new ArgumentException($"\"{entry}\" in the load-balancer pool has no prefix length between 0 and 32");
            }

            // Host bits are dropped, as net.ParseCIDR does.
            var cidr = new Ipv4Cidr(prefix == 0 ? 0u : network & (uint.MaxValue << (32 - prefix)), prefix);
            var last = prefix >= 31 ? cidr.LastAddress : cidr.LastAddress - 1;
            return new AddressRange(entry, cidr.FirstUsable, last);
        }

        var dash = entry.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (!TryParseAddress(entry.AsSpan(0, dash).Trim(), out var first) || !TryParseAddress(entry.AsSpan(dash + 1).Trim(), out var last))
            {
                throw new ArgumentException($"\"{entry}\" in the load-balancer pool is not a range of two IPv4 addresses (A-B)");
            }

            if (last < first)
            {
                throw new ArgumentException($"\"{entry}\" in the load-balancer pool ends before it starts");
            }

            return new AddressRange(entry, first, last);
        }

        return TryParseAddress(entry, out var single)
            ? new AddressRange(entry, single, single)
            : throw new ArgumentException($"\"{entry}\" in the load-balancer pool is not an IPv4 address, CIDR (a.b.c.d/n) or range (A-B)");
    }

    /// <summary>One entry's usable addresses, first to last inclusive.</summary>
    private readonly record struct AddressRange(string Entry, uint First, uint Last)
    {
        public long Count => (long)Last - First + 1;
    }
}
