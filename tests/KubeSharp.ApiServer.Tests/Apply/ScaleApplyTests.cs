using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.ApiServer.Tests.Apply;

/// <summary>Server-side apply of a Scale owns the parent's spec.replicas in an entry of its own, as an autoscaler's apply does upstream.</summary>
public sealed class ScaleApplyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Applying_a_scale_owns_replicas_and_conflicts_with_an_apply_of_the_deployment()
    {
        var ns = await fixture.NamespaceAsync();
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,
             "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}
            """;
        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(deployment, V1Patch.PatchType.ApplyPatch), "web", ns, fieldManager: "owner");

        var scale = await client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web"},"spec":{"replicas":7}}""", V1Patch.PatchType.ApplyPatch),
            "web", ns, fieldManager: "autoscaler", force: true);

        Assert.Equal(7, scale.Spec.Replicas);
        var stored = await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(7, stored.Spec.Replicas);
        var entry = Assert.Single(stored.Metadata.ManagedFields, e => e.Manager == "autoscaler");
        Assert.Equal(("Apply", "scale"), (entry.Operation, entry.Subresource));
        Assert.Contains("\"f:replicas\"", KubernetesJson.Serialize(entry.FieldsV1), StringComparison.Ordinal);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(deployment, V1Patch.PatchType.ApplyPatch), "web", ns, fieldManager: "owner"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("conflict with \\\"autoscaler\\\" with subresource \\\"scale\\\"", conflict.Response.Content, StringComparison.Ordinal);
    }
}
