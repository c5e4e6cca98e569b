using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>ObjectMeta as upstream's apimachinery validates and fills it (pkg/api/validation/objectmeta.go).</summary>
internal static class ObjectMetaRules
{
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>metav1.Time: RFC 3339 in UTC, whole seconds.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Name from generateName (5 random characters, as upstream), server-set fields reset.</summary>
    public static void PrepareForCreate(JsonObject item, RegisteredResource resource, DateTimeOffset now)
    {
        var metadata = item.Ensure("metadata");
        if (string.IsNullOrEmpty(metadata["name"]?.GetValue<string>()) && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
        {
            var suffix = new StringBuilder(5);
            for (var i = 0; i < 5; i++)
            {
                suffix.Append(GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)]);
            }

            metadata["name"] = (prefix.Length > 58 ? prefix[..58] : prefix) + suffix;
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp(now);
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
        if (resource.Strategy.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }
    }

    public static void Validate(JsonObject item, RegisteredResource resource, FieldErrors errors)
    {
        var metadata = item.GetObject("metadata");
        var name = metadata?.GetString("name");
        if (string.IsNullOrEmpty(name))
        {
            errors.Required("metadata.name", "name or generateName is required");
        }
        else if (resource.Strategy.NameError(name) is { } problem)
        {
            errors.Invalid("metadata.name", name, problem);
        }

        if (resource.Api.Namespaced && string.IsNullOrEmpty(metadata?.GetString("namespace")))
        {
            errors.Required("metadata.namespace");
        }

        foreach (var (key, value) in item.GetStringMap("metadata.labels"))
        {
            if (ObjectNames.QualifiedNameError(key) is { } keyProblem)
            {
                errors.Invalid("metadata.labels", key, keyProblem);
            }

            if (ObjectNames.LabelValueError(value) is { } valueProblem)
            {
                errors.Invalid("metadata.labels", value, valueProblem);
            }
        }

        var annotationSize = 0;
        foreach (var (key, value) in item.GetStringMap("metadata.annotations"))
        {
            if (ObjectNames.QualifiedNameError(key.ToLowerInvariant()) is { } keyProblem)
            {
                errors.Invalid("metadata.annotations", key, keyProblem);
            }

            annotationSize += key.Length + value.Length;
        }

        if (annotationSize > TotalAnnotationSizeLimit)
        {
            errors.Add(new StatusCause("FieldValueTooLong", $"Too long: must have at most {TotalAnnotationSizeLimit} bytes", "metadata.annotations"));
        }

        CheckStringMap(item, "metadata.labels", errors);
        CheckStringMap(item, "metadata.annotations", errors);
    }

    /// <summary>An update may not change what the server owns: name, namespace, uid, creationTimestamp.</summary>
    public static void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp" })
        {
            var now = item.GetString("metadata." + field);
            var before = old.GetString("metadata." + field);
            if (now != before)
            {
                errors.Invalid("metadata." + field, now, "field is immutable");
            }
        }
    }

    /// <summary>Carries server-owned metadata over from the stored object into an update.</summary>
    public static void CarryOver(JsonObject item, JsonObject old)
    {
        var metadata = item.Ensure("metadata");
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            if (old.Get("metadata." + field) is { } value)
            {
                metadata[field] = value.DeepClone();
            }
            else
            {
                metadata.Remove(field);
            }
        }

        metadata.Remove("selfLink");
        if (string.IsNullOrEmpty(metadata["namespace"]?.GetValue<string>()) && old.GetString("metadata.namespace") is { } @namespace)
        {
            metadata["namespace"] = @namespace;
        }
    }

    private static void CheckStringMap(JsonObject item, string path, FieldErrors errors)
    {
        if (item.Get(path) is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is not JsonValue scalar || !scalar.TryGetValue<string>(out _))
                {
                    errors.Invalid($"{path}.{key}", value?.ToJsonString(), "must be a string");
                }
            }
        }
        else if (item.Get(path) is { } other)
        {
            errors.Invalid(path, other.ToJsonString(), "must be a map of strings");
        }
    }
}
