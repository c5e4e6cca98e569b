using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// Strategic merge patch as kubectl sends it: maps merge, lists with a merge key merge item by item,
/// other lists are replaced; the directives $patch (replace, delete, merge), $setElementOrder,
/// $retainKeys and $deleteFromPrimitiveList are honoured.
/// </summary>
internal static class StrategicMergePatch
{
    // Upstream's patchMergeKey tags for the built-in types, by field name (a field name maps to one key).
    private static readonly Dictionary<string, string[]> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"],
        ["volumes"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["volumeDevices"] = ["devicePath"],
        ["imagePullSecrets"] = ["name"],
        ["ports"] = ["containerPort", "port"],
        ["hostAliases"] = ["ip"],
        ["conditions"] = ["type"],
        ["ownerReferences"] = ["uid"],
        ["resourceClaims"] = ["name"],
        ["topologySpreadConstraints"] = ["topologyKey"],
        ["taints"] = ["key"],
        ["addresses"] = ["type"],
    };

    // Lists of scalars merged as sets (patchStrategy:"merge" on []string).
    private static readonly HashSet<string> MergedScalarLists = ["finalizers"];

    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            throw ApiErrors.BadRequest("strategic merge patch must be a JSON object");
        }

        return MergeObject(target as JsonObject ?? [], patchObject);
    }

    private static JsonObject MergeObject(JsonObject target, JsonObject patch)
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
                result[key] = MergeObject(result[key] as JsonObject ?? [], childPatch);
            }
            else if (value is JsonArray items)
            {
                result[key] = MergeList(key, result[key] as JsonArray, items);
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
                    result[field] = Order(field, list, order);
                }
            }
        }

        return result;
    }

    private static JsonArray MergeList(string field, JsonArray? target, JsonArray patch)
    {
        if (patch.OfType<JsonObject>().Any(item => item["$patch"]?.GetValue<string>() == "replace"))
        {
            return new JsonArray([.. patch.OfType<JsonObject>().Where(i => i["$patch"] is null).Select(i => i.DeepClone())]);
        }

        if (MergedScalarLists.Contains(field))
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

        var key = MergeKey(field, patch, target);
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
                result[index] = MergeObject((JsonObject)result[index]!, item);
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

    private static string? MergeKey(string field, JsonArray patch, JsonArray? target)
    {
        if (!MergeKeys.TryGetValue(field, out var candidates))
        {
            return null;
        }

        var sample = patch.OfType<JsonObject>().Concat(target?.OfType<JsonObject>() ?? []).FirstOrDefault();
        return candidates.FirstOrDefault(k => sample?.ContainsKey(k) == true) ?? candidates[0];
    }

    private static JsonArray Order(string field, JsonArray list, JsonArray order)
    {
        var key = MergeKey(field, order, list);
        string? Id(JsonNode? node) => key is null ? node?.ToJsonString() : (node as JsonObject)?[key]?.ToJsonString();
        var positions = order.Select((node, index) => (Id(node), index)).Where(p => p.Item1 is not null).GroupBy(p => p.Item1!).ToDictionary(g => g.Key, g => g.First().index);
        var ordered = list.Select(node => node?.DeepClone()).OrderBy(node => Id(node) is { } id && positions.TryGetValue(id, out var position) ? position : int.MaxValue).ToList();
        return new JsonArray([.. ordered]);
    }
}
