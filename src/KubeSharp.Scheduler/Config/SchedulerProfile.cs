using System.Text.Json;

namespace KubeSharp.Scheduler.Config;

/// <summary>A KubeSchedulerProfile: which plugins run where, their weights and args, for pods naming this scheduler.</summary>
public sealed record SchedulerProfile
{
    public const string DefaultSchedulerName = "default-scheduler";

    public string SchedulerName { get; init; } = DefaultSchedulerName;

    /// <summary>Overrides the configuration-wide value for this profile.</summary>
    public int? PercentageOfNodesToScore { get; init; }

    /// <summary>By extension point name (<see cref="ExtensionPoints"/>).</summary>
    public IReadOnlyDictionary<string, PluginSet> Plugins { get; init; } = new Dictionary<string, PluginSet>();

    /// <summary>Plugin args by plugin name.</summary>
    public IReadOnlyDictionary<string, JsonElement> PluginConfig { get; init; } = new Dictionary<string, JsonElement>();

    public PluginSet For(string extensionPoint) => Plugins.GetValueOrDefault(extensionPoint) ?? PluginSet.Empty;
}
