using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Amounts of compute resources in the units the scheduler compares: millicores, bytes, a pod count,
/// and everything else (extended resources, hugepages) as whole numbers by name.
/// </summary>
public sealed class Resource
{
    public long MilliCpu { get; set; }

    public long Memory { get; set; }

    public long EphemeralStorage { get; set; }

    public long AllowedPodNumber { get; set; }

    public Dictionary<string, long> ScalarResources { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>From a resource list (node allocatable, container requests).</summary>
    public static Resource From(IDictionary<string, ResourceQuantity>? list)
    {
        var resource = new Resource();
        if (list is not null)
        {
            foreach (var (name, quantity) in list)
            {
                resource.Set(name, name == ResourceNames.Cpu ? Quantities.Milli(quantity) : Quantities.Value(quantity));
            }
        }

        return resource;
    }

    /// <summary>The amount of a resource by its name ("cpu" in millicores).</summary>
    public long Get(string name) => name switch
    {
        ResourceNames.Cpu => MilliCpu,
        ResourceNames.Memory => Memory,
        ResourceNames.EphemeralStorage => EphemeralStorage,
        ResourceNames.Pods => AllowedPodNumber,
        _ => ScalarResources.GetValueOrDefault(name),
    };

    public void Set(string name, long value)
    {
        switch (name)
        {
            case ResourceNames.Cpu:
                MilliCpu = value;
                break;
            case ResourceNames.Memory:
                Memory = value;
                break;
            case ResourceNames.EphemeralStorage:
                EphemeralStorage = value;
                break;
            case ResourceNames.Pods:
                AllowedPodNumber = value;
                break;
            default:
                ScalarResources[name] = value;
                break;
        }
    }

    public void Add(Resource other)
    {
        MilliCpu += other.MilliCpu;
        Memory += other.Memory;
        EphemeralStorage += other.EphemeralStorage;
        AllowedPodNumber += other.AllowedPodNumber;
        foreach (var (name, value) in other.ScalarResources)
        {
            ScalarResources[name] = ScalarResources.GetValueOrDefault(name) + value;
        }
    }

    public void Subtract(Resource other)
    {
        MilliCpu -= other.MilliCpu;
        Memory -= other.Memory;
        EphemeralStorage -= other.EphemeralStorage;
        AllowedPodNumber -= other.AllowedPodNumber;
        foreach (var (name, value) in other.ScalarResources)
        {
            ScalarResources[name] = ScalarResources.GetValueOrDefault(name) - value;
        }
    }

    /// <summary>Each resource to the larger of the two (init containers run one at a time).</summary>
    public void SetMax(Resource other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        AllowedPodNumber = Math.Max(AllowedPodNumber, other.AllowedPodNumber);
        foreach (var (name, value) in other.ScalarResources)
        {
            ScalarResources[name] = Math.Max(ScalarResources.GetValueOrDefault(name), value);
        }
    }

    public Resource Clone() => new()
    {
        MilliCpu = MilliCpu,
        Memory = Memory,
        EphemeralStorage = EphemeralStorage,
        AllowedPodNumber = AllowedPodNumber,
        ScalarResources = new Dictionary<string, long>(ScalarResources, StringComparer.Ordinal),
    };
}
