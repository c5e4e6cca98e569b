using k8s.Models;

namespace KubeSharp.ApiServer.Kubelet;

/// <summary>Requests from the API server to a node's kubelet (HTTPS, with the API server's kubelet client certificate).</summary>
internal interface IKubeletConnector
{
    /// <summary>GET <paramref name="pathAndQuery"/> on the node's kubelet; the response is returned once its headers are in.</summary>
    Task<HttpResponseMessage> GetAsync(V1Node node, string pathAndQuery, CancellationToken cancellationToken);
}
