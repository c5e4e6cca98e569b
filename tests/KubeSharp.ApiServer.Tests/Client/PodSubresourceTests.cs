using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.ApiServer.Tests.Client;

/// <summary>pods/binding (the scheduler's bind) and pods/eviction (deletion that respects disruption budgets).</summary>
public sealed class PodSubresourceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));

    [Fact]
    public async Task Binding_assigns_a_node_once()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();
        await client.CoreV1.CreateNamespacedPodAsync(Pod("p"), ns);

        await client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding { Metadata = new V1ObjectMeta { Name = "p" }, Target = new V1ObjectReference { Kind = "Node", Name = "node-a" } }, "p", ns);
        var again = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding { Metadata = new V1ObjectMeta { Name = "p" }, Target = new V1ObjectReference { Kind = "Node", Name = "node-b" } }, "p", ns));
        var pod = await client.CoreV1.ReadNamespacedPodAsync("p", ns);

        Assert.Equal("node-a", pod.Spec.NodeName);
        Assert.Contains(pod.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
        Assert.Equal(409, (int)again.Response.StatusCode);
    }

    [Fact]
    public async Task Eviction_deletes_a_pod_unless_a_budget_forbids_it()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();
        await client.CoreV1.CreateNamespacedPodAsync(Pod("free"), ns);
        await client.CoreV1.CreateNamespacedPodAsync(Pod("guarded", "guarded"), ns);
        var budget = await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "keep" },
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "guarded" } } },
        }, ns);
        budget.Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 0, CurrentHealthy = 1, DesiredHealthy = 1, ExpectedPods = 1 };
        await client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(budget, "keep", ns);

        await client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = "free" } }, "free", ns);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = "guarded" } }, "guarded", ns));

        var remaining = await client.CoreV1.ListNamespacedPodAsync(ns);
        Assert.Equal(["guarded"], remaining.Items.Select(p => p.Metadata.Name));
        Assert.Equal(429, (int)refused.Response.StatusCode);
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget.", refused.Response.Content, StringComparison.Ordinal);
    }

    private static V1Pod Pod(string name, string app = "x") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "localhost/busybox:1.35" }] },
    };
}
