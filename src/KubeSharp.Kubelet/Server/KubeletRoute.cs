namespace KubeSharp.Kubelet.Server;

/// <summary>A request path of the kubelet server, taken apart: the endpoint and the pod (and container) it names.</summary>
/// <param name="Uid">The pod's uid when the path gives one (upstream's <c>/exec/{namespace}/{pod}/{uid}/{container}</c> form).</param>
internal sealed record KubeletRoute(KubeletEndpoint Endpoint, string Namespace = "", string Pod = "", string? Uid = null, string? Container = null)
{
    public static KubeletRoute Parse(string path) => path.Split('/') switch
    {
        ["", "healthz"] => new(KubeletEndpoint.Healthz),
        ["", "stats", "summary"] => new(KubeletEndpoint.StatsSummary),
        ["", "containerLogs", var ns, var pod, var container] => new(KubeletEndpoint.ContainerLogs, ns, pod, null, container),
        ["", "exec", var ns, var pod, var container] => new(KubeletEndpoint.Exec, ns, pod, null, container),
        ["", "exec", var ns, var pod, var uid, var container] => new(KubeletEndpoint.Exec, ns, pod, uid, container),
        ["", "attach", var ns, var pod, var container] => new(KubeletEndpoint.Attach, ns, pod, null, container),
        ["", "attach", var ns, var pod, var uid, var container] => new(KubeletEndpoint.Attach, ns, pod, uid, container),
        ["", "portForward", var ns, var pod] => new(KubeletEndpoint.PortForward, ns, pod),
        ["", "portForward", var ns, var pod, var uid] => new(KubeletEndpoint.PortForward, ns, pod, uid),
        _ => new(KubeletEndpoint.None),
    };

    /// <summary>Whether the endpoint answers the HTTP method (the streams take GET and POST, as upstream's).</summary>
    public bool Accepts(string method) => Endpoint switch
    {
        KubeletEndpoint.Healthz => method is "GET" or "HEAD",
        KubeletEndpoint.ContainerLogs or KubeletEndpoint.StatsSummary => method is "GET",
        KubeletEndpoint.Exec or KubeletEndpoint.Attach or KubeletEndpoint.PortForward => method is "GET" or "POST",
        _ => false,
    };
}
