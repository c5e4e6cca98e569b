using k8s.Models;
using KubeSharp.Client.Informers;

namespace KubeSharp.Proxy.Informers;

/// <summary>Tells the proxier of Service changes and asks for a sync.</summary>
internal sealed class ServiceEvents(Proxier proxier, Action requestSync) : IResourceEventHandler<V1Service>
{
    public void OnAdd(V1Service item)
    {
        proxier.OnServiceChanged(null, item);
        requestSync();
    }

    public void OnUpdate(V1Service old, V1Service current)
    {
        proxier.OnServiceChanged(old, current);
        requestSync();
    }

    public void OnDelete(V1Service item)
    {
        proxier.OnServiceChanged(item, null);
        requestSync();
    }
}
