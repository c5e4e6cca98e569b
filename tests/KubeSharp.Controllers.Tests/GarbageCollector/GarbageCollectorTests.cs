using k8s;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

/// <summary>
/// The garbage collector in a real `kubesharp server`, driven with kubectl: a ConfigMap owns a
/// ConfigMap and a Secret, and is deleted with each propagation policy.
/// </summary>
public sealed class GarbageCollectorTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServerProcess _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Deleting_an_owner_deletes_its_dependents_in_the_background()
    {
        var kubectl = _server.Kubectl;
        var uid = await CreateOwnerAsync("owner");
        await kubectl.OkAsync("apply -f -", Dependents(uid, block: false));

        await kubectl.OkAsync("delete configmap owner");

        await Wait.UntilAsync(async () => !await ExistsAsync("configmap", "dep-a") && !await ExistsAsync("secret", "dep-b"), Patience, "the dependents to be deleted");
    }

    [Fact]
    public async Task A_foreground_deletion_keeps_the_owner_until_its_blocking_dependents_are_gone()
    {
        var kubectl = _server.Kubectl;
        var uid = await CreateOwnerAsync("owner");
        await kubectl.OkAsync("apply -f -", Dependents(uid, block: true, hold: true));
        await WaitForGarbageCollectorAsync();

        await kubectl.OkAsync("delete configmap owner --cascade=foreground --wait=false");

        // dep-a is deleted but its own finalizer keeps it, so the owner has to wait for it.
        await Wait.UntilAsync(
            async () => await JsonPathAsync("configmap", "dep-a", "{.metadata.deletionTimestamp}") is { Length: > 0 } && !await ExistsAsync("secret", "dep-b"),
            Patience,
            "the dependents to be deleted");
        Assert.Contains("foregroundDeletion", await JsonPathAsync("configmap", "owner", "{.metadata.finalizers}"), StringComparison.Ordinal);
        Assert.NotEmpty(await JsonPathAsync("configmap", "owner", "{.metadata.deletionTimestamp}"));

        await kubectl.OkAsync("patch configmap dep-a --type=merge -p '{\"metadata\":{\"finalizers\":null}}'");

        await Wait.UntilAsync(
            async () => !await ExistsAsync("configmap", "dep-a") && !await ExistsAsync("configmap", "owner"),
            Patience,
            "the owner to go once its dependents are gone");
    }

    [Fact]
    public async Task An_orphan_deletion_keeps_the_dependents_without_the_owner_reference()
    {
        var kubectl = _server.Kubectl;
        var uid = await CreateOwnerAsync("owner");
        await kubectl.OkAsync("apply -f -", Dependents(uid, block: true));
        await WaitForGarbageCollectorAsync();

        await kubectl.OkAsync("delete configmap owner --cascade=orphan --wait=false");

        await Wait.UntilAsync(async () => !await ExistsAsync("configmap", "owner"), Patience, "the owner to be deleted");
        var configMap = await _client.CoreV1.ReadNamespacedConfigMapAsync("dep-a", "default");
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync("dep-b", "default");
        Assert.Empty(configMap.Metadata.OwnerReferences ?? []);
        Assert.Empty(secret.Metadata.OwnerReferences ?? []);
    }

    [Fact]
    public async Task A_dependent_whose_owner_never_existed_is_deleted()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("apply -f -", Dependent("ConfigMap", "lost", Guid.NewGuid().ToString(), "ghost", block: false));

        await Wait.UntilAsync(async () => !await ExistsAsync("configmap", "lost"), Patience, "the dependent of a missing owner to be deleted");
    }

    [Fact]
    public async Task A_dependent_with_another_live_owner_only_loses_the_reference_to_the_deleted_one()
    {
        var kubectl = _server.Kubectl;
        var first = await CreateOwnerAsync("first");
        var second = await CreateOwnerAsync("second");
        await kubectl.OkAsync("apply -f -", $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: shared
              ownerReferences: [{{Reference("first", first, block: false)}}, {{Reference("second", second, block: false)}}]
            data: {a: b}
            """);

        await kubectl.OkAsync("delete configmap first");

        await Wait.UntilAsync(
            async () => (await _client.CoreV1.ReadNamespacedConfigMapAsync("shared", "default")).Metadata.OwnerReferences is { Count: 1 } left && left[0].Uid == second,
            Patience,
            "the reference to the deleted owner to be removed");
        Assert.True(await ExistsAsync("configmap", "shared"));
    }

    private async Task<string> CreateOwnerAsync(string name)
    {
        await _server.Kubectl.OkAsync($"create configmap {name} --from-literal=a=b");
        return (await _server.Kubectl.OkAsync($"get configmap {name} -o jsonpath={{.metadata.uid}}")).Trim();
    }

    private async Task<bool> ExistsAsync(string kind, string name) =>
        (await _server.Kubectl.OkAsync($"get {kind} {name} --ignore-not-found -o name")).Trim().Length > 0;

    /// <summary>A field by JSONPath, or empty when the object (or field) is not there.</summary>
    private async Task<string> JsonPathAsync(string kind, string name, string path) =>
        (await _server.Kubectl.RunAsync($"get {kind} {name} --ignore-not-found -o jsonpath={path}")).Output.Trim();

    /// <summary>
    /// Waits until the collector has deleted a ConfigMap and a Secret created now with an owner that
    /// never existed: its watches have then delivered everything created before, so the dependents
    /// made earlier are in its graph when the test deletes their owner.
    /// </summary>
    private async Task WaitForGarbageCollectorAsync()
    {
        var ghost = Guid.NewGuid().ToString();
        await _server.Kubectl.OkAsync("apply -f -", Dependent("ConfigMap", "sentinel", ghost, "ghost", block: false) + "---\n" + Dependent("Secret", "sentinel", ghost, "ghost", block: false));
        await Wait.UntilAsync(
            async () => !await ExistsAsync("configmap", "sentinel") && !await ExistsAsync("secret", "sentinel"),
            Patience,
            "the garbage collector to delete the sentinels");
    }

    /// <summary>dep-a (a ConfigMap, optionally held by a finalizer of its own) and dep-b (a Secret), both owned by "owner".</summary>
    private static string Dependents(string ownerUid, bool block, bool hold = false) =>
        Dependent("ConfigMap", "dep-a", ownerUid, "owner", block, hold) + "---\n" + Dependent("Secret", "dep-b", ownerUid, "owner", block);

    private static string Dependent(string kind, string name, string ownerUid, string ownerName, bool block, bool hold = false) => $$"""
        apiVersion: v1
        kind: {{kind}}
        metadata:
          name: {{name}}
          finalizers: {{(hold ? "[example.com/hold]" : "[]")}}
          ownerReferences: [{{Reference(ownerName, ownerUid, block)}}]
        {{(kind == "Secret" ? "stringData" : "data")}}: {a: b}

        """;

    private static string Reference(string name, string uid, bool block) =>
        $"{{apiVersion: v1, kind: ConfigMap, name: {name}, uid: '{uid}', blockOwnerDeletion: {(block ? "true" : "false")}}}";
}
