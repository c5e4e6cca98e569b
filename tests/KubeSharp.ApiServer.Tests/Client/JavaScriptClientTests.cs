using System.Diagnostics;

namespace KubeSharp.ApiServer.Tests.Client;

/// <summary>The official JavaScript client (@kubernetes/client-node 1.4.0, installed by ./test.sh) creating and patching an object.</summary>
public sealed class JavaScriptClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Creates_and_patches_a_config_map_with_every_patch_kind()
    {
        var ns = await fixture.NamespaceAsync();
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../js/crud.mjs"));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules/@kubernetes/client-node/package.json")),
            "tests/js/node_modules is missing: ./test.sh installs it with npm");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(ns);
        info.Environment["KUBECONFIG"] = fixture.Server.Kubeconfig;

        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(node.ExitCode == 0, await error);
        Assert.Equal("{\"data\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\"},\"labels\":{\"client\":\"js\"}}", (await output).Trim());
    }
}
