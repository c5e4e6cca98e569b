using System.Text.Json;
using KubeSharp.TestSupport;

namespace KubeSharp.ApiServer.Tests.Cli;

/// <summary>The real kubectl against a real server: apply, get in every output, label, scale, replace, delete.</summary>
public sealed class KubectlCrudTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {tier: front}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.25
        """;

    public static TheoryData<int> Versions => [28, 32, 33];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Apply_creates_then_updates_with_a_strategic_merge_patch(int minor)
    {
        var kubectl = fixture.Kubectl.WithVersion(minor);
        var ns = await fixture.NamespaceAsync();

        var created = await kubectl.OkAsync($"apply -n {ns} -f -", Deployment);
        var updated = await kubectl.OkAsync($"apply -n {ns} -f -", Deployment.Replace("nginx:1.25", "nginx:1.26"));
        var unchanged = await kubectl.OkAsync($"apply -n {ns} -f -", Deployment.Replace("nginx:1.25", "nginx:1.26"));

        Assert.Contains("deployment.apps/web created", created, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web configured", updated, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web unchanged", unchanged, StringComparison.Ordinal);
        var state = await kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.spec.template.spec.containers[0].image}} {{.metadata.generation}}'");
        Assert.Equal("nginx:1.26 2", state);
    }

    [Fact]
    public async Task Get_prints_every_output_format()
    {
        var ns = await fixture.NamespaceAsync();
        await fixture.Kubectl.OkAsync($"apply -n {ns} -f -", Deployment);
        var kubectl = fixture.Kubectl;

        var table = await kubectl.OkAsync($"get deploy -n {ns}");
        var yaml = await kubectl.OkAsync($"get deploy web -n {ns} -o yaml");
        var json = await kubectl.OkAsync($"get deploy web -n {ns} -o json");
        var name = await kubectl.OkAsync($"get deploy -n {ns} -o name");
        var columns = await kubectl.OkAsync($"get deploy -n {ns} -o custom-columns=N:.metadata.name,R:.spec.replicas");
        var labels = await kubectl.OkAsync($"get deploy -n {ns} --show-labels");
        var selected = await kubectl.OkAsync($"get deploy -A -l tier=front");
        var notSelected = await kubectl.RunAsync($"get deploy -n {ns} -l tier=back");

        Assert.StartsWith("NAME", table, StringComparison.Ordinal);
        Assert.Contains("web", table, StringComparison.Ordinal);
        Assert.Contains("kind: Deployment", yaml, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(json))
        {
            Assert.Equal("web", document.RootElement.GetProperty("metadata").GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("metadata").GetProperty("uid").GetString()));
        }

        Assert.Equal("deployment.apps/web", name.Trim());
        Assert.Matches(@"N\s+R\s*\nweb\s+2", columns);
        Assert.Contains("tier=front", labels, StringComparison.Ordinal);
        Assert.Contains(ns, selected, StringComparison.Ordinal);
        Assert.Contains("No resources found", notSelected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sort_by_orders_rows_by_a_field()
    {
        var ns = await fixture.NamespaceAsync();
        foreach (var (name, value) in new[] { ("b", "2"), ("c", "1"), ("a", "3") })
        {
            await fixture.Kubectl.OkAsync($"apply -n {ns} -f -", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{k: \"{value}\"}}\n");
        }

        var sorted = await fixture.Kubectl.OkAsync($"get cm -n {ns} --sort-by=.data.k -o name");

        Assert.Equal(["configmap/c", "configmap/b", "configmap/a"], sorted.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("kube-root-ca", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Label_annotate_scale_and_replace_change_the_object()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply -n {ns} -f -", Deployment);

        await kubectl.OkAsync($"label deploy web -n {ns} color=blue");
        await kubectl.OkAsync($"annotate deploy web -n {ns} note=hello");
        await kubectl.OkAsync($"scale deploy web -n {ns} --replicas=5");
        var current = await kubectl.OkAsync($"get deploy web -n {ns} -o yaml");
        await kubectl.OkAsync($"replace -n {ns} -f -", current.Replace("replicas: 5", "replicas: 7"));

        var state = await kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.metadata.labels.color}} {{.metadata.annotations.note}} {{.spec.replicas}}'");
        Assert.Equal("blue hello 7", state);
        var stale = await kubectl.RunAsync($"replace -n {ns} -f -", current);
        Assert.NotEqual(0, stale.ExitCode);
        Assert.Contains("the object has been modified", stale.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_with_wait_removes_the_object_and_errors_match_upstream()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply -n {ns} -f -", Deployment);

        var deleted = await kubectl.OkAsync($"delete deploy web -n {ns} --wait=true");
        var missing = await kubectl.RunAsync($"get deploy web -n {ns}");

        Assert.Contains("deployment.apps \"web\" deleted", deleted, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Error from server (NotFound): deployments.apps \"web\" not found", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_in_a_missing_namespace_are_refused()
    {
        var result = await fixture.Kubectl.RunAsync("create -n no-such-namespace -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("namespaces \"no-such-namespace\" not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_objects_get_a_422_with_field_causes()
    {
        var ns = await fixture.NamespaceAsync();

        var result = await fixture.Kubectl.RunAsync($"apply -n {ns} -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name, labels: {'a b': c}}\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ConfigMap \"Bad_Name\" is invalid", result.Error, StringComparison.Ordinal);
        Assert.Contains("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_fields_are_refused_under_strict_validation_and_warned_about_otherwise()
    {
        var ns = await fixture.NamespaceAsync();
        var manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: strict}\ndata: {a: b}\nbogus: 1\n";

        var strict = await fixture.Kubectl.RunAsync($"apply -n {ns} -f -", manifest);
        var warned = await fixture.Kubectl.RunAsync($"apply -n {ns} --validate=warn -f -", manifest);

        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"bogus\"", strict.Error, StringComparison.Ordinal);
        Assert.Equal(0, warned.ExitCode);
        Assert.Contains("unknown field \"bogus\"", warned.Error, StringComparison.Ordinal);
    }
}
