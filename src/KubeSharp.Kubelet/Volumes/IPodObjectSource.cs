using k8s.Models;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>Where the kubelet reads the ConfigMaps and Secrets its pods use (volumes, environment, pull secrets).</summary>
internal interface IPodObjectSource
{
    /// <summary>The ConfigMap, or null when it does not exist.</summary>
    Task<V1ConfigMap?> GetConfigMapAsync(string namespaceName, string name, CancellationToken cancellationToken);

    /// <summary>The Secret (its data already decoded), or null when it does not exist.</summary>
    Task<V1Secret?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken);
}
