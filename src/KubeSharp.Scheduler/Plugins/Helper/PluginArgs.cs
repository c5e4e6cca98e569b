using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeSharp.Scheduler.Plugins.Helper;

/// <summary>
/// Reads a plugin's args (the args object of its pluginConfig entry, camelCase as upstream's v1
/// config) into an args type. Unknown fields are errors, as in upstream's strict decoding, so a
/// misspelt option is not silently ignored.
/// </summary>
public static class PluginArgs
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The args, or a default instance when there are none.</summary>
    /// <exception cref="ArgumentException">The args do not have the args type's shape.</exception>
    public static T Parse<T>(JsonElement? args, string pluginName)
        where T : class, new()
    {
        if (args is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new T();
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"{pluginName} args must be an object, not {element.ValueKind}");
        }

        try
        {
            return element.Deserialize<T>(Options) ?? new T();
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"{pluginName} args: {error.Message}", error);
        }
    }
}
