using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Handlers;

namespace KubeSharp.ApiServer.Apply;

/// <summary>
/// Server-side apply on one object, as structured-merge-diff's Updater.Apply: merge the configuration
/// into the live object, refuse (409) to change fields other managers own unless forced (then take
/// them), remove the fields this applier applied before and no longer does (unless someone else owns
/// them), and make the configuration's fields the applier's set.
/// </summary>
internal static class ApplyMerge
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";
    private const string BeforeFirstApply = "before-first-apply";

    public static JsonObject Apply(ApiRequest request, JsonObject? current, JsonObject config, bool force)
    {
        var manager = FieldManager.ManagerName(request);
        var schema = FieldSchema.ForModel(request.Resource.Api.ModelType);
        var live = current ?? [];
        // Applying to the status subresource owns status fields only, in an entry of its own.
        var subresource = request.Info.Subresource;
        var untracked = FieldManager.Untracked(request, subresource);
        var configSet = ObjectFields.Of(config, schema, untracked);
        var merged = (JsonObject)ConfigMerge.Merge(live, config, schema)!;
        var entries = ManagedEntry.Read(current);
        if (current is not null && entries.Count == 0)
        {
            // An object nobody tracks yet: its fields belong to "before-first-apply", so the first
            // apply conflicts instead of silently taking them (upstream's skip-non-applied manager).
            entries.Add(new ManagedEntry(BeforeFirstApply, ManagedEntry.Update, request.Resource.Api.GroupVersion, FieldManager.Now(request), subresource, ObjectFields.Of(current, schema, untracked)));
        }

        var applier = entries.FirstOrDefault(e => e.Is(manager, ManagedEntry.Apply, string.Empty, subresource));
        var others = entries.Where(e => !ReferenceEquals(e, applier)).ToList();

        var (changed, _) = ObjectFields.Compare(live, merged, schema, untracked);
        var conflicts = others
            .SelectMany(owner => owner.Fields.Intersect(changed).Paths.Order(StringComparer.Ordinal).Select(path => (owner, path)))
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw ApplyConflict.Error(conflicts);
        }

        // Others lose what this apply changes (anything they owned was a conflict, so this only happens when forced).
        others = [.. others.Select(e => e with { Fields = e.Fields.Except(changed) })];
        var ownedByOthers = others.Aggregate(new FieldSet(), (all, e) => all.Union(e.Fields));
        var given = (applier?.Fields ?? new FieldSet()).Except(configSet).Except(ownedByOthers);
        foreach (var path in given.Paths.OrderBy(p => p.Length))
        {
            if (!ownedByOthers.HasBelow(path) && !configSet.HasBelow(path))
            {
                ConfigMerge.Remove(merged, schema, path);
            }
        }

        var (_, removed) = ObjectFields.Compare(live, merged, schema, untracked);
        var time = applier is not null && applier.Fields.SameAs(configSet) && changed.IsEmpty && removed.IsEmpty ? applier.Time : FieldManager.Now(request);
        var result = others.Select(e => e with { Fields = FieldManager.Without(e.Fields, removed) }).ToList();
        result.Add(new ManagedEntry(manager, ManagedEntry.Apply, request.Resource.Api.GroupVersion, time, subresource, configSet));
        ManagedEntry.Write(merged, result);
        if (manager == "kubectl" && subresource is null)
        {
            KeepLastApplied(live, merged, config);
        }

        return merged;
    }

    /// <summary>
    /// An object that was applied client-side keeps its last-applied annotation in step with what
    /// kubectl now applies server-side (upstream's last-applied updater, which only does this for the
    /// manager "kubectl"), so a later client-side apply diffs against the right configuration.
    /// </summary>
    private static void KeepLastApplied(JsonObject live, JsonObject merged, JsonObject config)
    {
        if (live.GetObject("metadata.annotations")?[LastApplied] is null || merged.GetObject("metadata") is not { } metadata)
        {
            return;
        }

        var applied = (JsonObject)config.DeepClone();
        if (applied.GetObject("metadata.annotations") is { } annotations)
        {
            annotations.Remove(LastApplied);
        }

        metadata.Ensure("annotations")[LastApplied] = applied.ToJsonString();
    }
}
