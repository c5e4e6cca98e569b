using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Storage;

namespace KubeSharp.ApiServer.Watch;

/// <summary>
/// An object as the watch cache keeps it: its JSON with resourceVersion set (served as is), and the
/// labels and selectable fields that filters need, so a list or watch rarely parses anything.
/// </summary>
internal sealed class CachedObject
{
    private CachedObject(string key, string @namespace, string name, long revision, byte[] json, Dictionary<string, string> labels, Dictionary<string, string> fields)
    {
        Key = key;
        Namespace = @namespace;
        Name = name;
        Revision = revision;
        Json = json;
        Labels = labels;
        Fields = fields;
    }

    public string Key { get; }

    public string Namespace { get; }

    public string Name { get; }

    public long Revision { get; }

    public byte[] Json { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    public static CachedObject From(string key, byte[] stored, long revision, ResourceStrategy strategy)
    {
        var item = ObjectCodec.Decode(stored, revision);
        return new CachedObject(
            key,
            item.GetString("metadata.namespace") ?? string.Empty,
            item.GetString("metadata.name") ?? string.Empty,
            revision,
            ObjectCodec.WithResourceVersion(stored, revision),
            item.GetStringMap("metadata.labels"),
            strategy.Fields(item));
    }

    public JsonObject Parse() => (JsonObject)JsonNode.Parse(Json)!;
}
