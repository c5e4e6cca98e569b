using System.Collections;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A read-only view of a node's pods whose enumerator is a struct: plugins loop over the pods of
/// every node in every cycle, and an interface enumerator would be an allocation each time.
/// </summary>
public readonly struct PodInfoList(List<PodInfo> pods) : IReadOnlyList<PodInfo>
{
    public int Count => pods.Count;

    public PodInfo this[int index] => pods[index];

    public List<PodInfo>.Enumerator GetEnumerator() => pods.GetEnumerator();

    IEnumerator<PodInfo> IEnumerable<PodInfo>.GetEnumerator() => pods.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => pods.GetEnumerator();
}
