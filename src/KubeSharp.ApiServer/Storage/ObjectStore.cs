using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Storage;

/// <summary>
/// The API's view of the store: objects by resource, namespace and name; resourceVersion =
/// modRevision; compare-and-swap retried for unconditional updates, a 409 for conditional ones.
/// </summary>
internal sealed class ObjectStore(IStorageBackend store)
{
    public IStorageBackend Backend => store;

    public async Task<JsonObject?> GetAsync(RegisteredResource resource, string? @namespace, string name, CancellationToken cancellationToken)
    {
        var stored = await Call(() => store.GetAsync(resource.Key(@namespace, name), 0, cancellationToken));
        return stored is null ? null : ObjectCodec.Decode(stored.Value, stored.ModRevision);
    }

    /// <summary>
    /// Stores a new object and gives its resourceVersion to <paramref name="item"/>; returns its JSON as a
    /// read would give it back, spliced from what was stored rather than serialized a second time.
    /// </summary>
    public async Task<byte[]> CreateAsync(RegisteredResource resource, JsonObject item, CancellationToken cancellationToken)
    {
        var name = item.GetString("metadata.name")!;
        var encoded = ObjectCodec.Encode(item);
        var result = await Call(() => store.CreateAsync(resource.Key(item.GetString("metadata.namespace"), name), encoded, cancellationToken));
        if (result.Status == WriteStatus.AlreadyExists)
        {
            throw ApiErrors.AlreadyExists(resource.Api.Group, resource.Api.Plural, name);
        }

        ObjectCodec.SetResourceVersion(item, result.Revision);
        return ObjectCodec.WithResourceVersion(encoded, result.Revision);
    }

    /// <summary>
    /// Reads the object, lets <paramref name="update"/> produce the new state from a private copy, and
    /// writes it if the object did not change meanwhile; repeats on a race unless the caller pinned a
    /// resourceVersion (then 409). <paramref name="update"/> returns null to write nothing.
    /// </summary>
    public async Task<(JsonObject Item, bool Changed)> GuaranteedUpdateAsync(
        RegisteredResource resource, string? @namespace, string name, Func<JsonObject, JsonObject?> update, CancellationToken cancellationToken)
    {
        var key = resource.Key(@namespace, name);
        for (var attempt = 0; ; attempt++)
        {
            var stored = await Call(() => store.GetAsync(key, 0, cancellationToken))
                ?? throw ApiErrors.NotFound(resource.Api.Group, resource.Api.Plural, name);
            var current = ObjectCodec.Decode(stored.Value, stored.ModRevision);
            var updated = update((JsonObject)current.DeepClone());
            if (updated is null)
            {
                return (current, false);
            }

            var result = await Call(() => store.UpdateAsync(key, ObjectCodec.Encode(updated), stored.ModRevision, cancellationToken));
            switch (result.Status)
            {
                case WriteStatus.Ok:
                    ObjectCodec.SetResourceVersion(updated, result.Revision);
                    return (updated, true);
                case WriteStatus.NotFound:
                    throw ApiErrors.NotFound(resource.Api.Group, resource.Api.Plural, name);
                case WriteStatus.Conflict when attempt < 16:
                    continue;
                default:
                    throw ApiErrors.ObjectModified(resource.Api.Group, resource.Api.Plural, name);
            }
        }
    }

    /// <summary>Writes <paramref name="item"/> if the object is still at <paramref name="revision"/>; null if it changed.</summary>
    public async Task<JsonObject?> TryUpdateAsync(RegisteredResource resource, JsonObject item, long revision, CancellationToken cancellationToken)
    {
        var name = item.GetString("metadata.name")!;
        var result = await Call(() => store.UpdateAsync(resource.Key(item.GetString("metadata.namespace"), name), ObjectCodec.Encode(item), revision, cancellationToken));
        switch (result.Status)
        {
            case WriteStatus.Ok:
                ObjectCodec.SetResourceVersion(item, result.Revision);
                return item;
            case WriteStatus.NotFound:
                throw ApiErrors.NotFound(resource.Api.Group, resource.Api.Plural, name);
            default:
                return null;
        }
    }

    /// <summary>Deletes the object if it is still at <paramref name="revision"/>; returns false if it changed.</summary>
    public async Task<(bool Deleted, long Revision)> DeleteAsync(RegisteredResource resource, string? @namespace, string name, long revision, CancellationToken cancellationToken)
    {
        var result = await Call(() => store.DeleteAsync(resource.Key(@namespace, name), revision, cancellationToken));
        return result.Status switch
        {
            WriteStatus.Ok => (true, result.Revision),
            WriteStatus.NotFound => throw ApiErrors.NotFound(resource.Api.Group, resource.Api.Plural, name),
            _ => (false, 0),
        };
    }

    /// <summary>Store failures become the Status errors upstream gives for them.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (ValueTooLargeException error)
        {
            throw ApiErrors.RequestEntityTooLarge(error.Limit);
        }
        catch (UnknownOutcomeException error)
        {
            throw ApiErrors.Timeout($"the write may or may not have been applied: {error.Message}", 1);
        }
        catch (StorageUnavailableException error)
        {
            throw ApiErrors.ServiceUnavailable($"the store is unavailable: {error.Message}");
        }
        catch (InvalidKeyException error)
        {
            throw ApiErrors.BadRequest(error.Message);
        }
    }
}
