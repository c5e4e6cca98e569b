using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Apply;

/// <summary>
/// Merging an applied configuration into the live object, and removing the fields an applier gave up:
/// structs and maps merge field by field, keyed and set lists item by item, anything else is replaced.
/// </summary>
internal static class ConfigMerge
{
    public static JsonNode? Merge(JsonNode? live, JsonNode? config, FieldSchema schema)
    {
        if (config is JsonObject configMap && live is JsonObject liveMap && schema.Shape is FieldShape.Struct or FieldShape.Map)
        {
            var result = (JsonObject)liveMap.DeepClone();
            foreach (var (name, child) in configMap)
            {
                // An explicit null in a configuration clears the field.
                if (child is null)
                {
                    result.Remove(name);
                }
                else
                {
                    result[name] = Merge(liveMap[name], child, schema.Child(name));
                }
            }

            return result;
        }

        if (config is JsonArray configList && live is JsonArray liveList && ListItems.Granular(schema))
        {
            var result = liveList.Select(item => item?.DeepClone()).ToList();
            foreach (var item in configList)
            {
                var element = ListItems.Element(schema, item);
                var index = element is null ? -1 : result.FindIndex(existing => ListItems.Element(schema, existing) == element);
                if (index < 0)
                {
                    result.Add(item?.DeepClone());
                }
                else if (schema.Shape == FieldShape.KeyedList)
                {
                    result[index] = Merge(result[index], item, schema.Item);
                }
            }

            return new JsonArray([.. result]);
        }

        return config?.DeepClone();
    }

    /// <summary>Removes the value at <paramref name="path"/> (a field, or a list item with all it holds).</summary>
    public static void Remove(JsonObject root, FieldSchema schema, string path)
    {
        var elements = path.Split(FieldSet.Separator);
        JsonNode? parent = root;
        var parentSchema = schema;
        foreach (var element in elements[..^1])
        {
            (parent, parentSchema) = Step(parent, parentSchema, element);
        }

        var last = elements[^1];
        if (last.StartsWith("f:", StringComparison.Ordinal))
        {
            (parent as JsonObject)?.Remove(last[2..]);
        }
        else if (parent is JsonArray list && list.FirstOrDefault(item => ListItems.Element(parentSchema, item) == last) is { } found)
        {
            list.Remove(found);
        }
    }

    /// <summary>The value one path element below, and its schema; a null value if there is none.</summary>
    private static (JsonNode? Value, FieldSchema Schema) Step(JsonNode? value, FieldSchema schema, string element)
    {
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            var name = element[2..];
            return ((value as JsonObject)?[name], schema.Child(name));
        }

        var item = value is JsonArray list ? list.FirstOrDefault(i => ListItems.Element(schema, i) == element) : null;
        return (item, schema.Item);
    }
}
