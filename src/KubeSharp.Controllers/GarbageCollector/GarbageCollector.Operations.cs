using System.Net;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// upstream's operations.go: get, delete and patch any object by its graph identity, mapping its
/// apiVersion and kind to a served resource through the last discovery.
/// </summary>
public sealed partial class GarbageCollector
{
    /// <summary>retry.DefaultBackoff: 4 tries, 10 ms growing fivefold.</summary>
    private const int FinalizerAttempts = 4;

    private static readonly TimeSpan FinalizerRetryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>The object as the API server has it now, or null when there is no such object.</summary>
    private Task<ObjectMetadata?> GetObjectAsync(ObjectIdentity item, CancellationToken cancellationToken) =>
        _client.GetMetadataAsync(PathOf(item), cancellationToken);

    private Task<HttpStatusCode> PatchObjectAsync(ObjectIdentity item, string contentType, string patch, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Patch, PathOf(item), contentType, patch, cancellationToken);

    /// <summary>
    /// Deletes the object if it is still the one read (uid and resourceVersion); if it changed since
    /// but its owner references did not, deletes it anyway (upstream's deleteObject). NotFound means
    /// gone; Conflict means its owners changed and it must be judged again.
    /// </summary>
    private async Task<HttpStatusCode> DeleteObjectAsync(
        ObjectIdentity item, string resourceVersion, IReadOnlyList<OwnerReference> ownersAtResourceVersion, string policy, CancellationToken cancellationToken)
    {
        var path = PathOf(item);
        var status = await _client.SendAsync(HttpMethod.Delete, path, MetadataPatches.Json, MetadataPatches.DeleteOptions(item.Uid, resourceVersion, policy), cancellationToken);
        if (status != HttpStatusCode.Conflict || resourceVersion.Length == 0)
        {
            return status;
        }

        var live = await _client.GetMetadataAsync(path, cancellationToken);
        if (live is null || live.Uid != item.Uid)
        {
            return HttpStatusCode.NotFound;
        }

        if (!live.OwnerReferences.SequenceEqual(ownersAtResourceVersion))
        {
            return status;
        }

        return await _client.SendAsync(HttpMethod.Delete, path, MetadataPatches.Json, MetadataPatches.DeleteOptions(item.Uid, null, policy), cancellationToken);
    }

    /// <summary>Removes one finalizer, re-reading and retrying a few times on conflict; an object already gone is fine.</summary>
    private async Task RemoveFinalizerAsync(ObjectIdentity item, string finalizer, CancellationToken cancellationToken)
    {
        var delay = FinalizerRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var latest = await GetObjectAsync(item, cancellationToken);
            if (latest is null || MetadataPatches.RemoveFinalizer(latest, finalizer) is not { } patch)
            {
                return;
            }

            if (await PatchObjectAsync(item, MetadataPatches.MergePatch, patch, cancellationToken) != HttpStatusCode.Conflict)
            {
                return;
            }

            if (attempt == FinalizerAttempts)
            {
                throw new HttpRequestException($"removing finalizer {finalizer} from {item}: still conflicting after {FinalizerAttempts} attempts; will retry later", null, HttpStatusCode.Conflict);
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay *= 5;
        }
    }

    /// <summary>The object's path; a namespace on an identity of a cluster-scoped kind is dropped.</summary>
    private string PathOf(ObjectIdentity item)
    {
        var resource = _resources.Find(item.ApiVersion, item.Kind)
            ?? throw new InvalidOperationException($"no served resource for {item.ApiVersion}/{item.Kind} ({item}); will retry after discovery");
        return resource.ObjectPath(item.Namespace, item.Name);
    }
}
