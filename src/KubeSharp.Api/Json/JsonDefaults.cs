using System.Text.Encodings.Web;
using System.Text.Json;

namespace KubeSharp.Api.Json;

/// <summary>
/// How the API writes JSON: like Go's encoder, escaping only what JSON requires, so messages read
/// "pod's" and "x" rather than "pod\u0027s" and \u0022x\u0022.
/// </summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static byte[] Serialize(System.Text.Json.Nodes.JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);
}
