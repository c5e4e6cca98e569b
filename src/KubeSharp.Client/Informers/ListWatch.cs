using k8s;

namespace KubeSharp.Client.Informers;

/// <summary>How an informer lists a resource and watches it from a resourceVersion (client-go's ListWatch).</summary>
public sealed record ListWatch<T>(
    Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> List,
    Func<string, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Item)>> Watch);
