using k8s;
using k8s.Models;
using KubeSharp.Client.Informers;

namespace KubeSharp.Controllers;

/// <summary>The list and watch calls the controllers' informers share.</summary>
internal static class ListWatches
{
    public static ListWatch<V1Namespace> Namespaces(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.CoreV1.WatchListNamespaceAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));
}
