using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tables;

/// <summary>helper.GetAccessModesAsString: a volume's access modes abbreviated, in a fixed order.</summary>
internal static class AccessModeText
{
    private static readonly (string Mode, string Short)[] Known =
    [
        ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"),
    ];

    public static string Format(JsonNode? modes)
    {
        var present = JsonValues.Texts(modes);
        return string.Join(",", Known.Where(k => present.Contains(k.Mode)).Select(k => k.Short));
    }
}
