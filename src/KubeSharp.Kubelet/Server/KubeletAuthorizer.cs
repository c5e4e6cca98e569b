using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.Kubelet.Server;

/// <summary>
/// Who may call the kubelet: the API server's kubelet client (CN kube-apiserver-kubelet-client) and
/// cluster admins (O system:masters), which is what upstream's Webhook authorizer allows with the
/// default RBAC roles. Anyone else with a certificate of the cluster CA is refused with upstream's
/// message, which names the request as the authorizer sees it (resource nodes, a subresource by path).
/// </summary>
internal static class KubeletAuthorizer
{
    public const string ApiServerUser = "kube-apiserver-kubelet-client";
    public const string MastersGroup = "system:masters";

    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    /// <summary>Null when the user may make the request; otherwise the 403 message.</summary>
    public static string? Deny(string user, IReadOnlyCollection<string> groups, string method, string path) =>
        user == ApiServerUser || groups.Contains(MastersGroup)
            ? null
            : $"Forbidden (user={user}, verb={Verb(method)}, resource=nodes, subresource={Subresource(path)})";

    /// <summary>The user (CN) and groups (O) of a client certificate, as the API server's x509 authenticator reads them.</summary>
    public static (string User, IReadOnlyList<string> Groups) Identity(X509Certificate2 certificate)
    {
        var user = string.Empty;
        var groups = new List<string>();
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (name.HasMultipleElements)
            {
                continue;
            }

            var value = name.GetSingleElementValue() ?? string.Empty;
            switch (name.GetSingleElementType().Value)
            {
                case CommonNameOid:
                    user = value;
                    break;
                case OrganizationOid:
                    groups.Add(value);
                    break;
            }
        }

        return (user, groups);
    }

    // Upstream's kubelet auth: the HTTP method as an API verb.
    private static string Verb(string method) => method switch
    {
        "POST" => "create",
        "GET" or "HEAD" => "get",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => string.Empty,
    };

    // Upstream's kubelet auth: /stats, /metrics, /logs and /spec have their own subresources, everything else is proxy.
    private static string Subresource(string path) =>
        Under(path, "/stats") ? "stats"
        : Under(path, "/metrics") ? "metrics"
        : Under(path, "/logs") ? "log"
        : Under(path, "/spec") ? "spec"
        : "proxy";

    private static bool Under(string path, string prefix) =>
        path == prefix || (path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] == '/');
}
