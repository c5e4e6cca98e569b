namespace KubeSharp.Kubelet.Server;

/// <summary>The kubelet server's endpoints (upstream's paths).</summary>
internal enum KubeletEndpoint
{
    /// <summary>No endpoint has the path.</summary>
    None,

    /// <summary><c>/healthz</c>.</summary>
    Healthz,

    /// <summary><c>/containerLogs/{namespace}/{pod}/{container}</c>.</summary>
    ContainerLogs,

    /// <summary><c>/exec/{namespace}/{pod}[/{uid}]/{container}</c>.</summary>
    Exec,

    /// <summary><c>/attach/{namespace}/{pod}[/{uid}]/{container}</c>.</summary>
    Attach,

    /// <summary><c>/portForward/{namespace}/{pod}[/{uid}]</c>.</summary>
    PortForward,

    /// <summary><c>/stats/summary</c>.</summary>
    StatsSummary,
}
