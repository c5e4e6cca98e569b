namespace KubeSharp.ApiServer.Discovery;

/// <summary>What discovery says of each kind of subresource: the kind it answers with and its verbs.</summary>
internal static class Subresources
{
    public static (string Group, string Version, string? Kind, string[] Verbs) Describe(string subresource, string group, string version, string kind) => subresource switch
    {
        "status" => (group, version, kind, ["get", "patch", "update"]),
        "scale" => ("autoscaling", "v1", "Scale", ["get", "patch", "update"]),
        "binding" => (string.Empty, "v1", "Binding", ["create"]),
        "eviction" => ("policy", "v1", "Eviction", ["create"]),
        "finalize" => (group, version, kind, ["update"]),
        "log" => (string.Empty, "v1", "Pod", ["get"]),
        "exec" => (string.Empty, "v1", "PodExecOptions", ["create", "get"]),
        "attach" => (string.Empty, "v1", "PodAttachOptions", ["create", "get"]),
        "portforward" => (string.Empty, "v1", "PodPortForwardOptions", ["create", "get"]),
        "proxy" => (string.Empty, "v1", kind + "ProxyOptions", ["create", "delete", "get", "patch", "update"]),
        "token" => ("authentication.k8s.io", "v1", "TokenRequest", ["create"]),
        "ephemeralcontainers" => (group, version, kind, ["get", "patch", "update"]),
        _ => (group, version, kind, ["get"]),
    };
}
