using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Apply;

/// <summary>Server-side apply with the real kubectl: create, update, conflicts, field removal, managed fields and the client-side-apply upgrade.</summary>
public sealed class KubectlServerSideApplyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, tier: front}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: nginx
                image: nginx:1.25
                ports: [{containerPort: 80}]
        """;

    public static TheoryData<int> Versions => [28, 32, 33];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Apply_server_side_creates_then_updates_and_records_managed_fields(int minor)
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl.WithVersion(minor);

        var created = await kubectl.OkAsync($"apply --server-side -n {ns} -f -", Deployment);
        var updated = await kubectl.OkAsync($"apply --server-side -n {ns} -f -", Deployment.Replace("nginx:1.25", "nginx:1.27"));

        Assert.Contains("deployment.apps/web serverside-applied", created);
        Assert.Contains("deployment.apps/web serverside-applied", updated);
        var item = JsonNode.Parse(await kubectl.OkAsync($"get deploy web -n {ns} -o json --show-managed-fields"))!.AsObject();
        Assert.Equal("nginx:1.27", item["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        var entry = Assert.Single(item["metadata"]!["managedFields"]!.AsArray());
        Assert.Equal("kubectl", entry!["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Equal("apps/v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        var container = entry["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"nginx\"}"]!;
        Assert.NotNull(container["."]);
        Assert.NotNull(container["f:image"]);
        Assert.NotNull(container["f:ports"]!["k:{\"containerPort\":80,\"protocol\":\"TCP\"}"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.NotNull(entry["fieldsV1"]!["f:metadata"]!["f:labels"]!["f:tier"]);

        var yaml = await kubectl.OkAsync($"get deploy web -n {ns} -o yaml --show-managed-fields");
        Assert.Contains("  - apiVersion: apps/v1\n    fieldsType: FieldsV1\n    fieldsV1:\n      f:metadata:\n        f:labels:\n          f:app: {}\n", yaml);
        Assert.Contains("    manager: kubectl\n    operation: Apply\n", yaml);

        // Without --show-managed-fields kubectl hides them.
        Assert.Null(JsonNode.Parse(await kubectl.OkAsync($"get deploy web -n {ns} -o json"))!["metadata"]!["managedFields"]);
    }

    [Fact]
    public async Task A_field_left_out_of_the_applied_manifest_is_removed()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply --server-side -n {ns} -f -", Deployment);

        await kubectl.OkAsync($"apply --server-side -n {ns} -f -", Deployment.Replace(", tier: front", string.Empty).Replace("  replicas: 2\n", string.Empty));

        var item = await GetAsync(ns);
        Assert.Null(item["metadata"]!["labels"]!["tier"]);
        Assert.Equal(1, item["spec"]!["replicas"]!.GetValue<int>()); // back to the default
    }

    [Fact]
    public async Task Another_managers_field_conflicts_until_forced()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply --server-side --field-manager=one -n {ns} -f -", Deployment);

        var conflict = await kubectl.RunAsync($"apply --server-side --field-manager=two -n {ns} -f -", Deployment.Replace("replicas: 2", "replicas: 3"));
        var forced = await kubectl.RunAsync($"apply --server-side --field-manager=two --force-conflicts -n {ns} -f -", Deployment.Replace("replicas: 2", "replicas: 3"));

        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"one\": .spec.replicas", conflict.Error);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        var item = await GetAsync(ns, "--show-managed-fields");
        Assert.Equal(3, item["spec"]!["replicas"]!.GetValue<int>());
        var owners = item["metadata"]!["managedFields"]!.AsArray().Where(e => e!["fieldsV1"]!["f:spec"]?["f:replicas"] is not null).Select(e => e!["manager"]!.GetValue<string>());
        Assert.Equal(["two"], owners);
    }

    [Fact]
    public async Task Kubectl_scale_takes_replicas_and_a_later_apply_conflicts()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply --server-side -n {ns} -f -", Deployment);
        await kubectl.OkAsync($"scale deploy web -n {ns} --replicas=5");

        var conflict = await kubectl.RunAsync($"apply --server-side -n {ns} -f -", Deployment);
        var forced = await kubectl.RunAsync($"apply --server-side --force-conflicts -n {ns} -f -", Deployment);

        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Matches("Apply failed with 1 conflict: conflict with \"[^\"]+\" with subresource \"scale\" using apps/v1: \\.spec\\.replicas", conflict.Error);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(2, (await GetAsync(ns))["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Client_side_apply_upgrades_to_server_side_and_removals_still_work()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply -n {ns} -f -", Deployment);
        var before = await GetAsync(ns, "--show-managed-fields");
        Assert.Contains(before["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.GetValue<string>() == "kubectl-client-side-apply" && e["operation"]!.GetValue<string>() == "Update");

        await kubectl.OkAsync($"apply --server-side -n {ns} -f -", Deployment);
        await kubectl.OkAsync($"apply --server-side -n {ns} -f -", Deployment.Replace(", tier: front", string.Empty));

        var item = await GetAsync(ns, "--show-managed-fields");
        Assert.Null(item["metadata"]!["labels"]!["tier"]);
        Assert.DoesNotContain(item["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.GetValue<string>() == "kubectl-client-side-apply");
    }

    [Fact]
    public async Task Dry_run_and_strict_field_validation_are_honoured()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;

        await kubectl.OkAsync($"apply --server-side --dry-run=server -n {ns} -f -", Deployment);
        var missing = await kubectl.RunAsync($"get deploy web -n {ns}");
        var unknown = await kubectl.RunAsync($"apply --server-side -n {ns} -f -", Deployment.Replace("replicas: 2", "replicas: 2\n  bogus: 1"));

        Assert.Contains("NotFound", missing.Error);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("unknown field \"spec.bogus\"", unknown.Error);
    }

    private async Task<JsonObject> GetAsync(string ns, string extra = "") =>
        JsonNode.Parse(await fixture.Kubectl.OkAsync($"get deploy web -n {ns} -o json {extra}"))!.AsObject();
}
