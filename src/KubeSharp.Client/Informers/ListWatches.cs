using k8s;
using k8s.Models;

namespace KubeSharp.Client.Informers;

/// <summary>The list and watch calls of the informers components share (all namespaces, with bookmarks).</summary>
public static class ListWatches
{
    public static ListWatch<V1Namespace> Namespaces(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.CoreV1.WatchListNamespaceAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));

    public static ListWatch<V1Node> Nodes(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.CoreV1.ListNodeAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.CoreV1.WatchListNodeAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));

    /// <summary>Pods, optionally narrowed by a field selector such as <c>spec.nodeName=n1</c>.</summary>
    public static ListWatch<V1Pod> Pods(IKubernetes client, string? fieldSelector = null) => new(
        async ct =>
        {
            var list = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: fieldSelector, cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(fieldSelector: fieldSelector, resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));

    public static ListWatch<V1Service> Services(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));

    public static ListWatch<V1ReplicaSet> ReplicaSets(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));

    public static ListWatch<V1StatefulSet> StatefulSets(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));

    public static ListWatch<V1Deployment> Deployments(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));

    public static ListWatch<V1Endpoints> Endpoints(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.CoreV1.ListEndpointsForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.CoreV1.WatchListEndpointsForAllNamespacesAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));

    public static ListWatch<V1EndpointSlice> EndpointSlices(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items, list.Metadata.ResourceVersion);
        },
        (version, ct) => client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));
}
