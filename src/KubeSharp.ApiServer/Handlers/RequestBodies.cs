using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>Reading request bodies: bounded in size and nesting, JSON or YAML, always a clear 4xx when bad.</summary>
internal static class RequestBodies
{
    public const int MaxDepth = 100;

    public static async Task<byte[]> ReadBytesAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength is { } length && length > limit)
        {
            throw ApiErrors.RequestEntityTooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw ApiErrors.RequestEntityTooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The body as a JSON object; YAML and Kubernetes protobuf (kubectl's typed create commands) are accepted too.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, long limit)
    {
        var contentType = MediaTypes.Essence(context.Request.ContentType);
        var bytes = await ReadBytesAsync(context, limit);
        return contentType switch
        {
            MediaTypes.Json or "" => ParseJson(bytes),
            MediaTypes.Yaml or "application/x-yaml" or "text/yaml" => YamlToJson.Convert(bytes),
            MediaTypes.Protobuf => Protobuf.ProtobufBodies.Decode(bytes),
            _ => throw ApiErrors.UnsupportedMediaType(context.Request.ContentType ?? string.Empty),
        };
    }

    public static JsonObject ParseJson(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw ApiErrors.BadRequest("the body of the request was empty");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException error)
        {
            throw ApiErrors.BadRequest($"error decoding the request body: {error.Message}");
        }

        return node as JsonObject ?? throw ApiErrors.BadRequest("error decoding the request body: the body must be a JSON object");
    }
}
