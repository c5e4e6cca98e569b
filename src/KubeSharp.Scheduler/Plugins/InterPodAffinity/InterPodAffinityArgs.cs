using System.Globalization;
using System.Text.Json;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>InterPodAffinityArgs of kubescheduler.config.k8s.io/v1, with upstream's defaults and validation.</summary>
public sealed record InterPodAffinityArgs
{
    public const int DefaultHardPodAffinityWeight = 1;

    /// <summary>The score weight of an existing pod's required affinity term that the incoming pod matches (0-100).</summary>
    public int HardPodAffinityWeight { get; init; } = DefaultHardPodAffinityWeight;

    /// <summary>Skips scoring when the incoming pod has no preferred terms of its own, ignoring existing pods' preferences.</summary>
    public bool IgnorePreferredTermsOfExistingPods { get; init; }

    /// <summary>The args object's apiVersion (kubescheduler.config.k8s.io/v1), accepted and ignored.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The args object's kind, accepted and ignored.</summary>
    public string? Kind { get; init; }

    /// <exception cref="ArgumentException">The args are not an InterPodAffinityArgs object or fail validation.</exception>
    public static InterPodAffinityArgs Parse(JsonElement? json)
    {
        var args = PluginArgs.Parse<InterPodAffinityArgs>(json, InterPodAffinity.PluginName);

        if (args.HardPodAffinityWeight is < 0 or > 100)
        {
            throw new ArgumentException(
                $"hardPodAffinityWeight: Invalid value: {args.HardPodAffinityWeight.ToString(CultureInfo.InvariantCulture)}: not in valid range [0, 100]",
                nameof(json));
        }

        return args;
    }
}
