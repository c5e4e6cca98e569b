using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// Parses <c>--kube-reserved</c> / <c>--system-reserved</c> values such as <c>cpu=100m,memory=100Mi</c>
/// into amounts (cores for cpu, bytes for memory and ephemeral-storage, a count for pid).
/// </summary>
internal static class ReservedResources
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal) { "cpu", "memory", "ephemeral-storage", "pid" };

    /// <exception cref="ArgumentException">A pair is not name=quantity, the name is not one kubelet reserves, or the quantity is invalid or negative.</exception>
    public static Dictionary<string, decimal> Parse(string? text)
    {
        var amounts = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return amounts;
        }

        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"\"{pair}\" is not name=quantity (e.g. cpu=100m,memory=100Mi)", nameof(text));
            }

            var name = pair[..equals].Trim();
            if (!Names.Contains(name))
            {
                throw new ArgumentException($"\"{name}\" cannot be reserved (cpu, memory, ephemeral-storage or pid)", nameof(text));
            }

            var amount = Quantity(name, pair[(equals + 1)..].Trim());
            if (amount < 0)
            {
                throw new ArgumentException($"{name}: must not be negative", nameof(text));
            }

            amounts[name] = amount;
        }

        return amounts;
    }

    private static decimal Quantity(string name, string value)
    {
        try
        {
            return new ResourceQuantity(value).ToDecimal();
        }
        catch (Exception error) when (error is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException($"{name}: \"{value}\" is not a quantity (e.g. 100m, 512Mi)", nameof(value), error);
        }
    }
}
