using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Apply;

/// <summary>
/// The field sets of objects, as upstream's structured-merge-diff computes them: every leaf,
/// every list item itself, empty or null values and map entries; and what changed between two objects.
/// </summary>
internal static class ObjectFields
{
    /// <summary>The fields an object sets (upstream's ToFieldSet: what an applied configuration owns).</summary>
    public static FieldSet Of(JsonNode? value, FieldSchema schema, Func<string, bool> untracked)
    {
        var set = new FieldSet();
        Collect(value, schema, string.Empty, set, untracked);
        return set;
    }

    /// <summary>
    /// What changed from <paramref name="before"/> to <paramref name="after"/>: added or modified
    /// paths, and removed ones. A map that appears is itself added, so Update entries carry ".".
    /// </summary>
    public static (FieldSet Changed, FieldSet Removed) Compare(JsonNode? before, JsonNode? after, FieldSchema schema, Func<string, bool> untracked)
    {
        var changed = new FieldSet();
        var removed = new FieldSet();
        Compare(before, after, schema, string.Empty, changed, removed, untracked);
        return (changed, removed);
    }

    private static void Collect(JsonNode? value, FieldSchema schema, string path, FieldSet set, Func<string, bool> untracked)
    {
        if (value is JsonObject map && schema.Shape is FieldShape.Struct or FieldShape.Map)
        {
            if (map.Count == 0 && path.Length > 0)
            {
                set.Add(path);
            }

            foreach (var (name, child) in map)
            {
                var childPath = FieldSet.Join(path, "f:" + name);
                if (untracked(childPath))
                {
                    continue;
                }

                Collect(child, schema.Child(name), childPath, set, untracked);
                if (child is null || !schema.Declares(name))
                {
                    set.Add(childPath);
                }
            }
        }
        else if (value is JsonArray list && ListItems.Granular(schema))
        {
            foreach (var item in list)
            {
                if (ListItems.Element(schema, item) is { } element)
                {
                    var itemPath = FieldSet.Join(path, element);
                    Collect(item, schema.Item, itemPath, set, untracked);
                    set.Add(itemPath);
                }
            }
        }
        else if (path.Length > 0)
        {
            set.Add(path);
        }
    }

    private static void Compare(JsonNode? before, JsonNode? after, FieldSchema schema, string path, FieldSet changed, FieldSet removed, Func<string, bool> untracked)
    {
        if (before is null && after is null)
        {
            return;
        }

        var granularMap = schema.Shape is FieldShape.Struct or FieldShape.Map && (before is JsonObject or null) && (after is JsonObject or null)
            && !(before is null or JsonObject { Count: 0 } && after is null or JsonObject { Count: 0 });
        var granularList = ListItems.Granular(schema) && (before is JsonArray or null) && (after is JsonArray or null)
            && !(before is null or JsonArray { Count: 0 } && after is null or JsonArray { Count: 0 });
        if (granularMap)
        {
            var oldMap = before as JsonObject;
            var newMap = after as JsonObject;
            if (schema.Shape == FieldShape.Map && path.Length > 0)
            {
                Mark(oldMap, newMap, path, changed, removed);
            }

            foreach (var name in (oldMap?.Select(p => p.Key) ?? []).Union(newMap?.Select(p => p.Key) ?? [], StringComparer.Ordinal))
            {
                // A field holding null counts as absent.
                var childPath = FieldSet.Join(path, "f:" + name);
                if (untracked(childPath))
                {
                    continue;
                }

                var oldChild = oldMap?[name];
                var newChild = newMap?[name];
                Compare(oldChild, newChild, schema.Child(name), childPath, changed, removed, untracked);
            }
        }
        else if (granularList)
        {
            var oldItems = ListItems.ByElement(schema, before as JsonArray);
            var newItems = ListItems.ByElement(schema, after as JsonArray);
            foreach (var element in oldItems.Keys.Union(newItems.Keys, StringComparer.Ordinal))
            {
                var itemPath = FieldSet.Join(path, element);
                oldItems.TryGetValue(element, out var oldItem);
                newItems.TryGetValue(element, out var newItem);
                Mark(oldItem, newItem, itemPath, changed, removed);
                if (schema.Shape == FieldShape.KeyedList)
                {
                    Compare(oldItem, newItem, schema.Item, itemPath, changed, removed, untracked);
                }
            }
        }
        else if (path.Length > 0)
        {
            if (before is null)
            {
                changed.Add(path);
            }
            else if (after is null)
            {
                removed.Add(path);
            }
            else if (!JsonNode.DeepEquals(before, after))
            {
                changed.Add(path);
            }
        }
    }

    /// <summary>A node that appears or disappears (its contents are compared separately).</summary>
    private static void Mark(JsonNode? before, JsonNode? after, string path, FieldSet changed, FieldSet removed)
    {
        if (before is null && after is not null)
        {
            changed.Add(path);
        }
        else if (before is not null && after is null)
        {
            removed.Add(path);
        }
    }
}
