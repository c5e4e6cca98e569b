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
            return JsonSerializer.SerializeToUtf8Bytes(item);
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

    public static void SetResourceVersion(JsonObject item, long revision)
    {
        if (item["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            item["metadata"] = metadata;
        }

        metadata["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
    }

    public static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node);
}
