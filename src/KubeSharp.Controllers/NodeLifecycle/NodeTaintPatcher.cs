using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// SwapNodeControllerTaint: adds and removes a node's taints through the API. The whole taint list
/// is written with the resourceVersion it was computed from, so a concurrent change (the kubelet,
/// a user's kubectl taint, this controller's other loop) conflicts instead of being lost; on a
/// conflict the node is read again and the change recomputed.
/// </summary>
internal sealed class NodeTaintPatcher(IKubernetes client, TimeProvider time)
{
    private const int Attempts = 5;

    /// <summary>
    /// Makes the node carry <paramref name="add"/> and not <paramref name="remove"/> (by key and
    /// effect); false if the node is gone. Starts from the given (cached) node and calls the API
    /// only when something changes.
    /// </summary>
    public async Task<bool> SwapAsync(V1Node node, IReadOnlyList<V1Taint> add, IReadOnlyList<V1Taint> remove, CancellationToken cancellationToken)
    {
        var current = node;
        for (var attempt = 1; ; attempt++)
        {
            var taints = NodeTaints.Swap(current.Spec?.Taints, add, remove, Timestamps.Seconds(time.GetUtcNow()));
            if (taints is null)
            {
                return true;
            }

            try
            {
                await client.CoreV1.PatchNodeAsync(new V1Patch(Patch(current.Metadata.ResourceVersion, taints), V1Patch.PatchType.MergePatch), current.Metadata.Name, cancellationToken: cancellationToken);
                return true;
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict && attempt < Attempts)
            {
                try
                {
                    current = await client.CoreV1.ReadNodeAsync(node.Metadata.Name, cancellationToken: cancellationToken);
                }
                catch (HttpOperationException gone) when (gone.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            }
        }
    }

    /// <summary>A merge patch replacing the taint list whole (an empty list removes the field), pinned to the resourceVersion read.</summary>
    private static string Patch(string resourceVersion, List<V1Taint> taints) => new JsonObject
    {
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
        ["spec"] = new JsonObject { ["taints"] = taints.Count == 0 ? null : JsonNode.Parse(KubernetesJson.Serialize(taints)) },
    }.ToJsonString();
}
