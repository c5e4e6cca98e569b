using System.Text.Json.Nodes;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Apply;

/// <summary>One metadata.managedFields entry: who owns which fields, through which operation.</summary>
internal sealed record ManagedEntry(string Manager, string Operation, string ApiVersion, string? Time, string? Subresource, FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    /// <summary>The entries of an object; malformed ones are dropped (upstream resets what it cannot decode).</summary>
    public static List<ManagedEntry> Read(JsonObject? item)
    {
        var entries = new List<ManagedEntry>();
        foreach (var entry in item?.GetArray("metadata.managedFields").Objects() ?? [])
        {
            if (entry.GetString("manager") is { } manager && entry.GetString("operation") is Apply or Update)
            {
                entries.Add(new ManagedEntry(
                    manager, entry.GetString("operation")!, entry.GetString("apiVersion") ?? string.Empty, entry.GetString("time"),
                    entry.GetString("subresource"), FieldSet.FromFieldsV1(entry["fieldsV1"] as JsonObject)));
            }
        }

        return entries;
    }

    /// <summary>Stores the entries in upstream's order (Apply first, then by time, manager, apiVersion, subresource); none at all leaves the field out.</summary>
    public static void Write(JsonObject item, IEnumerable<ManagedEntry> entries)
    {
        var metadata = item.Ensure("metadata");
        var sorted = entries.Where(e => !e.Fields.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal).ThenBy(e => e.Time, StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal).ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource, StringComparer.Ordinal)
            .ToList();
        if (sorted.Count == 0)
        {
            metadata.Remove("managedFields");
            return;
        }

        metadata["managedFields"] = new JsonArray([.. sorted.Select(e => e.ToJson())]);
    }

    /// <summary>Upstream's manager identity: appliers are one manager whatever version they use.</summary>
    public bool Is(string manager, string operation, string apiVersion, string? subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource && (operation == Apply || ApiVersion == apiVersion);

    /// <summary>How conflict messages name the manager: "name" [with subresource "s"] [using apiVersion].</summary>
    public string Describe() =>
        $"\"{Manager}\""
        + (Subresource is null ? string.Empty : $" with subresource \"{Subresource}\"")
        + (Operation == Update ? $" using {ApiVersion}" : string.Empty);

    private JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            json["time"] = Time;
        }

        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (Subresource is not null)
        {
            json["subresource"] = Subresource;
        }

        return json;
    }
}
