using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// What is specific to one resource, as upstream's registry strategies: defaulting, validation,
/// the spec/status split, generation, selectable fields and kubectl's table columns. The generic
/// handlers do everything else. Objects are JSON trees, so fields the server does not model survive.
/// </summary>
internal class ResourceStrategy
{
    public static readonly IReadOnlySet<string> MetadataFields = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "metadata.namespace" };

    /// <summary>metadata.generation starts at 1 and is bumped when anything but metadata and status changes.</summary>
    public virtual bool TracksGeneration => false;

    /// <summary>With a status subresource, a write to the main resource keeps the stored status, and a status write keeps the rest.</summary>
    public virtual bool HasStatusSubresource => false;

    public virtual IReadOnlySet<string> SelectableFields => MetadataFields;

    public virtual TableDefinition Table => TableDefinition.Default;

    /// <summary>Which names are allowed (upstream's ValidateNameFunc); DNS-1123 subdomains by default.</summary>
    public virtual string? NameError(string name) => Api.ObjectNames.Dns1123SubdomainError(name);

    /// <summary>Fills in defaults (upstream's SetDefaults_* functions and +default markers).</summary>
    public virtual void Default(JsonObject item)
    {
    }

    /// <summary>Fields set by the server on create (e.g. a pod's initial status).</summary>
    public virtual void PrepareForCreate(JsonObject item)
    {
        if (HasStatusSubresource)
        {
            item.Remove("status");
        }
    }

    public virtual void Validate(JsonObject item, FieldErrors errors)
    {
    }

    public virtual void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors) => Validate(item, errors);

    /// <summary>The values of <see cref="SelectableFields"/> for field selectors.</summary>
    public virtual Dictionary<string, string> Fields(JsonObject item) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
        ["metadata.namespace"] = item.GetString("metadata.namespace") ?? string.Empty,
    };

    /// <summary>
    /// Called when a deletion is asked for; true if the object must first pass through a terminating
    /// state (e.g. a namespace with spec.finalizers), having marked it so.
    /// </summary>
    public virtual bool BeginDeletion(JsonObject item) => false;

    /// <summary>Whether an object being deleted has nothing left holding it (its finalizers are all gone).</summary>
    public virtual bool ReadyToDelete(JsonObject item) => (item.GetArray("metadata.finalizers")?.Count ?? 0) == 0;

    /// <summary>Whether a pod-like object deletes gracefully: returns the grace period to wait, or null to delete at once.</summary>
    public virtual long? GracePeriod(JsonObject item, long? requested) => null;
}
