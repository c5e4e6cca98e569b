using System.Globalization;
using System.Numerics;
using k8s.Models;

namespace KubeSharp.Kubelet.Pods.Environment;

/// <summary>
/// A container's requests and limits as the downward API shows them (upstream's
/// ExtractContainerResourceValue): the quantity divided by the divisor (default 1), rounded up to
/// a whole number, so 250m of CPU reads "1" and with divisor 1m "250". A missing or zero limit of
/// CPU, memory or ephemeral storage reads the node's allocatable amount instead.
/// </summary>
internal static class ResourceFields
{
    private const string RequestsPrefix = "requests.";
    private const string LimitsPrefix = "limits.";
    private const string HugePagesPrefix = "hugepages-";

    /// <exception cref="InvalidOperationException">The resource is not one the downward API supports.</exception>
    public static string Value(V1ResourceFieldSelector selector, V1Container container, NodeAllocatable allocatable)
    {
        var divisor = selector.Divisor?.ToDecimal() ?? 0m;
        if (divisor == 0m)
        {
            divisor = 1m;
        }

        var resource = selector.Resource ?? string.Empty;
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        var quantity = resource switch
        {
            "limits.cpu" => Limit(limits, "cpu", allocatable.Cpu),
            "limits.memory" => Limit(limits, "memory", allocatable.Memory),
            "limits.ephemeral-storage" => Limit(limits, "ephemeral-storage", allocatable.EphemeralStorage),
            "requests.cpu" => Amount(requests, "cpu"),
            "requests.memory" => Amount(requests, "memory"),
            "requests.ephemeral-storage" => Amount(requests, "ephemeral-storage"),
            _ when resource.StartsWith(RequestsPrefix + HugePagesPrefix, StringComparison.Ordinal) => Amount(requests, resource[RequestsPrefix.Length..]),
            _ when resource.StartsWith(LimitsPrefix + HugePagesPrefix, StringComparison.Ordinal) => Amount(limits, resource[LimitsPrefix.Length..]),
            _ => throw new InvalidOperationException($"unsupported container resource : {resource}"),
        };
        return CeilingRatio(quantity, divisor);
    }

    /// <summary>
    /// ceil(quantity / divisor) computed exactly on the decimal digits, "0" when either is not
    /// positive, saturating at the largest int64 as upstream.
    /// </summary>
    public static string CeilingRatio(decimal quantity, decimal divisor)
    {
        if (quantity <= 0m || divisor <= 0m)
        {
            return "0";
        }

        var (quantityDigits, quantityScale) = Digits(quantity);
        var (divisorDigits, divisorScale) = Digits(divisor);

        // (q / 10^qs) / (d / 10^ds) = (q * 10^ds) / (d * 10^qs)
        var numerator = quantityDigits * BigInteger.Pow(10, divisorScale);
        var denominator = divisorDigits * BigInteger.Pow(10, quantityScale);
        var result = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (!remainder.IsZero)
        {
            result += BigInteger.One;
        }

        return (result > long.MaxValue ? long.MaxValue : (long)result).ToString(CultureInfo.InvariantCulture);
    }

    private static decimal Limit(IDictionary<string, ResourceQuantity>? limits, string name, ResourceQuantity? allocatable)
    {
        var limit = Amount(limits, name);
        return limit != 0m ? limit : allocatable?.ToDecimal() ?? 0m;
    }

    private static decimal Amount(IDictionary<string, ResourceQuantity>? list, string name) =>
        list is not null && list.TryGetValue(name, out var quantity) && quantity is not null ? quantity.ToDecimal() : 0m;

    /// <summary>A positive decimal as its integer digits and power-of-ten scale.</summary>
    private static (BigInteger Digits, int Scale) Digits(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        _ = decimal.GetBits(value, bits);
        var digits = new BigInteger((uint)bits[0])
            | (new BigInteger((uint)bits[1]) << 32)
            | (new BigInteger((uint)bits[2]) << 64);
        return (digits, (bits[3] >> 16) & 0xFF);
    }
}
