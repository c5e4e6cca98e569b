using k8s.Models;
using KubeSharp.Kubelet.Network;

namespace KubeSharp.Kubelet.Tests.Network;

public sealed class PodDnsTests
{
    private static readonly PodDnsOptions Options = new() { ClusterDns = ["10.43.0.10"], ClusterDomain = "cluster.local" };

    private static readonly ResolvConf Host = new(["10.255.255.53", "192.0.2.53"], ["corp.example", "lab.example"], ["edns0"]);

    [Fact]
    public void Cluster_first_uses_the_cluster_dns_and_cluster_search_domains_before_the_nodes()
    {
        var dns = PodDns.Configure(Pod("ClusterFirst"), Options, Host);

        Assert.Equal(["10.43.0.10"], dns.Servers.AsEnumerable());
        Assert.Equal(
            ["team.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "lab.example"],
            dns.Searches.AsEnumerable());
        Assert.Equal(["ndots:5"], dns.Options.AsEnumerable());
    }

    [Fact]
    public void A_pod_without_a_policy_is_cluster_first()
    {
        var dns = PodDns.Configure(Pod(null), Options, Host);

        Assert.Equal(["10.43.0.10"], dns.Servers.AsEnumerable());
    }

    [Fact]
    public void A_host_network_pod_with_cluster_first_gets_the_nodes_dns()
    {
        var dns = PodDns.Configure(Pod("ClusterFirst", hostNetwork: true), Options, Host);

        Assert.Equal(["10.255.255.53", "192.0.2.53"], dns.Servers.AsEnumerable());
        Assert.Equal(["corp.example", "lab.example"], dns.Searches.AsEnumerable());
        Assert.Equal(["edns0"], dns.Options.AsEnumerable());
    }

    [Fact]
    public void Cluster_first_with_host_net_keeps_the_cluster_dns_on_the_host_network()
    {
        var dns = PodDns.Configure(Pod("ClusterFirstWithHostNet", hostNetwork: true), Options, Host);

        Assert.Equal(["10.43.0.10"], dns.Servers.AsEnumerable());
        Assert.Equal("team.svc.cluster.local", dns.Searches[0]);
    }

    [Fact]
    public void Default_is_the_nodes_resolv_conf()
    {
        var dns = PodDns.Configure(Pod("Default"), Options, Host);

        Assert.Equal(["10.255.255.53", "192.0.2.53"], dns.Servers.AsEnumerable());
        Assert.Equal(["corp.example", "lab.example"], dns.Searches.AsEnumerable());
        Assert.Equal(["edns0"], dns.Options.AsEnumerable());
    }

    [Fact]
    public void Default_without_a_resolv_conf_points_at_the_local_resolver()
    {
        var dns = PodDns.Configure(Pod("Default"), Options, null);

        Assert.Equal(["127.0.0.1"], dns.Servers.AsEnumerable());
        Assert.Equal(["."], dns.Searches.AsEnumerable());
        Assert.Empty(dns.Options);
    }

    [Fact]
    public void Without_a_cluster_dns_cluster_first_falls_back_to_default()
    {
        var dns = PodDns.Configure(Pod("ClusterFirst"), Options with { ClusterDns = [] }, Host);

        Assert.Equal(["10.255.255.53", "192.0.2.53"], dns.Servers.AsEnumerable());
    }

    [Fact]
    public void Without_a_cluster_domain_only_the_nodes_search_domains_are_used()
    {
        var dns = PodDns.Configure(Pod("ClusterFirst"), Options with { ClusterDomain = "" }, Host);

        Assert.Equal(["corp.example", "lab.example"], dns.Searches.AsEnumerable());
    }

    [Fact]
    public void None_has_only_the_pods_dns_config()
    {
        var pod = Pod("None");
        pod.Spec.DnsConfig = new V1PodDNSConfig
        {
            Nameservers = ["1.2.3.4"],
            Searches = ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"],
            Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "2" }, new V1PodDNSConfigOption { Name = "edns0" }],
        };

        var dns = PodDns.Configure(pod, Options, Host);

        Assert.Equal(["1.2.3.4"], dns.Servers.AsEnumerable());
        Assert.Equal(["ns1.svc.cluster-domain.example", "my.dns.search.suffix"], dns.Searches.AsEnumerable());
        Assert.Equal(["ndots:2", "edns0"], dns.Options.AsEnumerable());
    }

    [Fact]
    public void A_dns_config_is_appended_without_repeats_and_its_options_override()
    {
        var pod = Pod("ClusterFirst");
        pod.Spec.DnsConfig = new V1PodDNSConfig
        {
            Nameservers = ["10.43.0.10", "1.2.3.4"],
            Searches = ["cluster.local", "extra.example"],
            Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "1" }, new V1PodDNSConfigOption { Name = "single-request" }],
        };

        var dns = PodDns.Configure(pod, Options, Host);

        Assert.Equal(["10.43.0.10", "1.2.3.4"], dns.Servers.AsEnumerable());
        Assert.Equal(
            ["team.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "lab.example", "extra.example"],
            dns.Searches.AsEnumerable());
        Assert.Equal(["ndots:1", "single-request"], dns.Options.AsEnumerable());
    }

    [Fact]
    public void At_most_three_nameservers_are_kept()
    {
        var pod = Pod("Default");
        pod.Spec.DnsConfig = new V1PodDNSConfig { Nameservers = ["1.1.1.1", "8.8.8.8"] };

        var dns = PodDns.Configure(pod, Options, Host);

        Assert.Equal(["10.255.255.53", "192.0.2.53", "1.1.1.1"], dns.Servers.AsEnumerable());
    }

    [Fact]
    public void Search_domains_are_cut_to_upstreams_limits()
    {
        var many = Enumerable.Range(0, 40).Select(i => $"d{i}.example").ToList();
        Assert.Equal(PodDns.MaxSearches, PodDns.FitSearches(many).Count);

        var tooLong = new string('a', 254);
        Assert.Equal(["ok.example"], PodDns.FitSearches([tooLong, "ok.example"]));

        // Nine 250-character domains are 2258 characters joined: the last one goes.
        var wide = Enumerable.Range(0, 9).Select(i => new string((char)('a' + i), 250)).ToList();
        var fitted = PodDns.FitSearches(wide);
        Assert.Equal(8, fitted.Count);
        Assert.True(string.Join(' ', fitted).Length <= PodDns.MaxSearchListChars);
    }

    [Fact]
    public void The_nodes_resolv_conf_is_read_from_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "kubesharp-resolv-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "nameserver 192.0.2.1\nsearch home.example\n");
        try
        {
            var dns = PodDns.Configure(Pod("ClusterFirst"), Options with { HostResolvConf = path });

            Assert.Equal(["10.43.0.10"], dns.Servers.AsEnumerable());
            Assert.Equal("home.example", dns.Searches[^1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void None_does_not_need_a_resolv_conf()
    {
        var dns = PodDns.Configure(Pod("None"), Options with { HostResolvConf = "/nonexistent/resolv.conf" });

        Assert.Empty(dns.Servers);
        Assert.Empty(dns.Searches);
    }

    private static V1Pod Pod(string? policy, bool hostNetwork = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "team" },
        Spec = new V1PodSpec { DnsPolicy = policy, HostNetwork = hostNetwork, Containers = [] },
    };
}
