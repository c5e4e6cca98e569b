using System.Diagnostics.CodeAnalysis;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>A pod's prepared volumes by name.</summary>
internal sealed class PodVolumes(IReadOnlyDictionary<string, PodVolume> volumes)
{
    public static PodVolumes Empty { get; } = new(new Dictionary<string, PodVolume>(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, PodVolume> ByName => volumes;

    public bool TryGet(string name, [MaybeNullWhen(false)] out PodVolume volume) => volumes.TryGetValue(name, out volume);
}
