using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Handlers;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Storage;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Tests.Unit;

public sealed class SmallPartsTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(192, "3m12s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(260 * 60, "4h20m")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(51 * 3600, "2d3h")]
    [InlineData(729 * 86400, "729d")]
    [InlineData(740 * 86400, "2y10d")]
    [InlineData(3000 * 86400, "8y")]
    public void Ages_format_as_kubectl_shows_them(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/ns/pods/p/status", "", "v1", "ns", "pods", "p", "status")]
    [InlineData("/api/v1/namespaces/ns", "", "v1", null, "namespaces", "ns", null)]
    [InlineData("/api/v1/namespaces/ns/finalize", "", "v1", null, "namespaces", "ns", "finalize")]
    [InlineData("/apis/apps/v1/namespaces/ns/deployments", "apps", "v1", "ns", "deployments", null, null)]
    [InlineData("/apis/apps/v1/watch/namespaces/ns/deployments/d", "apps", "v1", "ns", "deployments", "d", null)]
    [InlineData("/api/v1/nodes/n1", "", "v1", null, "nodes", "n1", null)]
    public void Paths_are_taken_apart_as_upstream(string path, string group, string version, string? ns, string resource, string? name, string? subresource)
    {
        var info = RequestInfo.Parse(path)!;

        Assert.Equal((group, version, ns, resource, name, subresource), (info.Group, info.Version, info.Namespace, info.Resource, info.Name, info.Subresource));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis/apps")]
    [InlineData("/healthz")]
    [InlineData("/api/v1/namespaces/ns/pods/p/status/extra")]
    public void Non_resource_paths_are_not_resource_requests(string path)
    {
        Assert.Null(RequestInfo.Parse(path));
    }

    [Fact]
    public void Continue_tokens_round_trip_and_garbage_is_a_400()
    {
        var token = new ContinueToken(42, "/registry/pods/ns/p");

        Assert.Equal(token, ContinueToken.Decode(token.Encode()));
        Assert.Throws<Api.Errors.ApiException>(() => ContinueToken.Decode("not a token"));
    }

    [Theory]
    [InlineData("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}", "{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"7\",\"name\":\"p\"}}")]
    [InlineData("{\"metadata\":{},\"spec\":{\"metadata\":{}}}", "{\"metadata\":{\"resourceVersion\":\"7\"},\"spec\":{\"metadata\":{}}}")]
    [InlineData("{\"spec\":{\"metadata\":{\"x\":1}},\"metadata\":{\"name\":\"n\"}}", "{\"spec\":{\"metadata\":{\"x\":1}},\"metadata\":{\"resourceVersion\":\"7\",\"name\":\"n\"}}")]
    public void The_resource_version_is_spliced_into_the_top_level_metadata(string stored, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(ObjectCodec.WithResourceVersion(Encoding.UTF8.GetBytes(stored), 7)));
    }

    [Fact]
    public void Stored_objects_carry_no_resource_version()
    {
        var item = (JsonObject)JsonNode.Parse("{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"5\"}}")!;

        var stored = Encoding.UTF8.GetString(ObjectCodec.Encode(item));

        Assert.Equal("{\"metadata\":{\"name\":\"p\"}}", stored);
        Assert.Equal("5", item["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json", "v2")]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", "v2beta1")]
    [InlineData("application/json", null)]
    [InlineData(null, null)]
    public void Aggregated_discovery_is_chosen_from_the_accept_header(string? accept, string? expected)
    {
        Assert.Equal(expected, MediaTypes.AggregatedDiscoveryVersion(accept));
    }

    [Fact]
    public void Service_networks_know_their_addresses()
    {
        var network = ServiceNetwork.Parse("10.43.0.0/16");

        Assert.Equal("10.43.0.1", network.Address(1).ToString());
        Assert.True(network.Contains(System.Net.IPAddress.Parse("10.43.255.254")));
        Assert.False(network.Contains(System.Net.IPAddress.Parse("10.44.0.1")));
        Assert.Throws<ArgumentException>(() => ServiceNetwork.Parse("10.43.0.0"));
    }
}
