using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Http;

namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// Request bodies in application/vnd.kubernetes.protobuf, which kubectl 1.32+ sends for its typed commands
/// (create deployment, create token, auth can-i...): the magic "k8s\0", then a runtime.Unknown whose raw bytes
/// are the object in k8s.io/api's generated.proto encoding. Decoded to the JSON the rest of the server handles.
/// </summary>
internal static class ProtobufBodies
{
    public const string MediaType = MediaTypes.Protobuf;

    private static readonly MessageSchema TypeMeta = new MessageSchema("runtime.TypeMeta").String(1, "apiVersion").String(2, "kind");

    // The prefix upstream's protobuf serializer puts before every runtime.Unknown.
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>Decodes the k8s\0 envelope; returns the object as JSON, apiVersion and kind set from its typeMeta.</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw ApiErrors.BadRequest("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }

        if (body.Length == Magic.Length)
        {
            throw ApiErrors.BadRequest("empty body");
        }

        // runtime.Unknown {TypeMeta typeMeta = 1; bytes raw = 2; string contentEncoding = 3; string contentType = 4}.
        // Upstream decodes raw as protobuf whatever fields 3 and 4 say, so they are skipped like unknown fields.
        var reader = new ProtoReader(body[Magic.Length..]);
        var typeMeta = new JsonObject();
        var raw = ReadOnlySpan<byte>.Empty;
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is not (1 or 2))
            {
                reader.Skip(number, wireType, 1);
                continue;
            }

            if (wireType != WireType.LengthDelimited)
            {
                throw ProtoReader.Malformed($"runtime.Unknown field {number} has wire type {(int)wireType}, expected 2");
            }

            if (number == 1)
            {
                ProtoJsonDecoder.DecodeInto(typeMeta, reader.ReadLengthDelimited(), TypeMeta, 2);
            }
            else
            {
                raw = reader.ReadLengthDelimited();
            }
        }

        var apiVersion = (string?)typeMeta["apiVersion"] ?? string.Empty;
        var kind = (string?)typeMeta["kind"] ?? string.Empty;
        if (kind.Length == 0)
        {
            throw ApiErrors.BadRequest("Object 'Kind' is missing in protobuf body");
        }

        if (apiVersion.Length == 0)
        {
            throw ApiErrors.BadRequest("Object 'apiVersion' is missing in protobuf body");
        }

        var schema = ProtobufSchemas.Find(apiVersion, kind) ?? throw ApiErrors.BadRequest($"no protobuf schema for {apiVersion}/{kind}");
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        ProtoJsonDecoder.DecodeInto(result, raw, schema, 1);
        return result;
    }
}
