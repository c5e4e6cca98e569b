using System.Net;

namespace KubeSharp.ApiServer;

/// <summary>The API server's settings, with k3s's flag names where the concept is the same.</summary>
public sealed record ApiServerOptions
{
    public required string DataDirectory { get; init; }

    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 6443;

    /// <summary>Where the admin kubeconfig goes; default &lt;data-dir&gt;/kubeconfig.yaml.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>A bearer token accepted for the admin user; default: the token file's (made on first start).</summary>
    public string? Token { get; init; }

    public string ServiceCidr { get; init; } = "10.43.0.0/16";

    public string ServiceNodePortRange { get; init; } = "30000-32767";

    /// <summary>The largest request body (and stored object), as etcd's request limit.</summary>
    public long MaxBodyBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>How long an event is kept after its last occurrence (upstream's --event-ttl).</summary>
    public TimeSpan EventTtl { get; init; } = TimeSpan.FromHours(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string EffectiveKubeconfigPath => KubeconfigPath ?? Path.Combine(DataDirectory, "kubeconfig.yaml");
}
