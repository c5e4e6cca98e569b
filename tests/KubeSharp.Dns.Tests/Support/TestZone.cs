using System.Net;
using k8s.Models;
using KubeSharp.Dns.Records;
using KubeSharp.Dns.Server;
using KubeSharp.Dns.Wire;
using static KubeSharp.Dns.Tests.Support.TestObjects;

namespace KubeSharp.Dns.Tests.Support;

/// <summary>
/// A small cluster for the resolver tests, and a way to ask it questions through the query handler
/// with hand-encoded queries and a parser of the tests' own.
/// </summary>
internal static class TestZone
{
    public const uint Serial = 1_700_000_000;

    public static readonly DnsOptions Options = new()
    {
        Listen = [new IPEndPoint(IPAddress.Loopback, 0)],
        DnsServiceIp = "10.43.0.10",
    };

    /// <summary>
    /// default/echo: ClusterIP 10.43.0.20, ports http 80/TCP, dns 53/UDP and an unnamed 8080/TCP, two ready endpoints.
    /// default/dual: ClusterIPs 10.43.0.30 and fd00:43::30.
    /// default/web: headless; web-0 (10.42.0.10) and web-1 (10.42.0.11) ready with hostnames, 10.42.0.12 ready
    /// without one, 10.42.0.13 unset (counts as ready), 10.42.0.14 not ready; port http 8080/TCP.
    /// default/web6: headless, one IPv6 endpoint fd00:42::5 without a hostname.
    /// default/loose: headless with publishNotReadyAddresses, its one endpoint not ready.
    /// default/empty: headless without ready endpoints.
    /// default/external: ExternalName www.example.com; default/alias: ExternalName echo.default.svc.cluster.local.
    /// Namespaces default and quiet (no Services).
    /// </summary>
    public static ZoneSnapshot Build(DnsOptions? options = null)
    {
        V1Service[] services =
        [
            ClusterIp("default", "echo", ["10.43.0.20"], Port("http", 80), Port("dns", 53, "UDP"), Port(null, 8080)),
            ClusterIp("default", "dual", ["10.43.0.30", "fd00:43::30"], Port("http", 80)),
            Headless("default", "web", false, Port("http", 80)),
            Headless("default", "web6", false, Port("http", 80)),
            Headless("default", "loose", true, Port("http", 80)),
            Headless("default", "empty", false, Port("http", 80)),
            ExternalName("default", "external", "www.example.com"),
            ExternalName("default", "alias", "echo.default.svc.cluster.local"),
        ];
        V1EndpointSlice[] slices =
        [
            Slice("default", "echo", "echo-abc", "IPv4", [Endpoint("10.42.0.2"), Endpoint("10.42.0.3")], SlicePort("http", 8080)),
            Slice(
                "default",
                "web",
                "web-abc",
                "IPv4",
                [
                    Endpoint("10.42.0.10", hostname: "web-0"),
                    Endpoint("10.42.0.11", hostname: "web-1"),
                    Endpoint("10.42.0.12"),
                    Endpoint("10.42.0.13", ready: null),
                    Endpoint("10.42.0.14", ready: false, hostname: "web-4"),
                ],
                SlicePort("http", 8080)),
            Slice("default", "web6", "web6-abc", "IPv6", [Endpoint("fd00:42::5")], SlicePort("http", 8080)),
            Slice("default", "loose", "loose-abc", "IPv4", [Endpoint("10.42.0.20", ready: false)], SlicePort("http", 8080)),
            Slice("default", "empty", "empty-abc", "IPv4", [Endpoint("10.42.0.30", ready: false)], SlicePort("http", 8080)),
        ];
        return ZoneSnapshotBuilder.Build(options ?? Options, services, slices, ["default", "quiet"], Serial);
    }

    /// <summary>Asks <paramref name="zone"/> through a query handler; null when no reply is sent.</summary>
    public static TestReply Ask(ZoneSnapshot zone, string name, RecordType type, ushort? payloadSize = null, bool tcp = false) =>
        Send(zone, TestQueries.Build(name, type, payloadSize), tcp) ?? throw new InvalidOperationException("no reply");

    public static TestReply? Send(ZoneSnapshot zone, byte[] query, bool tcp = false)
    {
        var handler = new QueryHandler(new FixedSnapshot(zone), forwarding: false);
        var response = new byte[QueryHandler.MaxTcpMessage];
        var result = handler.Handle(query, response, tcp, new CompressionTable());
        return result.Length == 0 ? null : TestReply.Parse(response.AsSpan(0, result.Length));
    }
}
