using KubeSharp.TestSupport;

namespace KubeSharp.ApiServer.Tests.Cli;

/// <summary>kubectl's everyday writes: edit, set image/env, rollout restart, patch (three kinds), diff and server dry-run.</summary>
public sealed class KubectlWorkflowTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: nginx
                image: nginx:1.25
                env: [{name: A, value: "1"}]
        """;

    [Fact]
    public async Task Edit_with_an_editor_script_changes_the_object()
    {
        var ns = await fixture.NamespaceAsync();
        await fixture.Kubectl.OkAsync($"apply -n {ns} -f -", Deployment);
        using var directory = new TempDirectory("editor");
        var editor = directory.File("editor.sh");
        await File.WriteAllTextAsync(editor, "#!/bin/sh\nsed -i 's/replicas: 2/replicas: 4/' \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await fixture.Kubectl.RunAsync($"edit deploy web -n {ns}", environment: new Dictionary<string, string> { ["KUBE_EDITOR"] = editor });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("4", await fixture.Kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.spec.replicas}}'"));
    }

    [Fact]
    public async Task Set_image_set_env_and_rollout_restart_patch_the_template()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply -n {ns} -f -", Deployment);

        await kubectl.OkAsync($"set image deploy/web -n {ns} nginx=nginx:1.27");
        await kubectl.OkAsync($"set env deploy/web -n {ns} B=2");
        await kubectl.OkAsync($"rollout restart deploy/web -n {ns}");

        var state = await kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.spec.template.spec.containers[0].image}} {{.spec.template.spec.containers[0].env[*].name}} {{.metadata.generation}}'");
        var restartedAt = await kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}}'");
        Assert.Equal("nginx:1.27 A B 4", state);
        Assert.NotEmpty(restartedAt);
    }

    [Fact]
    public async Task Patch_applies_json_merge_and_strategic_patches()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply -n {ns} -f -", Deployment);

        await kubectl.OkAsync($"patch deploy web -n {ns} --type=merge -p '{{\"spec\":{{\"replicas\":3}}}}'");
        await kubectl.OkAsync($"patch deploy web -n {ns} --type=json -p '[{{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{{\"patched\":\"yes\"}}}}]'");
        await kubectl.OkAsync($"patch deploy web -n {ns} -p '{{\"spec\":{{\"template\":{{\"spec\":{{\"containers\":[{{\"name\":\"sidecar\",\"image\":\"busybox\"}}]}}}}}}}}'");

        var state = await kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.spec.replicas}} {{.metadata.labels.patched}} {{.spec.template.spec.containers[*].name}}'");
        Assert.Equal("3 yes nginx sidecar", state);
    }

    [Fact]
    public async Task Diff_and_server_dry_run_change_nothing()
    {
        var ns = await fixture.NamespaceAsync();
        var kubectl = fixture.Kubectl;
        await kubectl.OkAsync($"apply -n {ns} -f -", Deployment);
        var before = await kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.metadata.resourceVersion}}'");

        var diff = await kubectl.RunAsync($"diff -n {ns} -f -", Deployment.Replace("replicas: 2", "replicas: 9"));
        var dryRun = await kubectl.OkAsync($"apply -n {ns} --dry-run=server -f -", Deployment.Replace("replicas: 2", "replicas: 9"));
        var dryCreate = await kubectl.OkAsync($"apply -n {ns} --dry-run=server -f -", Deployment.Replace("name: web", "name: ghost"));

        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("+  replicas: 9", diff.Output, StringComparison.Ordinal);
        Assert.Contains("configured (server dry run)", dryRun, StringComparison.Ordinal);
        Assert.Contains("created (server dry run)", dryCreate, StringComparison.Ordinal);
        Assert.Equal(before, await kubectl.OkAsync($"get deploy web -n {ns} -o jsonpath='{{.metadata.resourceVersion}}'"));
        Assert.NotEqual(0, (await kubectl.RunAsync($"get deploy ghost -n {ns}")).ExitCode);
    }
}
