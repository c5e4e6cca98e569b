using k8s.Models;
using KubeSharp.Proxy.Services;
using KubeSharp.Proxy.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static KubeSharp.Proxy.Tests.Fakes.Objects;

namespace KubeSharp.Proxy.Tests;

public sealed class ProxierTests
{
    private const string Svc = "svc-SUSTUHLJ5NERIIXD-default/web/tcp/http";
    private const string Ext = "ext-SUSTUHLJ5NERIIXD-default/web/tcp/http";

    /// <summary>The full sync of one Service with two endpoints (checked with <c>nft -c -f</c>, nft 1.0.6); 4 spaces stand for a tab.</summary>
    private static readonly string FullScriptOfWeb = $$"""
        add table ip kubesharp
        delete table ip kubesharp
        table ip kubesharp {
            map service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }
            map service-nodeports { type inet_proto . inet_service : verdict ; }
            map no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; }
            map no-endpoint-nodeports { type inet_proto . inet_service : verdict ; }
            set hairpin { type ipv4_addr . ipv4_addr ; }
            chain nat-prerouting {
                type nat hook prerouting priority dstnat; policy accept;
                jump services
            }
            chain nat-output {
                type nat hook output priority -100; policy accept;
                jump services
            }
            chain nat-postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                jump masquerading
            }
            chain masquerading {
                ip saddr . ip daddr @hairpin masquerade
                meta mark & 0x4000 == 0 return
                meta mark set meta mark ^ 0x4000
                masquerade fully-random
            }
            chain services {
                ip daddr . meta l4proto . th dport vmap @service-ips
                fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports
            }
            chain filter-input {
                type filter hook input priority -110; policy accept;
                ct state new jump nodeport-endpoints-check
                ct state new jump service-endpoints-check
            }
            chain filter-forward {
                type filter hook forward priority -110; policy accept;
                ct state new jump service-endpoints-check
            }
            chain filter-output {
                type filter hook output priority -110; policy accept;
                ct state new jump service-endpoints-check
            }
            chain service-endpoints-check {
                ip daddr . meta l4proto . th dport vmap @no-endpoint-services
            }
            chain nodeport-endpoints-check {
                fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports
            }
            chain reject-chain {
                reject
            }
            chain {{Svc}} {
                numgen inc mod 2 0 meta l4proto tcp dnat to 10.42.0.5:8080
                meta l4proto tcp dnat to 10.42.1.5:8080
            }
        }
        add element ip kubesharp service-ips { 10.43.0.10 . tcp . 80 : goto {{Svc}} }
        add element ip kubesharp hairpin { 10.42.0.5 . 10.42.0.5, 10.42.1.5 . 10.42.1.5 }

        """.Replace("    ", "\t", StringComparison.Ordinal);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingNft _nft = new();
    private readonly Proxier _proxier;

    public ProxierTests() => _proxier = new Proxier(Options(), _nft, _time, NullLogger.Instance);

    [Fact]
    public async Task The_first_sync_replaces_the_whole_table()
    {
        _proxier.OnServiceChanged(null, WebService());
        _proxier.OnEndpointSliceChanged(null, WebSlice(1, "10.42.0.5", "10.42.1.5"));

        var result = await _proxier.SyncAsync(CancellationToken.None);

        Assert.Equal(FullScriptOfWeb, Assert.Single(_nft.Scripts));
        Assert.NotNull(result);
        Assert.True(result.Full);
        Assert.Equal(1, result.ServicePorts);
        Assert.Equal(40, result.Commands);
        Assert.False(_proxier.HasPendingChanges);
    }

    [Fact]
    public async Task An_endpoint_change_sends_only_that_services_commands()
    {
        _proxier.OnServiceChanged(null, WebService());
        _proxier.OnServiceChanged(null, Service("api", "10.43.0.11", Port(null, 443)));
        _proxier.OnEndpointSliceChanged(null, WebSlice(1, "10.42.0.5", "10.42.1.5"));
        _proxier.OnEndpointSliceChanged(null, Slice("api", "api-abc", [Endpoint("10.42.0.9")], SlicePort(null, 8443)));
        await _proxier.SyncAsync(CancellationToken.None);

        _proxier.OnEndpointSliceChanged(WebSlice(1, "10.42.0.5", "10.42.1.5"), WebSlice(2, "10.42.0.5", "10.42.1.5", "10.42.2.5"));
        var result = await _proxier.SyncAsync(CancellationToken.None);

        Assert.Equal(
            $$"""
            flush chain ip kubesharp {{Svc}}
            add rule ip kubesharp {{Svc}} numgen inc mod 3 0 meta l4proto tcp dnat to 10.42.0.5:8080
            add rule ip kubesharp {{Svc}} numgen inc mod 2 0 meta l4proto tcp dnat to 10.42.1.5:8080
            add rule ip kubesharp {{Svc}} meta l4proto tcp dnat to 10.42.2.5:8080
            add element ip kubesharp hairpin { 10.42.2.5 . 10.42.2.5 }

            """,
            _nft.Scripts[1]);
        Assert.NotNull(result);
        Assert.False(result.Full);
        Assert.Equal(5, result.Commands);
        Assert.Equal(2, result.ServicePorts);
    }

    [Fact]
    public async Task Deleting_a_service_deletes_its_elements_before_its_chains()
    {
        var service = WebService(nodePort: 30080);
        service.Spec.Type = "NodePort";
        _proxier.OnServiceChanged(null, service);
        _proxier.OnEndpointSliceChanged(null, WebSlice(1, "10.42.0.5", "10.42.1.5"));
        await _proxier.SyncAsync(CancellationToken.None);

        _proxier.OnServiceChanged(service, null);
        var result = await _proxier.SyncAsync(CancellationToken.None);

        Assert.Equal(
            $$"""
            delete element ip kubesharp service-ips { 10.43.0.10 . tcp . 80 }
            delete element ip kubesharp service-nodeports { tcp . 30080 }
            delete element ip kubesharp hairpin { 10.42.0.5 . 10.42.0.5 }
            delete element ip kubesharp hairpin { 10.42.1.5 . 10.42.1.5 }
            flush chain ip kubesharp {{Svc}}
            flush chain ip kubesharp {{Ext}}
            delete chain ip kubesharp {{Svc}}
            delete chain ip kubesharp {{Ext}}

            """,
            _nft.Scripts[1]);
        Assert.Equal(0, result!.ServicePorts);
    }

    [Fact]
    public async Task A_hairpin_element_stays_while_any_service_uses_its_ip()
    {
        _proxier.OnServiceChanged(null, WebService());
        _proxier.OnServiceChanged(null, Service("api", "10.43.0.11", Port(null, 443)));
        _proxier.OnEndpointSliceChanged(null, WebSlice(1, "10.42.0.5", "10.42.1.5"));
        _proxier.OnEndpointSliceChanged(null, Slice("api", "api-abc", [Endpoint("10.42.0.5")], SlicePort(null, 8443)));
        await _proxier.SyncAsync(CancellationToken.None);
        Assert.EndsWith("add element ip kubesharp hairpin { 10.42.0.5 . 10.42.0.5, 10.42.1.5 . 10.42.1.5 }\n", _nft.Scripts[0], StringComparison.Ordinal);

        _proxier.OnServiceChanged(WebService(), null);
        await _proxier.SyncAsync(CancellationToken.None);
        _proxier.OnServiceChanged(Service("api", "10.43.0.11", Port(null, 443)), null);
        await _proxier.SyncAsync(CancellationToken.None);

        Assert.Equal(["delete element ip kubesharp hairpin { 10.42.1.5 . 10.42.1.5 }"], HairpinLines(_nft.Scripts[1]));
        Assert.Equal(["delete element ip kubesharp hairpin { 10.42.0.5 . 10.42.0.5 }"], HairpinLines(_nft.Scripts[2]));
    }

    [Fact]
    public async Task Affinity_sets_come_and_go_with_their_endpoints()
    {
        _proxier.OnServiceChanged(null, StickyWebService(60));
        _proxier.OnEndpointSliceChanged(null, WebSlice(1, "10.42.0.5", "10.42.1.5"));
        await _proxier.SyncAsync(CancellationToken.None);
        Assert.Contains($"\tset {Affinity("10.42.1.5")} {{ type ipv4_addr ; flags dynamic,timeout ; timeout 60s ; }}\n", _nft.Scripts[0], StringComparison.Ordinal);

        _proxier.OnEndpointSliceChanged(WebSlice(1, "10.42.0.5", "10.42.1.5"), WebSlice(2, "10.42.0.5"));
        await _proxier.SyncAsync(CancellationToken.None);

        var kept = Affinity("10.42.0.5");
        Assert.Equal(
            $$"""
            delete element ip kubesharp hairpin { 10.42.1.5 . 10.42.1.5 }
            flush chain ip kubesharp {{Svc}}
            delete set ip kubesharp {{Affinity("10.42.1.5")}}
            add rule ip kubesharp {{Svc}} ip saddr @{{kept}} update @{{kept}} { ip saddr } meta l4proto tcp dnat to 10.42.0.5:8080
            add rule ip kubesharp {{Svc}} update @{{kept}} { ip saddr } meta l4proto tcp dnat to 10.42.0.5:8080

            """,
            _nft.Scripts[1]);
    }

    [Fact]
    public async Task A_new_affinity_timeout_recreates_the_sets_after_flushing_their_chain()
    {
        _proxier.OnServiceChanged(null, StickyWebService(60));
        _proxier.OnEndpointSliceChanged(null, WebSlice(1, "10.42.0.5"));
        await _proxier.SyncAsync(CancellationToken.None);

        _proxier.OnServiceChanged(StickyWebService(60), Objects.Version(StickyWebService(120), 2));
        await _proxier.SyncAsync(CancellationToken.None);

        var set = Affinity("10.42.0.5");
        Assert.Equal(
            [
                $"flush chain ip kubesharp {Svc}",
                $"delete set ip kubesharp {set}",
                $"add set ip kubesharp {set} {{ type ipv4_addr ; flags dynamic,timeout ; timeout 120s ; }}",
                $"add rule ip kubesharp {Svc} ip saddr @{set} update @{set} {{ ip saddr }} meta l4proto tcp dnat to 10.42.0.5:8080",
                $"add rule ip kubesharp {Svc} update @{set} {{ ip saddr }} meta l4proto tcp dnat to 10.42.0.5:8080",
                string.Empty,
            ],
            _nft.Scripts[1].Split('\n').ToList());
    }

    [Fact]
    public async Task A_change_that_changes_no_rule_runs_no_nft()
    {
        var service = WebService();
        _proxier.OnServiceChanged(null, service);
        await _proxier.SyncAsync(CancellationToken.None);

        _proxier.OnServiceChanged(service, service);
        Assert.False(_proxier.HasPendingChanges);
        Assert.Null(await _proxier.SyncAsync(CancellationToken.None));

        _proxier.OnServiceChanged(service, Objects.Version(WebService(), 2));
        Assert.True(_proxier.HasPendingChanges);
        Assert.Null(await _proxier.SyncAsync(CancellationToken.None));

        Assert.Single(_nft.Scripts);
        Assert.False(_proxier.HasPendingChanges);
    }

    [Fact]
    public async Task After_a_failed_sync_the_next_one_rebuilds_the_table()
    {
        _proxier.OnServiceChanged(null, WebService());
        _proxier.OnEndpointSliceChanged(null, WebSlice(1, "10.42.0.5"));
        await _proxier.SyncAsync(CancellationToken.None);
        _nft.FailNext = "Error: Could not process rule: No such file or directory";

        _proxier.OnEndpointSliceChanged(WebSlice(1, "10.42.0.5"), WebSlice(2, "10.42.0.6"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _proxier.SyncAsync(CancellationToken.None));
        Assert.True(_proxier.HasPendingChanges);
        var result = await _proxier.SyncAsync(CancellationToken.None);

        Assert.True(result!.Full);
        Assert.StartsWith("add table ip kubesharp\ndelete table ip kubesharp\ntable ip kubesharp {\n", _nft.Scripts[2], StringComparison.Ordinal);
        Assert.Contains("\t\tmeta l4proto tcp dnat to 10.42.0.6:8080\n", _nft.Scripts[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_two_services_claim_goes_to_the_second_when_the_first_lets_go()
    {
        var one = Service("one", "10.43.0.21", Port("http", 80));
        one.Spec.ExternalIPs = ["203.0.113.7"];
        var two = Service("two", "10.43.0.22", Port("http", 80));
        two.Spec.ExternalIPs = ["203.0.113.7"];
        var oneExt = "ext-" + ServicePortId.For("default", "one", "tcp", "http");
        var twoExt = "ext-" + ServicePortId.For("default", "two", "tcp", "http");
        _proxier.OnServiceChanged(null, one);
        _proxier.OnServiceChanged(null, two);
        _proxier.OnEndpointSliceChanged(null, Slice("one", "one-abc", [Endpoint("10.42.0.5")], SlicePort("http", 8080)));
        _proxier.OnEndpointSliceChanged(null, Slice("two", "two-abc", [Endpoint("10.42.0.6")], SlicePort("http", 8080)));
        await _proxier.SyncAsync(CancellationToken.None);
        Assert.Contains($"203.0.113.7 . tcp . 80 : goto {oneExt}", _nft.Scripts[0], StringComparison.Ordinal);
        Assert.DoesNotContain($"203.0.113.7 . tcp . 80 : goto {twoExt}", _nft.Scripts[0], StringComparison.Ordinal);

        _proxier.OnServiceChanged(one, null);
        await _proxier.SyncAsync(CancellationToken.None);

        var lines = _nft.Scripts[1].Split('\n');
        var deleted = Array.IndexOf(lines, "delete element ip kubesharp service-ips { 203.0.113.7 . tcp . 80 }");
        var added = Array.IndexOf(lines, $"add element ip kubesharp service-ips {{ 203.0.113.7 . tcp . 80 : goto {twoExt} }}");
        Assert.InRange(deleted, 0, added - 1);
    }

    [Fact]
    public async Task A_slice_whose_service_label_changes_moves_to_the_other_service()
    {
        _proxier.OnServiceChanged(null, WebService());
        _proxier.OnServiceChanged(null, Service("api", "10.43.0.11", Port("http", 443)));
        var slice = WebSlice(1, "10.42.0.5");
        _proxier.OnEndpointSliceChanged(null, slice);
        await _proxier.SyncAsync(CancellationToken.None);

        var moved = WebSlice(2, "10.42.0.5");
        moved.Metadata.Labels["kubernetes.io/service-name"] = "api";
        _proxier.OnEndpointSliceChanged(slice, moved);
        await _proxier.SyncAsync(CancellationToken.None);

        var api = "svc-" + ServicePortId.For("default", "api", "tcp", "http");
        Assert.Contains($"delete element ip kubesharp service-ips {{ 10.43.0.10 . tcp . 80 }}\n", _nft.Scripts[1], StringComparison.Ordinal);
        Assert.Contains($"add element ip kubesharp no-endpoint-services {{ 10.43.0.10 . tcp . 80 : goto reject-chain }}\n", _nft.Scripts[1], StringComparison.Ordinal);
        Assert.Contains($"add element ip kubesharp service-ips {{ 10.43.0.11 . tcp . 443 : goto {api} }}\n", _nft.Scripts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_balancer_ips_and_health_check_ports_follow_the_applied_services()
    {
        var service = WebService(nodePort: 30080);
        service.Spec.Type = "LoadBalancer";
        service.Spec.ExternalTrafficPolicy = "Local";
        service.Spec.HealthCheckNodePort = 32000;
        service.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "192.0.2.10" }] } };
        _proxier.OnServiceChanged(null, service);
        _proxier.OnEndpointSliceChanged(null, Slice("web", "web-abc", [Endpoint("10.42.0.5", ThisNode)], SlicePort("http", 8080)));
        await _proxier.SyncAsync(CancellationToken.None);

        Assert.Equal("192.0.2.10", Assert.Single(_proxier.LoadBalancerIps()));
        var target = Assert.Single(_proxier.HealthCheckTargets());
        Assert.Equal(32000, target.Key);
        Assert.Equal(1, target.Value.LocalEndpoints);

        _proxier.OnServiceChanged(service, null);
        await _proxier.SyncAsync(CancellationToken.None);

        Assert.Empty(_proxier.LoadBalancerIps());
        Assert.Empty(_proxier.HealthCheckTargets());
    }

    [Fact]
    public async Task Network_programming_latency_runs_from_the_slices_trigger_time_to_the_end_of_the_sync()
    {
        _proxier.OnServiceChanged(null, WebService());
        await _proxier.SyncAsync(CancellationToken.None);
        var slice = WebSlice(1, "10.42.0.5");
        slice.Metadata.Annotations = new Dictionary<string, string> { ["endpoints.kubernetes.io/last-change-trigger-time"] = "2025-01-01T00:00:01Z" };
        _proxier.OnEndpointSliceChanged(null, slice);
        _time.Advance(TimeSpan.FromSeconds(3));

        await _proxier.SyncAsync(CancellationToken.None);

        var metrics = _proxier.Metrics.Render();
        Assert.Contains("kubeproxy_network_programming_duration_seconds_bucket{le=\"1\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_network_programming_duration_seconds_bucket{le=\"2\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_network_programming_duration_seconds_count 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_proxy_rules_last_timestamp_seconds 1735689603\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_table_tolerates_a_missing_one()
    {
        _nft.FailNext = "Error: Could not process rule: No such file or directory";
        await _proxier.DeleteTableAsync(CancellationToken.None);
        _nft.FailNext = "Error: Operation not permitted";

        await Assert.ThrowsAsync<InvalidOperationException>(() => _proxier.DeleteTableAsync(CancellationToken.None));
        Assert.Equal("delete table ip kubesharp\n", _nft.Scripts[0]);
    }

    private static V1Service WebService(int? nodePort = null) => Service("web", "10.43.0.10", Port("http", 80, nodePort: nodePort));

    private static V1Service StickyWebService(int timeoutSeconds)
    {
        var service = WebService();
        service.Spec.SessionAffinity = "ClientIP";
        service.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = timeoutSeconds } };
        return service;
    }

    private static string Affinity(string ip) => $"aff-SUSTUHLJ5NERIIXD-default/web/tcp/http-{ip}-8080";

    private static V1EndpointSlice WebSlice(int version, params string[] ips) =>
        Objects.Version(Slice("web", "web-abc", [.. ips.Select(ip => Endpoint(ip, ip == "10.42.0.5" ? ThisNode : OtherNode))], SlicePort("http", 8080)), version);

    private static List<string> HairpinLines(string script) =>
        [.. script.Split('\n').Where(line => line.Contains(" hairpin ", StringComparison.Ordinal))];
}
