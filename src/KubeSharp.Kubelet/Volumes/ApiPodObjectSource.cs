using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>Reads ConfigMaps and Secrets from the API server on every call, so changes reach the next pod sync.</summary>
internal sealed class ApiPodObjectSource(IKubernetes client) : IPodObjectSource
{
    public async Task<V1ConfigMap?> GetConfigMapAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedConfigMapAsync(name, namespaceName, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<V1Secret?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(name, namespaceName, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
