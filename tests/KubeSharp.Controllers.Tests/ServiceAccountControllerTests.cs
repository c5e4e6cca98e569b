using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests;

/// <summary>Every namespace gets a "default" ServiceAccount, and gets it back when it is deleted.</summary>
public sealed class ServiceAccountControllerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task New_namespaces_get_a_default_service_account_that_comes_back_when_deleted()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("create namespace team");
        await Wait.UntilAsync(async () => (await kubectl.RunAsync("get serviceaccount default -n team")).ExitCode == 0, Patience, "the default service account");
        var original = await kubectl.OkAsync("get serviceaccount default -n team -o jsonpath='{.metadata.uid}'");

        await kubectl.OkAsync("delete serviceaccount default -n team");

        await Wait.UntilAsync(
            async () => await kubectl.RunAsync("get serviceaccount default -n team -o jsonpath='{.metadata.uid}'") is { ExitCode: 0 } result && result.Output != original,
            Patience,
            "the default service account to come back");
        Assert.Equal(0, (await kubectl.RunAsync("get serviceaccount default -n kube-system")).ExitCode);
    }
}
