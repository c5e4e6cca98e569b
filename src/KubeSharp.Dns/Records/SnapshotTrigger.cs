using KubeSharp.Client.Informers;

namespace KubeSharp.Dns.Records;

/// <summary>Tells the publisher of every change to the objects the zone is built from.</summary>
internal sealed class SnapshotTrigger<T>(SnapshotPublisher publisher) : IResourceEventHandler<T>
{
    public void OnAdd(T item) => publisher.Changed();

    public void OnUpdate(T old, T current) => publisher.Changed();

    public void OnDelete(T item) => publisher.Changed();
}
