using System.Globalization;
using System.Text.Json;
using k8s.Models;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>PodTopologySpreadArgs of kubescheduler.config.k8s.io/v1, with upstream's defaults and validation.</summary>
public sealed record PodTopologySpreadArgs
{
    /// <summary>The built-in defaults: hostname (maxSkew 3) and zone (maxSkew 5), both ScheduleAnyway.</summary>
    public const string SystemDefaulting = "System";

    /// <summary>The defaults are <see cref="DefaultConstraints"/>.</summary>
    public const string ListDefaulting = "List";

    /// <summary>Constraints for pods that have none of their own; they may not have a labelSelector (the pod's owners give it).</summary>
    public IList<V1TopologySpreadConstraint>? DefaultConstraints { get; init; }

    /// <summary>"System" (the default) or "List".</summary>
    public string? DefaultingType { get; init; }

    /// <summary>The args object's apiVersion (kubescheduler.config.k8s.io/v1), accepted and ignored.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The args object's kind, accepted and ignored.</summary>
    public string? Kind { get; init; }

    /// <exception cref="ArgumentException">The args are not a PodTopologySpreadArgs object or fail validation.</exception>
    public static PodTopologySpreadArgs Parse(JsonElement? json)
    {
        var args = PluginArgs.Parse<PodTopologySpreadArgs>(json, PodTopologySpread.PluginName);

        if (string.IsNullOrEmpty(args.DefaultingType))
        {
            args = args with { DefaultingType = SystemDefaulting };
        }

        var errors = Validate(args);
        if (errors.Count > 0)
        {
            throw new ArgumentException(errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]", nameof(json));
        }

        return args;
    }

    /// <summary>ValidatePodTopologySpreadArgs (topology keys are checked for being set, not for their syntax).</summary>
    private static List<string> Validate(PodTopologySpreadArgs args)
    {
        var errors = new List<string>();
        var constraints = args.DefaultConstraints ?? [];
        if (args.DefaultingType == SystemDefaulting && constraints.Count > 0)
        {
            errors.Add("defaultingType: Invalid value: \"System\": when .defaultingType is \"System\", .defaultConstraints must be empty");
        }
        else if (args.DefaultingType is not (SystemDefaulting or ListDefaulting))
        {
            errors.Add($"defaultingType: Unsupported value: \"{args.DefaultingType}\": supported values: \"System\", \"List\"");
        }

        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < constraints.Count; i++)
        {
            var constraint = constraints[i];
            var path = $"defaultConstraints[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (constraint is null)
            {
                errors.Add($"{path}: Required value");
                continue;
            }

            if (constraint.MaxSkew <= 0)
            {
                errors.Add($"{path}.maxSkew: Invalid value: {constraint.MaxSkew.ToString(CultureInfo.InvariantCulture)}: not in valid range (0, inf)");
            }

            if (string.IsNullOrEmpty(constraint.TopologyKey))
            {
                errors.Add($"{path}.topologyKey: Required value: can not be empty");
            }

            if (constraint.WhenUnsatisfiable is not ("DoNotSchedule" or "ScheduleAnyway"))
            {
                errors.Add($"{path}.whenUnsatisfiable: Unsupported value: \"{constraint.WhenUnsatisfiable}\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"");
            }

            if (constraint.LabelSelector is not null)
            {
                errors.Add($"{path}.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod");
            }

            if (!seen.Add((constraint.TopologyKey ?? string.Empty, constraint.WhenUnsatisfiable ?? string.Empty)))
            {
                errors.Add($"{path}: Duplicate value: {{{constraint.TopologyKey}, {constraint.WhenUnsatisfiable}}}");
            }
        }

        return errors;
    }
}
