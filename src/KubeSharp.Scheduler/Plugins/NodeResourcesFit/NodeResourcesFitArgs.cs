using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// NodeResourcesFit's args (kubescheduler.config.k8s.io/v1 NodeResourcesFitArgs): extended resources
/// and resource groups the filter ignores, and the scoring strategy.
/// </summary>
public sealed record NodeResourcesFitArgs
{
    /// <summary>config.MaxCustomPriorityScore: the highest score of a shape point.</summary>
    public const int MaxCustomPriorityScore = 10;

    private const int MaxUtilization = 100;
    private const long MaxWeight = 100;

    /// <summary>Extended resources (such as example.com/gpu) the filter does not check.</summary>
    public IReadOnlyList<string>? IgnoredResources { get; init; }

    /// <summary>Domains of extended resources (such as example.com) the filter does not check.</summary>
    public IReadOnlyList<string>? IgnoredResourceGroups { get; init; }

    public ScoringStrategy? ScoringStrategy { get; init; }

    /// <summary>
    /// The args with upstream's v1 defaults (LeastAllocated over cpu and memory; weight 0 means 1),
    /// checked as upstream's ValidateNodeResourcesFitArgs.
    /// </summary>
    /// <exception cref="ArgumentException">The args are malformed or invalid.</exception>
    public static NodeResourcesFitArgs Parse(JsonElement? args)
    {
        var parsed = PluginArgs.Parse<NodeResourcesFitArgs>(args, NodeResourcesFit.PluginName);
        var problems = new List<string>();
        IReadOnlyList<string> ignored = parsed.IgnoredResources ?? [];
        for (var i = 0; i < ignored.Count; i++)
        {
            if (ObjectNames.QualifiedNameError(ignored[i] ?? string.Empty) is { } problem)
            {
                problems.Add($"ignoredResources[{i}]: Invalid value: \"{ignored[i]}\": {problem}");
            }
        }

        IReadOnlyList<string> groups = parsed.IgnoredResourceGroups ?? [];
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i] ?? string.Empty;
            if (group.Contains('/', StringComparison.Ordinal))
            {
                problems.Add($"ignoredResourceGroups[{i}]: Invalid value: \"{group}\": resource group name can't contain '/'");
            }
            else if (ObjectNames.QualifiedNameError(group) is { } problem)
            {
                problems.Add($"ignoredResourceGroups[{i}]: Invalid value: \"{group}\": {problem}");
            }
        }

        var strategy = parsed.ScoringStrategy ?? new ScoringStrategy { Type = ScoringStrategyType.LeastAllocated };
        var resources = ResourceSpec.CpuAndMemory;
        if (strategy.Resources is { Count: > 0 } given)
        {
            resources = [.. given.Select(spec => spec.Weight == 0 ? spec with { Weight = 1 } : spec)];
        }

        if (strategy.Type is not (ScoringStrategyType.LeastAllocated or ScoringStrategyType.MostAllocated or ScoringStrategyType.RequestedToCapacityRatio))
        {
            problems.Add($"scoringStrategy.type: Unsupported value: \"{strategy.Type}\": supported values: \"{ScoringStrategyType.LeastAllocated}\", \"{ScoringStrategyType.MostAllocated}\", \"{ScoringStrategyType.RequestedToCapacityRatio}\"");
        }

        for (var i = 0; i < resources.Count; i++)
        {
            if (string.IsNullOrEmpty(resources[i].Name))
            {
                problems.Add($"scoringStrategy.resources[{i}].name: Required value");
            }

            if (resources[i].Weight is <= 0 or > MaxWeight)
            {
                problems.Add($"scoringStrategy.resources[{i}].weight: Invalid value: {resources[i].Weight}: resource weight of {resources[i].Name} not in valid range (0, 100]");
            }
        }

        if (strategy.RequestedToCapacityRatio is { } ratio)
        {
            ValidateShape(ratio.Shape ?? [], problems);
        }
        else if (strategy.Type == ScoringStrategyType.RequestedToCapacityRatio)
        {
            problems.Add("scoringStrategy.requestedToCapacityRatio: Required value: the RequestedToCapacityRatio strategy needs a shape");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"{NodeResourcesFit.PluginName} args: {string.Join("; ", problems)}");
        }

        return new NodeResourcesFitArgs
        {
            IgnoredResources = ignored,
            IgnoredResourceGroups = groups,
            ScoringStrategy = strategy with { Resources = resources },
        };
    }

    private static void ValidateShape(IReadOnlyList<UtilizationShapePoint> shape, List<string> problems)
    {
        const string Path = "scoringStrategy.requestedToCapacityRatio.shape";
        if (shape.Count == 0)
        {
            problems.Add($"{Path}: Required value: at least one point must be specified");
            return;
        }

        for (var i = 1; i < shape.Count; i++)
        {
            if (shape[i - 1].Utilization >= shape[i].Utilization)
            {
                problems.Add($"{Path}[{i}].utilization: Invalid value: {shape[i].Utilization}: Utilization values must be sorted in increasing order");
                break;
            }
        }

        for (var i = 0; i < shape.Count; i++)
        {
            if (shape[i].Utilization is < 0 or > MaxUtilization)
            {
                problems.Add($"{Path}[{i}].utilization: Invalid value: {shape[i].Utilization}: not in valid range [0, {MaxUtilization}]");
            }

            if (shape[i].Score is < 0 or > MaxCustomPriorityScore)
            {
                problems.Add($"{Path}[{i}].score: Invalid value: {shape[i].Score}: not in valid range [0, {MaxCustomPriorityScore}]");
            }
        }
    }
}
