using System.Security.Cryptography.X509Certificates;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Tests.Server;

public sealed class KubeletAuthorizerTests
{
    [Fact]
    public void The_api_servers_kubelet_client_may_do_anything()
    {
        Assert.Null(KubeletAuthorizer.Deny("kube-apiserver-kubelet-client", [], "POST", "/exec/default/web/app"));
    }

    [Fact]
    public void Members_of_system_masters_may_do_anything()
    {
        Assert.Null(KubeletAuthorizer.Deny("system:admin", ["system:authenticated", "system:masters"], "GET", "/containerLogs/default/web/app"));
    }

    [Theory]
    [InlineData("GET", "/containerLogs/default/web/app", "Forbidden (user=alice, verb=get, resource=nodes, subresource=proxy)")]
    [InlineData("POST", "/exec/default/web/app", "Forbidden (user=alice, verb=create, resource=nodes, subresource=proxy)")]
    [InlineData("GET", "/stats/summary", "Forbidden (user=alice, verb=get, resource=nodes, subresource=stats)")]
    [InlineData("GET", "/stats", "Forbidden (user=alice, verb=get, resource=nodes, subresource=stats)")]
    [InlineData("GET", "/statsx", "Forbidden (user=alice, verb=get, resource=nodes, subresource=proxy)")]
    [InlineData("GET", "/metrics/cadvisor", "Forbidden (user=alice, verb=get, resource=nodes, subresource=metrics)")]
    [InlineData("GET", "/logs/syslog", "Forbidden (user=alice, verb=get, resource=nodes, subresource=log)")]
    [InlineData("DELETE", "/healthz", "Forbidden (user=alice, verb=delete, resource=nodes, subresource=proxy)")]
    public void Anyone_else_is_refused_with_upstreams_message(string method, string path, string message)
    {
        Assert.Equal(message, KubeletAuthorizer.Deny("alice", ["developers"], method, path));
    }

    [Fact]
    public void The_user_is_the_common_name_and_the_groups_the_organizations()
    {
        using var certificates = new TestCertificates();
        using var client = certificates.Client("CN=bob, O=system:masters, O=team");

        var (user, groups) = KubeletAuthorizer.Identity(client);

        Assert.Equal("bob", user);
        Assert.Equal(["system:masters", "team"], groups.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_client_certificates_of_the_cluster_ca_are_trusted()
    {
        using var cluster = new TestCertificates();
        using var other = new TestCertificates();
        using var good = cluster.Client("CN=kube-apiserver-kubelet-client");
        using var foreign = other.Client("CN=kube-apiserver-kubelet-client");
        using var serverOnly = cluster.Client("CN=kube-apiserver-kubelet-client", serverAuth: true);
        var authorities = new X509Certificate2Collection(cluster.Authority);

        Assert.True(KubeletServer.IsTrustedClient(good, authorities));
        Assert.False(KubeletServer.IsTrustedClient(foreign, authorities));
        Assert.False(KubeletServer.IsTrustedClient(serverOnly, authorities));
    }
}
