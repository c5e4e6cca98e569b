using System.Collections.Concurrent;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Status;

/// <summary>
/// Sends pod statuses to the API server (upstream's status manager): only when they changed, one
/// writer, retried on failure. A merge patch replaces the lists it carries (containerStatuses,
/// conditions), which is why the builder includes the conditions other components own.
/// </summary>
internal sealed partial class StatusManager(IKubernetes client, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, Entry> _pods = new(StringComparer.Ordinal);
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Records the status the pod should have; it is sent soon if it differs from the last one sent.</summary>
    public void SetStatus(V1Pod pod, V1PodStatus status)
    {
        var json = KubernetesJson.Serialize(status);
        var uid = pod.Metadata.Uid;
        var changed = true;
        _pods.AddOrUpdate(
            uid,
            _ => new Entry(pod.Metadata.NamespaceProperty, pod.Metadata.Name, json, null),
            (_, old) =>
            {
                changed = old.Sent != json;
                return old with { Json = json };
            });
        if (changed)
        {
            _pending.Writer.TryWrite(uid);
        }
    }

    /// <summary>The status last computed for the pod, if any.</summary>
    public V1PodStatus? Get(string uid) =>
        _pods.TryGetValue(uid, out var entry) ? KubernetesJson.Deserialize<V1PodStatus>(entry.Json) : null;

    /// <summary>Sends the pod's status now (before it is deleted); false if that failed.</summary>
    public async Task<bool> SyncNowAsync(string uid, CancellationToken cancellationToken) =>
        await SendAsync(uid, cancellationToken);

    public void Forget(string uid) => _pods.TryRemove(uid, out _);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var uid in _pending.Reader.ReadAllAsync(cancellationToken))
        {
            if (!await SendAsync(uid, cancellationToken))
            {
                _ = RetryLaterAsync(uid, cancellationToken);
            }
        }
    }

    private async Task RetryLaterAsync(string uid, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryDelay, time, cancellationToken);
            _pending.Writer.TryWrite(uid);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private async Task<bool> SendAsync(string uid, CancellationToken cancellationToken)
    {
        if (!_pods.TryGetValue(uid, out var entry) || entry.Sent == entry.Json)
        {
            return true;
        }

        var patch = "{\"metadata\":{\"uid\":\"" + uid + "\"},\"status\":" + entry.Json + "}";
        try
        {
            await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), entry.Name, entry.Namespace, cancellationToken: cancellationToken);
            _pods.TryUpdate(uid, entry with { Sent = entry.Json }, entry);
            return true;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // The pod is gone (or is another pod of the same name): nothing to report.
            _pods.TryRemove(uid, out _);
            return true;
        }
        catch (Exception error) when (error is HttpOperationException or HttpRequestException)
        {
            LogFailed(logger, entry.Namespace, entry.Name, error.Message);
            return false;
        }
    }

    private sealed record Entry(string Namespace, string Name, string Json, string? Sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "status of pod {Namespace}/{Name} not sent: {Reason}")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, string reason);
}
