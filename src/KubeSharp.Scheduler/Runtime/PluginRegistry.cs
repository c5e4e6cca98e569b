using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>
/// Plugin factories by name: the in-tree plugins, plus any a program adds before starting the
/// scheduler (see docs/scheduler.md). A name can be registered once.
/// </summary>
public sealed class PluginRegistry
{
    private readonly Dictionary<string, PluginFactory> _factories = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _factories.Keys;

    public static PluginRegistry InTree()
    {
        var registry = new PluginRegistry();
        registry.Add(Plugins.SchedulingGates.SchedulingGates.PluginName, Plugins.SchedulingGates.SchedulingGates.New);
        registry.Add(Plugins.PrioritySort.PrioritySort.PluginName, Plugins.PrioritySort.PrioritySort.New);
        registry.Add(Plugins.NodeUnschedulable.NodeUnschedulable.PluginName, Plugins.NodeUnschedulable.NodeUnschedulable.New);
        registry.Add(Plugins.NodeName.NodeName.PluginName, Plugins.NodeName.NodeName.New);
        registry.Add(Plugins.TaintToleration.TaintToleration.PluginName, Plugins.TaintToleration.TaintToleration.New);
        registry.Add(Plugins.NodeAffinity.NodeAffinity.PluginName, Plugins.NodeAffinity.NodeAffinity.New);
        registry.Add(Plugins.NodePorts.NodePorts.PluginName, Plugins.NodePorts.NodePorts.New);
        registry.Add(Plugins.NodeResourcesFit.NodeResourcesFit.PluginName, Plugins.NodeResourcesFit.NodeResourcesFit.New);
        registry.Add(Plugins.NodeResourcesBalancedAllocation.NodeResourcesBalancedAllocation.PluginName, Plugins.NodeResourcesBalancedAllocation.NodeResourcesBalancedAllocation.New);
        registry.Add(Plugins.ImageLocality.ImageLocality.PluginName, Plugins.ImageLocality.ImageLocality.New);
        registry.Add(Plugins.InterPodAffinity.InterPodAffinity.PluginName, Plugins.InterPodAffinity.InterPodAffinity.New);
        registry.Add(Plugins.PodTopologySpread.PodTopologySpread.PluginName, Plugins.PodTopologySpread.PodTopologySpread.New);
        registry.Add(Plugins.DefaultPreemption.DefaultPreemption.PluginName, Plugins.DefaultPreemption.DefaultPreemption.New);
        registry.Add(Plugins.DefaultBinder.DefaultBinder.PluginName, Plugins.DefaultBinder.DefaultBinder.New);
        return registry;
    }

    /// <exception cref="ArgumentException">A plugin of this name is already registered.</exception>
    public void Add(string name, PluginFactory factory)
    {
        if (!_factories.TryAdd(name, factory))
        {
            throw new ArgumentException($"a plugin named \"{name}\" is already registered");
        }
    }

    public PluginFactory? Get(string name) => _factories.GetValueOrDefault(name);
}
