using k8s.Models;
using KubeSharp.Client.Informers;

namespace KubeSharp.Proxy.Informers;

/// <summary>Tells the proxier of EndpointSlice changes and asks for a sync.</summary>
internal sealed class EndpointSliceEvents(Proxier proxier, Action requestSync) : IResourceEventHandler<V1EndpointSlice>
{
    public void OnAdd(V1EndpointSlice item)
    {
        proxier.OnEndpointSliceChanged(null, item);
        requestSync();
    }

    public void OnUpdate(V1EndpointSlice old, V1EndpointSlice current)
    {
        proxier.OnEndpointSliceChanged(old, current);
        requestSync();
    }

    public void OnDelete(V1EndpointSlice item)
    {
        proxier.OnEndpointSliceChanged(item, null);
        requestSync();
    }
}
