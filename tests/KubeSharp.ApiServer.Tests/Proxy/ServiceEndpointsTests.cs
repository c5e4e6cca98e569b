using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Proxy;

namespace KubeSharp.ApiServer.Tests.Proxy;

public sealed class ServiceEndpointsTests
{
    private static readonly JsonObject TwoPorts = Json("""
        {"metadata":{"name":"web"},"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"metrics","port":9090}]}}
        """);

    [Theory]
    [InlineData("80", "http")]
    [InlineData("9090", "metrics")]
    [InlineData("metrics", "metrics")]
    [InlineData("", "")]
    public void The_requested_port_becomes_a_service_port_name(string requested, string expected)
    {
        Assert.Equal(expected, ServiceEndpoints.PortName(TwoPorts, requested));
    }

    [Fact]
    public void A_one_port_service_needs_no_port_and_an_unknown_number_is_unavailable()
    {
        var named = Json("""{"metadata":{"name":"one"},"spec":{"ports":[{"name":"http","port":80}]}}""");
        var unnamed = Json("""{"metadata":{"name":"one"},"spec":{"ports":[{"port":80}]}}""");

        var error = Assert.Throws<ApiException>(() => ServiceEndpoints.PortName(TwoPorts, "81"));

        Assert.Equal("http", ServiceEndpoints.PortName(named, string.Empty));
        Assert.Equal(string.Empty, ServiceEndpoints.PortName(unnamed, string.Empty));
        Assert.Equal((503, "no service port 81 found for service \"web\""), ((int)error.Code, error.Message));
    }

    [Fact]
    public void Slices_offer_their_ready_ip_endpoints_at_the_named_ports_target_port()
    {
        JsonObject[] slices =
        [
            Json("""
                {"addressType":"IPv4","ports":[{"name":"http","port":8080,"protocol":"TCP"}],"endpoints":[
                  {"addresses":["10.42.0.5"],"conditions":{"ready":true}},
                  {"addresses":["10.42.0.6"],"conditions":{"ready":false,"serving":true}},
                  {"addresses":["10.42.0.7"]}]}
                """),
            Json("""{"addressType":"FQDN","ports":[{"name":"http","port":8080}],"endpoints":[{"addresses":["example.com"]}]}"""),
            Json("""{"addressType":"IPv4","ports":[{"name":"metrics","port":9090}],"endpoints":[{"addresses":["10.42.0.8"]}]}"""),
        ];

        Assert.Equal("10.42.0.5:8080 10.42.0.7:8080", Text(ServiceEndpoints.FromSlices(slices, "http")));
        Assert.Equal("10.42.0.8:9090", Text(ServiceEndpoints.FromSlices(slices, "metrics")));
        Assert.Empty(ServiceEndpoints.FromSlices(slices, "other"));
    }

    [Fact]
    public void Endpoints_offer_their_ready_addresses_at_the_named_port()
    {
        var endpoints = Json("""
            {"subsets":[{"addresses":[{"ip":"10.42.0.9"}],"notReadyAddresses":[{"ip":"10.42.0.10"}],"ports":[{"port":80}]},
                        {"addresses":[{"ip":"10.42.0.11"}],"ports":[{"name":"admin","port":81}]}]}
            """);

        Assert.Equal("10.42.0.9:80", Text(ServiceEndpoints.FromEndpoints(endpoints, string.Empty)));
        Assert.Equal("10.42.0.11:81", Text(ServiceEndpoints.FromEndpoints(endpoints, "admin")));
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static string Text(List<(string Address, int Port)> candidates) =>
        string.Join(' ', candidates.Select(c => $"{c.Address}:{c.Port}"));
}
