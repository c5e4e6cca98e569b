namespace KubeSharp.Scheduler.Config;

/// <summary>One extension point's <c>enabled</c> (in order, with score weights) and <c>disabled</c> ("*" = all defaults) plugins.</summary>
public sealed record PluginSet(IReadOnlyList<PluginRef> Enabled, IReadOnlyList<string> Disabled)
{
    public static readonly PluginSet Empty = new([], []);

    public bool DisablesAll => Disabled.Contains("*");

    public bool IsDisabled(string name) => DisablesAll || Disabled.Contains(name);
}

/// <summary>A plugin by name with its score weight (0 = unset).</summary>
public sealed record PluginRef(string Name, int Weight = 0);
