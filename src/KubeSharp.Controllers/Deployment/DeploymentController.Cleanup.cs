using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit are deleted (they are what rollbacks go back to).</summary>
public sealed partial class DeploymentController
{
    private async Task CleanupDeploymentAsync(List<V1ReplicaSet> oldRSs, V1Deployment d, CancellationToken cancellationToken)
    {
        foreach (var rs in HistoryCleanup.Doomed(d, oldRSs))
        {
            try
            {
                await _client.AppsV1.DeleteNamespacedReplicaSetAsync(rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
        }
    }
}
