using System.Globalization;

namespace KubeSharp.Proxy.Endpoints;

/// <summary>One endpoint of a Service port as kube-proxy sees it (upstream's BaseEndpointInfo).</summary>
internal sealed record EndpointInfo(string Ip, int Port, bool IsLocal, bool Ready, bool Serving, bool Terminating)
{
    /// <summary>"ip:port": the dnat target, and the key endpoints are sorted and de-duplicated by.</summary>
    public string Address { get; } = string.Create(CultureInfo.InvariantCulture, $"{Ip}:{Port}");

    /// <summary>Used when no endpoint is ready: still serving while it shuts down.</summary>
    public bool ServingTerminating => Serving && Terminating;
}
