using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Storage;

/// <summary>
/// Objects are stored as the JSON the server validated, without metadata.resourceVersion: the
/// resourceVersion is the store's modRevision, put back on every read (as upstream's etcd3 store does).
/// </summary>
internal static class ObjectCodec
{
    public static byte[] Encode(JsonObject item)
    {
        var metadata = item["metadata"] as JsonObject;
        var version = metadata?["resourceVersion"];
        metadata?.Remove("resourceVersion");
        try
        {
            return KubeSharp.Api.Json.JsonDefaults.Serialize(item);
        }
        finally
        {
            if (version is not null)
            {
                metadata!["resourceVersion"] = version;
            }
        }
    }

    public static JsonObject Decode(byte[] value, long revision)
    {
        var item = JsonNode.Parse(value) as JsonObject ?? throw new InvalidDataException("stored value is not a JSON object");
        SetResourceVersion(item, revision);
        return item;
    }

    /// <summary>
    /// The stored JSON with metadata.resourceVersion spliced in, without parsing it into a tree: the
    /// watch cache does this for every change, so it is worth the care.
    /// </summary>
    public static byte[] WithResourceVersion(byte[] stored, long revision)
    {
        var reader = new Utf8JsonReader(stored);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                var at = (int)reader.BytesConsumed;
                reader.Read();
                var empty = reader.TokenType == JsonTokenType.EndObject;
                var insert = System.Text.Encoding.UTF8.GetBytes($"\"resourceVersion\":\"{revision.ToString(CultureInfo.InvariantCulture)}\"{(empty ? string.Empty : ",")}");
                return [.. stored.AsSpan(0, at), .. insert, .. stored.AsSpan(at)];
            }

            reader.Skip();
        }

        var item = Decode(stored, revision);
        return KubeSharp.Api.Json.JsonDefaults.Serialize(item);
    }

    public static void SetResourceVersion(JsonObject item, long revision)
    {
        if (item["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            item["metadata"] = metadata;
        }

        metadata["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
    }

    public static byte[] Serialize(JsonNode node) => KubeSharp.Api.Json.JsonDefaults.Serialize(node);
}
