using KubeSharp.ApiServer.Proxy;

namespace KubeSharp.ApiServer.Tests.Proxy;

public sealed class ProxyLocationTests
{
    private const string Prefix = "/api/v1/namespaces/ns/services/web/proxy";

    [Theory]
    [InlineData("/login", Prefix + "/login")]
    [InlineData("/login/?next=%2Fa#top", Prefix + "/login/?next=%2Fa#top")]
    [InlineData("/", Prefix + "/")]
    [InlineData("/a/../b//c", Prefix + "/b/c")]
    [InlineData("http://10.42.0.7:8080/a?b=1", Prefix + "/a?b=1")]
    [InlineData("https://127.0.0.1:8001/a", "https://127.0.0.1:8001" + Prefix + "/a")]
    [InlineData(Prefix + "/already", Prefix + "/already")]
    [InlineData("https://example.com/elsewhere", "https://example.com/elsewhere")]
    [InlineData("next", "next")]
    [InlineData("../up", "../up")]
    [InlineData("mailto:someone@example.com", "mailto:someone@example.com")]
    public void Redirects_stay_under_the_proxy_path(string location, string expected)
    {
        Assert.Equal(expected, ProxyLocation.Rewrite(location, Prefix, "10.42.0.7:8080", "127.0.0.1:8001"));
    }
}
