using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Tests.Server;

public sealed class KubeletRouteTests
{
    [Fact]
    public void Upstreams_paths_are_recognised()
    {
        Assert.Equal(new KubeletRoute(KubeletEndpoint.Healthz), KubeletRoute.Parse("/healthz"));
        Assert.Equal(new KubeletRoute(KubeletEndpoint.StatsSummary), KubeletRoute.Parse("/stats/summary"));
        Assert.Equal(new KubeletRoute(KubeletEndpoint.ContainerLogs, "ns", "web", null, "app"), KubeletRoute.Parse("/containerLogs/ns/web/app"));
        Assert.Equal(new KubeletRoute(KubeletEndpoint.Exec, "ns", "web", null, "app"), KubeletRoute.Parse("/exec/ns/web/app"));
        Assert.Equal(new KubeletRoute(KubeletEndpoint.Exec, "ns", "web", "uid-1", "app"), KubeletRoute.Parse("/exec/ns/web/uid-1/app"));
        Assert.Equal(new KubeletRoute(KubeletEndpoint.Attach, "ns", "web", null, "app"), KubeletRoute.Parse("/attach/ns/web/app"));
        Assert.Equal(new KubeletRoute(KubeletEndpoint.PortForward, "ns", "web"), KubeletRoute.Parse("/portForward/ns/web"));
        Assert.Equal(new KubeletRoute(KubeletEndpoint.PortForward, "ns", "web", "uid-1"), KubeletRoute.Parse("/portForward/ns/web/uid-1"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/containerLogs/ns/web")]
    [InlineData("/stats")]
    [InlineData("/stats/summary/extra")]
    [InlineData("/run/ns/web/app")]
    public void Other_paths_have_no_endpoint(string path)
    {
        Assert.Equal(KubeletEndpoint.None, KubeletRoute.Parse(path).Endpoint);
    }

    [Fact]
    public void Streams_take_get_and_post_logs_and_stats_only_get()
    {
        Assert.True(KubeletRoute.Parse("/exec/ns/web/app").Accepts("POST"));
        Assert.True(KubeletRoute.Parse("/portForward/ns/web").Accepts("GET"));
        Assert.False(KubeletRoute.Parse("/containerLogs/ns/web/app").Accepts("POST"));
        Assert.False(KubeletRoute.Parse("/stats/summary").Accepts("DELETE"));
    }
}
