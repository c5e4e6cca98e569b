namespace KubeSharp.ApiServer.Tests.Cli;

/// <summary>Discovery and OpenAPI as kubectl uses them: api-resources, api-versions, explain, version.</summary>
public sealed class KubectlDiscoveryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    [InlineData(33)]
    public async Task Api_resources_lists_the_built_in_resources(int minor)
    {
        var output = await fixture.Kubectl.WithVersion(minor).OkAsync("api-resources");

        Assert.Matches(@"pods\s+po\s+v1\s+true\s+Pod", output);
        Assert.Matches(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment", output);
        Assert.Matches(@"namespaces\s+ns\s+v1\s+false\s+Namespace", output);
        Assert.Matches(@"leases\s+coordination.k8s.io/v1\s+true\s+Lease", output);
    }

    [Fact]
    public async Task Api_versions_lists_every_group_version()
    {
        var output = await fixture.Kubectl.OkAsync("api-versions");

        foreach (var groupVersion in new[] { "v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "autoscaling/v2", "policy/v1" })
        {
            Assert.Contains(groupVersion + "\n", output + "\n", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Explain_shows_field_descriptions()
    {
        var output = await fixture.Kubectl.OkAsync("explain deployment.spec.replicas");

        Assert.Contains("FIELD: replicas <integer>", output, StringComparison.Ordinal);
        Assert.Contains("Number of desired pods", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_reports_1_32()
    {
        var output = await fixture.Kubectl.OkAsync("version");

        Assert.Contains("Server Version: v1.32", output, StringComparison.Ordinal);
    }
}
