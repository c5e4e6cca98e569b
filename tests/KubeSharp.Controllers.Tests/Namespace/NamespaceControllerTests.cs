using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.Namespace;

/// <summary>kubectl delete namespace against a real server: everything in it goes, then the namespace.</summary>
public sealed class NamespaceControllerTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deleting_a_namespace_empties_it_and_then_removes_it()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("create namespace doomed");
        await kubectl.OkAsync("create deployment web -n doomed --image=nginx:1.25");
        await kubectl.OkAsync("create configmap settings -n doomed --from-literal=a=b");
        await kubectl.OkAsync("create service clusterip web -n doomed --tcp=80:8080");
        await kubectl.OkAsync("apply -n doomed -f -", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: 'localhost/busybox:1.35'}]}\n");

        var deleted = await kubectl.RunAsync("delete namespace doomed --wait=true --timeout=60s", timeout: TimeSpan.FromSeconds(90));

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var namespaces = await kubectl.OkAsync("get namespaces -o name");
        Assert.DoesNotContain("namespace/doomed", namespaces, StringComparison.Ordinal);
        var leftovers = await kubectl.RunAsync("get all,configmaps -n doomed -o name");
        Assert.Equal(string.Empty, leftovers.Output.Trim());
    }

    [Fact]
    public async Task Objects_cannot_be_created_in_a_terminating_namespace()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("create namespace held");

        // A finalizer of our own holds the namespace in Terminating while we try to create in it.
        await kubectl.OkAsync("apply -n held -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: holder, finalizers: [example.com/hold]}\n");
        await kubectl.OkAsync("delete namespace held --wait=false");
        var refused = await kubectl.RunAsync("create configmap late -n held --from-literal=a=b");
        await kubectl.OkAsync("patch configmap holder -n held --type=merge -p '{\"metadata\":{\"finalizers\":null}}'");
        var gone = await kubectl.RunAsync("wait --for=delete namespace/held --timeout=60s", timeout: TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("because it is being terminated", refused.Error, StringComparison.Ordinal);
        Assert.True(gone.ExitCode == 0, gone.ToString());
    }
}
