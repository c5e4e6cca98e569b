namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// Removes pod cgroups once their containers are gone: runc removes each container's cgroup but
/// not the pod-level parent the kubelet named, in every cgroup v1 hierarchy (cgroups are global
/// to the machine, so several nodes on one machine each keep to their own root).
/// </summary>
internal static class PodCgroups
{
    private const string Mounts = "/sys/fs/cgroup";

    /// <summary>Removes the cgroup <paramref name="path"/> (e.g. <c>/kubesharp/node/pod&lt;uid&gt;</c>) and anything empty under it.</summary>
    public static void Remove(string path)
    {
        if (!Directory.Exists(Mounts))
        {
            return;
        }

        foreach (var hierarchy in Directory.GetDirectories(Mounts))
        {
            var directory = Path.Join(hierarchy, path);
            if (Directory.Exists(directory))
            {
                RemoveTree(directory);
            }
        }
    }

    /// <summary>Removes the cgroup <paramref name="path"/> in every hierarchy where it has no children left (the nodes' shared root).</summary>
    public static void RemoveIfEmpty(string path)
    {
        if (!Directory.Exists(Mounts))
        {
            return;
        }

        foreach (var hierarchy in Directory.GetDirectories(Mounts))
        {
            var directory = Path.Join(hierarchy, path);
            if (Directory.Exists(directory) && Directory.GetDirectories(directory).Length == 0)
            {
                try
                {
                    Directory.Delete(directory, recursive: false);
                }
                catch (IOException)
                {
                    // another node made a pod there meanwhile
                }
            }
        }
    }

    // cgroup directories are removed with rmdir, deepest first; their pseudo-files go with them.
    private static void RemoveTree(string directory)
    {
        foreach (var child in Directory.GetDirectories(directory))
        {
            RemoveTree(child);
        }

        try
        {
            Directory.Delete(directory, recursive: false);
        }
        catch (IOException)
        {
            // still has processes: a later cleanup removes it
        }
    }
}
