using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Kubelet;

/// <summary>
/// A kubelet of this process serving one request of the API server: <paramref name="context"/> is the
/// API server's request, its path and query already the kubelet's own (/containerLogs/..., /exec/...,
/// /portForward/...). The API server has authenticated and authorized the user.
/// </summary>
public delegate Task LocalKubeletHandler(HttpContext context, CancellationToken cancellationToken);
