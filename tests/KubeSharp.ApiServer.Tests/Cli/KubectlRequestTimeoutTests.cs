namespace KubeSharp.ApiServer.Tests.Cli;

/// <summary>kubectl's --request-timeout reaches the server as ?timeout=, which bounds the request (up to 60 s).</summary>
public sealed class KubectlRequestTimeoutTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_valid_timeout_is_accepted_and_a_malformed_one_is_a_bad_request()
    {
        Assert.Contains("default", await fixture.Kubectl.OkAsync("get namespaces --request-timeout=5s"), StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"NamespaceList\"", await fixture.Kubectl.OkAsync("get --raw /api/v1/namespaces?timeout=90s"), StringComparison.Ordinal);

        var bad = await fixture.Kubectl.RunAsync("get --raw /api/v1/namespaces?timeout=soon");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("invalid timeout specified in the request URL - time: invalid duration \"soon\"", bad.Error, StringComparison.Ordinal);
    }
}
