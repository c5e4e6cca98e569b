namespace KubeSharp.Controllers.Shared;

/// <summary>Labels and annotations compared as upstream's semantic equality does: a missing map equals an empty one.</summary>
internal static class StringMaps
{
    public static bool Equal(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        if (a is null || b is null)
        {
            return true;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A copy to change (cached objects are shared and read-only).</summary>
    public static Dictionary<string, string> Copy(IDictionary<string, string>? map) =>
        map is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(map, StringComparer.Ordinal);
}
