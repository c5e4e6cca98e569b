using System.Text;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// /openapi/v2, which kubectl up to 1.29 fetches (in gnostic protobuf) before a client-side apply
/// update. It gets a document without definitions: kubectl then computes the strategic merge
/// patch from its compiled-in types, which cover every built-in kind. The full schemas are in v3.
/// </summary>
internal static class OpenApiV2
{
    public const string ProtobufMediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>openapi_v2.Document { swagger = 1: "2.0"; info = 2: Info { title = 1, version = 2 } }.</summary>
    public static readonly byte[] Protobuf = BuildProtobuf();

    public static readonly string Json = """{"swagger":"2.0","info":{"title":"Kubernetes","version":"v1.32.0"},"paths":{},"definitions":{}}""";

    private static byte[] BuildProtobuf()
    {
        var info = Concat(Field(1, "Kubernetes"), Field(2, "v1.32.0"));
        return Concat(Field(1, "2.0"), Field(2, info));
    }

    private static byte[] Field(int number, string text) => Field(number, Encoding.UTF8.GetBytes(text));

    private static byte[] Field(int number, byte[] payload)
    {
        // Wire type 2 (length-delimited); these payloads are all under 128 bytes, so the length is one byte.
        return [(byte)((number << 3) | 2), (byte)payload.Length, .. payload];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
