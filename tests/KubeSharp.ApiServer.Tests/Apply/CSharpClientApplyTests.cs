using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.ApiServer.Tests.Apply;

/// <summary>Server-side apply through the official C# client's ApplyPatch.</summary>
public sealed class CSharpClientApplyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ApplyPatch_creates_updates_and_reports_conflicts()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var ns = await fixture.NamespaceAsync();
        static V1Patch Config(string value) => new(
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"{{{value}}}"}}""", V1Patch.PatchType.ApplyPatch);

        var created = await client.CoreV1.PatchNamespacedConfigMapAsync(Config("a"), "settings", ns, fieldManager: "first");
        var shared = await client.CoreV1.PatchNamespacedConfigMapAsync(Config("a"), "settings", ns, fieldManager: "second");
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(Config("b"), "settings", ns, fieldManager: "second"));
        var forced = await client.CoreV1.PatchNamespacedConfigMapAsync(Config("b"), "settings", ns, fieldManager: "second", force: true);

        Assert.Equal("a", created.Data["mode"]);
        Assert.Equal(["first"], created.Metadata.ManagedFields.Select(e => e.Manager));
        Assert.Equal(["first", "second"], shared.Metadata.ManagedFields.Select(e => e.Manager).Order());
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = JsonNode.Parse(conflict.Response.Content)!;
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.Equal("Apply failed with 1 conflict: conflict with \"first\": .data.mode", status["message"]!.GetValue<string>());
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal(("FieldManagerConflict", "conflict with \"first\"", ".data.mode"), (cause["reason"]!.GetValue<string>(), cause["message"]!.GetValue<string>(), cause["field"]!.GetValue<string>()));
        Assert.Equal("b", forced.Data["mode"]);
        var owner = Assert.Single(forced.Metadata.ManagedFields);
        Assert.Equal(("second", "Apply"), (owner.Manager, owner.Operation));
    }

    [Fact]
    public async Task Updates_record_their_manager_and_take_the_fields_they_change()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var ns = await fixture.NamespaceAsync();
        var applied = new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1","b":"2"}}""", V1Patch.PatchType.ApplyPatch);
        await client.CoreV1.PatchNamespacedConfigMapAsync(applied, "cm", ns, fieldManager: "applier");

        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"changed"}}""", V1Patch.PatchType.MergePatch), "cm", ns, fieldManager: "editor");

        var editor = Assert.Single(patched.Metadata.ManagedFields, e => e.Manager == "editor");
        var applier = Assert.Single(patched.Metadata.ManagedFields, e => e.Manager == "applier");
        Assert.Equal("Update", editor.Operation);
        Assert.Equal("""{"f:data":{"f:a":{}}}""", KubernetesJson.Serialize(editor.FieldsV1));
        Assert.Equal("""{"f:data":{"f:b":{}}}""", KubernetesJson.Serialize(applier.FieldsV1));
    }

    [Fact]
    public async Task An_untracked_object_belongs_to_before_first_apply()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var ns = await fixture.NamespaceAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "old" }, Data = new Dictionary<string, string> { ["k"] = "1" } }, ns);
        var cleared = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"replace","path":"/metadata/managedFields","value":[]}]""", V1Patch.PatchType.JsonPatch), "old", ns);
        var applied = new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"old"},"data":{"k":"2"}}""", V1Patch.PatchType.ApplyPatch);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(applied, "old", ns, fieldManager: "late"));

        Assert.Null(cleared.Metadata.ManagedFields);
        Assert.Equal(
            "Apply failed with 1 conflict: conflict with \"before-first-apply\" using v1: .data.k",
            JsonNode.Parse(conflict.Response.Content)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_options_are_validated()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var ns = await fixture.NamespaceAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "opts" } }, ns);

        var forced = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "opts", ns, force: true));
        var unnamed = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"opts"}}""", V1Patch.PatchType.ApplyPatch), "opts", ns));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, forced.Response.StatusCode);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch", JsonNode.Parse(forced.Response.Content)!["message"]!.GetValue<string>());
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", JsonNode.Parse(unnamed.Response.Content)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Applying_status_owns_status_fields_in_an_entry_of_its_own()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var ns = await fixture.NamespaceAsync();
        var deployment = new V1Patch(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}""",
            V1Patch.PatchType.ApplyPatch);
        await client.AppsV1.PatchNamespacedDeploymentAsync(deployment, "d", ns, fieldManager: "deployer");
        var status = new V1Patch(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":7},"status":{"replicas":3}}""",
            V1Patch.PatchType.ApplyPatch);

        var result = await client.AppsV1.PatchNamespacedDeploymentStatusAsync(status, "d", ns, fieldManager: "reporter");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.AppsV1.PatchNamespacedDeploymentStatusAsync(
            new V1Patch("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nothing"},"status":{"replicas":3}}""", V1Patch.PatchType.ApplyPatch),
            "nothing", ns, fieldManager: "reporter"));

        Assert.Equal((3, 1), (result.Status.Replicas, result.Spec.Replicas));
        var reporter = Assert.Single(result.Metadata.ManagedFields, e => e.Manager == "reporter");
        Assert.Equal(("Apply", "status"), (reporter.Operation, reporter.Subresource));
        Assert.Equal("""{"f:status":{"f:replicas":{}}}""", KubernetesJson.Serialize(reporter.FieldsV1));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }
}
