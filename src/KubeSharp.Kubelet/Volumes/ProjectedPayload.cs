using k8s.Models;
using KubeSharp.Kubelet.Pods.Environment;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// The files of a projected volume (upstream's projected collectData): its configMap, secret and
/// downwardAPI sources merged into one payload with the volume's default mode, later sources
/// winning a path. Service account tokens and other sources are not projected.
/// </summary>
internal static class ProjectedPayload
{
    /// <exception cref="InvalidOperationException">Some sources failed; all their errors are in the message.</exception>
    public static async Task<Dictionary<string, FileProjection>> CollectAsync(
        V1ProjectedVolumeSource projected, V1Pod pod, IPodObjectSource source, NodeAllocatable allocatable, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata?.NamespaceProperty ?? string.Empty;
        var defaultMode = projected.DefaultMode ?? KeyPayloads.DefaultMode;
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var projection in projected.Sources ?? [])
        {
            try
            {
                Dictionary<string, FileProjection> files;
                if (projection.ConfigMap is { } configMapSource)
                {
                    var name = configMapSource.Name ?? string.Empty;
                    var optional = configMapSource.Optional == true;
                    var configMap = await source.GetConfigMapAsync(ns, name, cancellationToken);
                    if (configMap is null && !optional)
                    {
                        errors.Add($"configmap \"{name}\" not found");
                        continue;
                    }

                    files = KeyPayloads.ConfigMap(configMap, configMapSource.Items, defaultMode, optional);
                }
                else if (projection.Secret is { } secretSource)
                {
                    var name = secretSource.Name ?? string.Empty;
                    var optional = secretSource.Optional == true;
                    var secret = await source.GetSecretAsync(ns, name, cancellationToken);
                    if (secret is null && !optional)
                    {
                        errors.Add($"secret \"{name}\" not found");
                        continue;
                    }

                    files = KeyPayloads.Secret(secret, secretSource.Items, defaultMode, optional);
                }
                else if (projection.DownwardAPI is { } downwardApi)
                {
                    files = DownwardApiPayload.Collect(downwardApi.Items, pod, allocatable, defaultMode);
                }
                else
                {
                    continue;
                }

                foreach (var (path, file) in files)
                {
                    payload[path] = file;
                }
            }
            catch (InvalidOperationException error)
            {
                errors.Add(error.Message);
            }
        }

        return errors.Count > 0 ? throw new InvalidOperationException(ErrorAggregate.Message(errors)) : payload;
    }
}
