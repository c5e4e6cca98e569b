using System.Globalization;
using System.Text.Json;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.DefaultPreemption;

/// <summary>DefaultPreemptionArgs of kubescheduler.config.k8s.io/v1, with upstream's defaults and validation.</summary>
public sealed record DefaultPreemptionArgs
{
    /// <summary>At least this share of the nodes (0-100) is dry-run for victims before picking one.</summary>
    public int MinCandidateNodesPercentage { get; init; } = 10;

    /// <summary>At least this many nodes are dry-run, whatever the percentage gives.</summary>
    public int MinCandidateNodesAbsolute { get; init; } = 100;

    /// <summary>The args object's apiVersion (kubescheduler.config.k8s.io/v1), accepted and ignored.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The args object's kind, accepted and ignored.</summary>
    public string? Kind { get; init; }

    /// <exception cref="ArgumentException">The args are not a DefaultPreemptionArgs object or fail validation.</exception>
    public static DefaultPreemptionArgs Parse(JsonElement? json)
    {
        var args = PluginArgs.Parse<DefaultPreemptionArgs>(json, DefaultPreemption.PluginName);

        var errors = new List<string>();
        var percentage = args.MinCandidateNodesPercentage.ToString(CultureInfo.InvariantCulture);
        var absolute = args.MinCandidateNodesAbsolute.ToString(CultureInfo.InvariantCulture);
        if (args.MinCandidateNodesPercentage is < 0 or > 100)
        {
            errors.Add($"minCandidateNodesPercentage: Invalid value: {percentage}: not in valid range [0, 100]");
        }

        if (args.MinCandidateNodesAbsolute < 0)
        {
            errors.Add($"minCandidateNodesAbsolute: Invalid value: {absolute}: not in valid range [0, inf)");
        }

        if (args.MinCandidateNodesPercentage == 0 && args.MinCandidateNodesAbsolute == 0)
        {
            errors.Add("minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute");
            errors.Add("minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]", nameof(json));
        }

        return args;
    }
}
