namespace KubeSharp.Controllers.GarbageCollector;

internal enum GraphEventType
{
    Add,
    Update,
    Delete,
}

/// <summary>
/// A change the graph builder applies (upstream's event): what an informer saw, with the
/// apiVersion and kind of the resource it watches (list items may not carry their own), or a
/// virtual delete the workers produce for an object the API server says is gone.
/// </summary>
internal sealed record GraphEvent(GraphEventType Type, ObjectMetadata Object, ObjectMetadata? OldObject, string ApiVersion, string Kind, bool Virtual = false)
{
    public ObjectIdentity Identity => new(ApiVersion, Kind, Object.Name, Object.Uid, Object.Namespace);
}
