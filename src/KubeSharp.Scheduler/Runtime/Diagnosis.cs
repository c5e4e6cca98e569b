using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>Why a cycle found no node: each node's status, the plugins that rejected, and the PreFilter/PostFilter messages.</summary>
internal sealed class Diagnosis
{
    public NodeToStatus NodeToStatus { get; } = new();

    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    public string? PreFilterMessage { get; set; }

    public string? PostFilterMessage { get; set; }
}
