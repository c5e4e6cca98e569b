using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Handlers;

namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// Strategic merge patch as kubectl sends it: maps merge, lists with a merge key merge item by item,
/// other lists are replaced; the directives $patch (replace, delete, merge), $setElementOrder,
/// $retainKeys and $deleteFromPrimitiveList are honoured. Which lists merge on which key follows the
/// object's model (<see cref="PatchMetadata"/>), as upstream follows its Go struct tags.
/// </summary>
internal static class StrategicMergePatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch, Type? model)
    {
        if (patch is not JsonObject patchObject)
        {
            throw ApiErrors.BadRequest("strategic merge patch must be a JSON object");
        }

        return MergeObject(target as JsonObject ?? [], patchObject, model);
    }

    private static JsonObject MergeObject(JsonObject target, JsonObject patch, Type? type)
    {
        var directive = patch["$patch"]?.GetValue<string>();
        if (directive == "replace")
        {
            var replaced = (JsonObject)patch.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }

        var result = (JsonObject)target.DeepClone();
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(p => p.Key).ToList())
            {
                if (!keep.Contains(key))
                {
                    result.Remove(key);
                }
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray remove)
                {
                    var drop = remove.Select(v => v?.ToJsonString()).ToHashSet();
                    result[field] = new JsonArray([.. list.Where(v => !drop.Contains(v?.ToJsonString())).Select(v => v?.DeepClone())]);
                }

                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject child && child["$patch"]?.GetValue<string>() == "delete")
            {
                result.Remove(key);
            }
            else if (value is JsonObject childPatch)
            {
                result[key] = MergeObject(result[key] as JsonObject ?? [], childPatch, ModelTypes.Child(type, key));
            }
            else if (value is JsonArray items)
            {
                result[key] = MergeList(key, ModelTypes.Child(type, key), result[key] as JsonArray, items);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) && value is JsonArray order)
            {
                var field = key["$setElementOrder/".Length..];
                if (result[field] is JsonArray list)
                {
                    result[field] = Order(MergeKey(ModelTypes.Child(type, field)), list, order);
                }
            }
        }

        return result;
    }

    private static JsonArray MergeList(string field, Type? listType, JsonArray? target, JsonArray patch)
    {
        if (patch.OfType<JsonObject>().Any(item => item["$patch"]?.GetValue<string>() == "replace"))
        {
            return new JsonArray([.. patch.OfType<JsonObject>().Where(i => i["$patch"] is null).Select(i => i.DeepClone())]);
        }

        if (PatchMetadata.IsMergedScalarList(field))
        {
            var merged = target?.Select(v => v?.DeepClone()).ToList() ?? [];
            foreach (var value in patch)
            {
                if (!merged.Any(existing => JsonNode.DeepEquals(existing, value)))
                {
                    merged.Add(value?.DeepClone());
                }
            }

            return new JsonArray([.. merged]);
        }

        var elementType = listType is not null && ModelTypes.IsList(listType, out var element) ? element : null;
        var key = MergeKey(listType);
        if (key is null)
        {
            return (JsonArray)patch.DeepClone();
        }

        var result = target?.Select(v => v?.DeepClone()).ToList() ?? [];
        foreach (var item in patch.OfType<JsonObject>())
        {
            var id = item[key]?.ToJsonString();
            var index = result.FindIndex(existing => existing is JsonObject o && o[key]?.ToJsonString() == id);
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                result[index] = MergeObject((JsonObject)result[index]!, item, elementType);
            }
            else
            {
                var added = (JsonObject)item.DeepClone();
                added.Remove("$patch");
                result.Add(added);
            }
        }

        return new JsonArray([.. result]);
    }

    /// <summary>The merge key of a list field of the given type, or null for a list replaced whole.</summary>
    private static string? MergeKey(Type? listType) =>
        listType is not null && ModelTypes.IsList(listType, out var element) && PatchMetadata.For(element) is { } meta ? meta.Key : null;

    private static JsonArray Order(string? key, JsonArray list, JsonArray order)
    {
        string? Id(JsonNode? node) => key is null ? node?.ToJsonString() : (node as JsonObject)?[key]?.ToJsonString();
        var positions = order.Select((node, index) => (Id(node), index)).Where(p => p.Item1 is not null).GroupBy(p => p.Item1!).ToDictionary(g => g.Key, g => g.First().index);
        var ordered = list.Select(node => node?.DeepClone()).OrderBy(node => Id(node) is { } id && positions.TryGetValue(id, out var position) ? position : int.MaxValue).ToList();
        return new JsonArray([.. ordered]);
    }
}
