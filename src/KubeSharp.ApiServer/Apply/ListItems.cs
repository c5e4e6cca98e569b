using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Apply;

/// <summary>How list items are named in field paths: "k:{...}" by their key fields, "v:..." by their value.</summary>
internal static class ListItems
{
    /// <summary>The path element of an item of a keyed or set list, or null if the item cannot be named.</summary>
    public static string? Element(FieldSchema list, JsonNode? item)
    {
        if (list.Shape == FieldShape.SetList)
        {
            return item is JsonValue ? "v:" + item.ToJsonString() : null;
        }

        if (item is not JsonObject entry)
        {
            return null;
        }

        // Key fields sorted by name, as upstream serialises them; a missing key takes its default.
        var key = new JsonObject();
        foreach (var (name, fallback) in list.Keys.OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            var value = entry[name]?.DeepClone() ?? (fallback is null ? null : JsonValue.Create(fallback));
            if (value is not null)
            {
                key[name] = value;
            }
        }

        return key.Count == 0 ? null : "k:" + key.ToJsonString();
    }

    /// <summary>The items of a list by their path element (the first of duplicates wins).</summary>
    public static Dictionary<string, JsonNode?> ByElement(FieldSchema list, JsonArray? items)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            if (Element(list, item) is { } element)
            {
                result.TryAdd(element, item);
            }
        }

        return result;
    }

    /// <summary>True if the list's items are tracked one by one (keyed or set lists).</summary>
    public static bool Granular(FieldSchema schema) => schema.Shape is FieldShape.KeyedList or FieldShape.SetList;
}
