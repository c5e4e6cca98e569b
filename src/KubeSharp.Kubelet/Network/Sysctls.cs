namespace KubeSharp.Kubelet.Network;

/// <summary>Kernel parameters through /proc/sys, which shows the caller's own network namespace for net.* keys.</summary>
internal static class Sysctls
{
    /// <summary>Sets <paramref name="name"/> (dotted, e.g. net.ipv4.ip_forward) unless it already has that value.</summary>
    public static void Set(string name, string value)
    {
        var path = "/proc/sys/" + name.Replace('.', '/');
        if (File.Exists(path) && File.ReadAllText(path).Trim() == value)
        {
            return;
        }

        File.WriteAllText(path, value);
    }
}
