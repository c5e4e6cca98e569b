using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeSharp.Api.Json;

/// <summary>A YAML document as the equivalent JSON, with YAML 1.1's plain scalars typed as Kubernetes' decoder types them.</summary>
public static class YamlToJson
{
    public static JsonObject Convert(byte[] yaml, int maxDepth)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(Encoding.UTF8.GetString(yaml));
            stream.Load(reader);
        }
        catch (YamlException error)
        {
            throw ApiErrors.BadRequest($"error decoding the request body as YAML: {error.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw ApiErrors.BadRequest("error decoding the request body as YAML: expected exactly one document");
        }

        return ToNode(stream.Documents[0].RootNode, 0, maxDepth) as JsonObject
            ?? throw ApiErrors.BadRequest("error decoding the request body: the body must be an object");
    }

    private static JsonNode? ToNode(YamlNode node, int depth, int maxDepth)
    {
        if (depth > maxDepth)
        {
            throw ApiErrors.BadRequest($"error decoding the request body: nesting deeper than {maxDepth}");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var result = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    result[((YamlScalarNode)key).Value ?? string.Empty] = ToNode(value, depth + 1, maxDepth);
                }

                return result;
            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Children.Select(child => ToNode(child, depth + 1, maxDepth))]);
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw ApiErrors.BadRequest("error decoding the request body: unsupported YAML node");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Any(char.IsDigit))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
