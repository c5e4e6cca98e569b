using k8s.Models;
using KubeSharp.Client.Informers;

namespace KubeSharp.Client.Tests.Informers;

/// <summary>Records what an informer told it, as "add a", "update a", "delete a".</summary>
internal sealed class RecordingHandler : IResourceEventHandler<V1ConfigMap>
{
    private readonly List<string> _events = [];

    public List<string> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public void OnAdd(V1ConfigMap item) => Record($"add {item.Metadata.Name}");

    public void OnUpdate(V1ConfigMap old, V1ConfigMap current) => Record($"update {current.Metadata.Name}");

    public void OnDelete(V1ConfigMap item) => Record($"delete {item.Metadata.Name}");

    private void Record(string text)
    {
        lock (_events)
        {
            _events.Add(text);
        }
    }
}
