using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>Reading request bodies: bounded in size and nesting, JSON or YAML, always a clear 4xx when bad.</summary>
internal static class RequestBodies
{
    public const int MaxDepth = 100;

    /// <summary>Longer arrays are refused before any tree is built: no object needs them, and trees of millions of nodes cost memory.</summary>
    public const int MaxArrayLength = 50_000;

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
        if (contentType != MediaTypes.Protobuf)
        {
            RequireUtf8(bytes);
        }

        return contentType switch
        {
            MediaTypes.Json or "" => ParseJson(bytes),
            MediaTypes.Yaml or "application/x-yaml" or "text/yaml" => YamlToJson.Convert(bytes, MaxDepth),
            MediaTypes.Protobuf => Protobuf.ProtobufBodies.Decode(bytes),
            _ => throw ApiErrors.UnsupportedMediaType(context.Request.ContentType ?? string.Empty),
        };
    }

    /// <summary>Scans the JSON without building anything: depth and array lengths within bounds (400 otherwise).</summary>
    public static void CheckShape(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth });

        // One frame per open container: whether it is an array, and how many elements it has had.
        var frames = new Stack<(bool Array, int Count)>();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
                {
                    frames.Pop();
                    continue;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (frames.TryPop(out var parent))
                {
                    if (parent.Array && parent.Count == MaxArrayLength)
                    {
                        throw ApiErrors.BadRequest($"error decoding the request body: an array has more than {MaxArrayLength} elements");
                    }

                    frames.Push((parent.Array, parent.Count + 1));
                }

                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    frames.Push((reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException error)
        {
            throw ApiErrors.BadRequest($"error decoding the request body: {error.Message}");
        }
    }

    /// <summary>JSON and YAML must be UTF-8; checked up front, since the parser only meets bad bytes later, lazily.</summary>
    public static void RequireUtf8(ReadOnlySpan<byte> bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw ApiErrors.BadRequest("error decoding the request body: it is not valid UTF-8");
        }
    }

    public static JsonObject ParseJson(ReadOnlySpan<byte> bytes)
    {
        RequireUtf8(bytes);
        CheckShape(bytes);
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
