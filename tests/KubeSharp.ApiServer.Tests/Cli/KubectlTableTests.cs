namespace KubeSharp.ApiServer.Tests.Cli;

/// <summary>Server-side tables and defaults as kubectl prints them: get (-o wide), describe, get events.</summary>
public sealed class KubectlTableTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p1, labels: {app: x}}
        spec:
          containers:
          - name: c
            image: localhost/busybox:1.35
            resources: {requests: {cpu: 100m}}
        """;

    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    [InlineData(33)]
    public async Task Pods_and_deployments_print_upstreams_columns(int minor)
    {
        var kubectl = fixture.Kubectl.WithVersion(minor);
        var ns = await fixture.NamespaceAsync();
        await kubectl.OkAsync($"apply -n {ns} -f -", Pod);
        await kubectl.OkAsync($"apply -n {ns} -f -", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: nginx, image: 'nginx:1.25'}]}\n");

        var pods = await kubectl.OkAsync($"get pods -n {ns} -o wide");
        var deployments = await kubectl.OkAsync($"get deploy -n {ns} -o wide");
        var services = await kubectl.OkAsync("get svc kubernetes -n default");

        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES", pods);
        Assert.Matches(@"p1\s+0/1\s+Pending\s+0\s+", pods);
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR", deployments);
        Assert.Matches(@"web\s+0/1\s+0\s+0\s+\S+\s+nginx\s+nginx:1.25\s+app=web", deployments);
        Assert.Matches(@"kubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443/TCP", services);
    }

    [Fact]
    public async Task Describe_shows_what_the_server_defaulted()
    {
        var ns = await fixture.NamespaceAsync();
        await fixture.Kubectl.OkAsync($"apply -n {ns} -f -", Pod);

        var description = await fixture.Kubectl.OkAsync($"describe pod p1 -n {ns}");

        Assert.Matches(@"QoS Class:\s+Burstable", description);
        Assert.Contains("node.kubernetes.io/not-ready:NoExecute op=Exists for 300s", description, StringComparison.Ordinal);
        Assert.Matches(@"Status:\s+Pending", description);
    }

    [Fact]
    public async Task Events_are_listed_and_selected_by_involved_object()
    {
        var ns = await fixture.NamespaceAsync();
        foreach (var (name, target) in new[] { ("e1", "p1"), ("e2", "p2") })
        {
            await fixture.Kubectl.OkAsync($"apply -n {ns} -f -",
                $"apiVersion: v1\nkind: Event\nmetadata: {{name: {name}}}\ninvolvedObject: {{kind: Pod, name: {target}, namespace: {ns}}}\nreason: Testing\nmessage: about {target}\ntype: Normal\nlastTimestamp: \"2026-01-01T00:00:00Z\"\n");
        }

        var all = await fixture.Kubectl.OkAsync($"get events -n {ns}");
        var selected = await fixture.Kubectl.OkAsync($"get events -n {ns} --field-selector involvedObject.name=p2");

        Assert.Matches(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE", all);
        Assert.Contains("about p1", all, StringComparison.Ordinal);
        Assert.Contains("about p2", selected, StringComparison.Ordinal);
        Assert.DoesNotContain("about p1", selected, StringComparison.Ordinal);
    }
}
