using KubeSharp.Client.Informers;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>Turns one resource's informer events into graph changes stamped with that resource's apiVersion and kind.</summary>
internal sealed class GraphEventForwarder(GraphBuilder graph, string apiVersion, string kind) : IResourceEventHandler<ObjectMetadata>
{
    public void OnAdd(ObjectMetadata item) => graph.Enqueue(new GraphEvent(GraphEventType.Add, item, null, apiVersion, kind));

    public void OnUpdate(ObjectMetadata old, ObjectMetadata current) => graph.Enqueue(new GraphEvent(GraphEventType.Update, current, old, apiVersion, kind));

    public void OnDelete(ObjectMetadata item) => graph.Enqueue(new GraphEvent(GraphEventType.Delete, item, null, apiVersion, kind));
}
