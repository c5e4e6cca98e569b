using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.Kubelet.Server;

/// <summary>How the kubelet's HTTPS server (logs, exec, attach, port-forward, stats) listens and whom it lets in.</summary>
internal sealed class KubeletServerOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>The port to listen on; 0 for any free one (<see cref="KubeletServer.Port"/> tells which).</summary>
    public int Port { get; init; } = 10250;

    /// <summary>The cluster CA: only clients with a certificate it signed for client auth get in.</summary>
    public required X509Certificate2Collection ClientCertificateAuthorities { get; init; }

    /// <summary>Where the kubelet's serving certificate and key are kept (made on first start).</summary>
    public required string CertificateDirectory { get; init; }

    /// <summary>The node's name, which the serving certificate names.</summary>
    public required string NodeName { get; init; }

    /// <summary>The node's addresses, which the serving certificate names too.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];
}
