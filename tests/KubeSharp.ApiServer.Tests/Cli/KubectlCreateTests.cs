namespace KubeSharp.ApiServer.Tests.Cli;

/// <summary>kubectl's typed create commands, which send protobuf bodies from 1.32 on (JSON before).</summary>
public sealed class KubectlCreateTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    [InlineData(33)]
    public async Task Typed_create_commands_make_the_objects(int minor)
    {
        var kubectl = fixture.Kubectl.WithVersion(minor);
        var ns = "create-" + minor;

        await kubectl.OkAsync($"create namespace {ns}");
        await kubectl.OkAsync($"create deployment web -n {ns} --image=nginx:1.25 --replicas=3 --port=80");
        await kubectl.OkAsync($"create configmap cfg -n {ns} --from-literal=a=b");
        await kubectl.OkAsync($"create secret generic s -n {ns} --from-literal=p=q");
        await kubectl.OkAsync($"create service clusterip web -n {ns} --tcp=80:8080");
        await kubectl.OkAsync($"create job j -n {ns} --image=busybox -- echo hi");

        var deployment = await kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.spec.replicas}} {{.spec.template.spec.containers[0].image}} {{.spec.template.spec.containers[0].ports[0].containerPort}} {{.spec.strategy.type}}'");
        var config = await kubectl.OkAsync($"get cm cfg -n {ns} -o jsonpath='{{.data.a}}'");
        var secret = await kubectl.OkAsync($"get secret s -n {ns} -o jsonpath='{{.data.p}} {{.type}}'");
        var service = await kubectl.OkAsync($"get svc web -n {ns} -o jsonpath='{{.spec.ports[0].port}} {{.spec.ports[0].targetPort}} {{.spec.clusterIP}}'");
        var job = await kubectl.OkAsync($"get job j -n {ns} -o jsonpath='{{.spec.template.spec.containers[0].command}} {{.spec.template.spec.restartPolicy}}'");

        Assert.Equal("3 nginx:1.25 80 RollingUpdate", deployment);
        Assert.Equal("b", config);
        Assert.Equal("cQ== Opaque", secret);
        Assert.Matches(@"^80 8080 10\.43\.\d+\.\d+$", service);
        Assert.Equal("[\"echo\",\"hi\"] Never", job);
    }

    [Fact]
    public async Task A_protobuf_body_that_fails_validation_gets_a_422()
    {
        var ns = await fixture.NamespaceAsync();

        var result = await fixture.Kubectl.RunAsync($"create deployment Bad_Name -n {ns} --image=nginx");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is invalid", result.Error, StringComparison.Ordinal);
    }
}
