using System.Text;
using k8s.Models;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// The files a configMap or secret volume (or projection) shows (upstream's MakePayload): every key
/// with the default mode, or only the listed items at their paths with their own modes. A listed
/// key that is missing fails unless the source is optional.
/// </summary>
internal static class KeyPayloads
{
    /// <summary>0644, the API's default for volume files.</summary>
    public const int DefaultMode = 0b110_100_100;

    /// <param name="configMap">Null when the ConfigMap is missing and optional: no files.</param>
    /// <exception cref="InvalidOperationException">A listed key is missing and the source is not optional.</exception>
    public static Dictionary<string, FileProjection> ConfigMap(V1ConfigMap? configMap, IList<V1KeyToPath>? items, int defaultMode, bool optional)
    {
        var data = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap?.Data ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(value ?? string.Empty);
        }

        foreach (var (key, value) in configMap?.BinaryData ?? new Dictionary<string, byte[]>())
        {
            data[key] = value;
        }

        return Make(data, items, defaultMode, optional, key => $"configmap references non-existent config key: {key}");
    }

    /// <param name="secret">Null when the Secret is missing and optional: no files.</param>
    /// <exception cref="InvalidOperationException">A listed key is missing and the source is not optional.</exception>
    public static Dictionary<string, FileProjection> Secret(V1Secret? secret, IList<V1KeyToPath>? items, int defaultMode, bool optional)
    {
        var data = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (key, value) in secret?.Data ?? new Dictionary<string, byte[]>())
        {
            data[key] = value;
        }

        return Make(data, items, defaultMode, optional, key => $"references non-existent secret key: {key}");
    }

    private static Dictionary<string, FileProjection> Make(
        Dictionary<string, ReadOnlyMemory<byte>> data, IList<V1KeyToPath>? items, int defaultMode, bool optional, Func<string, string> missing)
    {
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        if (items is null || items.Count == 0)
        {
            foreach (var (key, value) in data)
            {
                payload[key] = new FileProjection(value, defaultMode);
            }

            return payload;
        }

        foreach (var item in items)
        {
            if (!data.TryGetValue(item.Key, out var value))
            {
                if (optional)
                {
                    continue;
                }

                throw new InvalidOperationException(missing(item.Key));
            }

            payload[item.Path] = new FileProjection(value, item.Mode ?? defaultMode);
        }

        return payload;
    }
}
