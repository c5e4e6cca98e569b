using KubeSharp.Kubelet.Images;
using KubeSharp.TestSupport;

namespace KubeSharp.E2E.Tests;

/// <summary>The node agent itself: restarts that leave pods alone, imported images, the environment it gives containers.</summary>
[Collection(NodeCollection.Name)]
public sealed class NodeAgentTests(NodeCluster cluster)
{
    [Fact]
    public async Task Killing_and_restarting_the_agent_leaves_running_pods_untouched()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: survivor}
            spec:
              containers:
              - {name: echo, image: localhost/echo:1.0}
            """);
        await cluster.WaitForAsync("survivor", "{.status.phase}", "Running");
        var container = await cluster.JsonPathAsync("pod survivor", "{.status.containerStatuses[0].containerID}");

        await cluster.Server.KillAsync();
        await cluster.Server.RestartAsync();
        await cluster.WaitForNodeReadyAsync();

        // A pod created after the restart runs, so the kubelet has synced what it found by then.
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: newcomer}
            spec:
              containers:
              - {name: main, image: localhost/busybox:1.35, command: [sleep, "3600"]}
            """);
        await cluster.WaitForAsync("newcomer", "{.status.phase}", "Running");
        Assert.Equal(container, await cluster.JsonPathAsync("pod survivor", "{.status.containerStatuses[0].containerID}"));
        Assert.Equal("0", await cluster.JsonPathAsync("pod survivor", "{.status.containerStatuses[0].restartCount}"));
        Assert.Equal("Running", await cluster.JsonPathAsync("pod survivor", "{.status.phase}"));
        await cluster.Kubectl.OkAsync("delete pod survivor newcomer --grace-period=1");
    }

    [Fact]
    public async Task An_imported_image_archive_runs()
    {
        using var directory = new TempDirectory("import");
        var archive = directory.File("hello.tar");
        await OciArchiveWriter.WriteAsync(archive, new OciImageDefinition(
            "localhost/e2e-hello:1.0",
            [
                LayerEntry.Directory("bin"),
                LayerEntry.FileFrom("bin/busybox", "/bin/busybox"),
                LayerEntry.Symlink("bin/sh", "busybox"),
                LayerEntry.File("greeting", "hello from an imported image"u8.ToArray()),
            ])
        {
            Cmd = ["sh", "-c", "cat /greeting > /dev/termination-log"],
        }, CancellationToken.None);

        using (var import = KubeSharpProcess.Start("images", "import", archive, "--data-dir", cluster.Server.DataDirectory))
        {
            Assert.Equal(0, await import.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("imported localhost/e2e-hello:1.0", import.Output, StringComparison.Ordinal);
        }

        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: imported}
            spec:
              restartPolicy: Never
              containers:
              - {name: main, image: localhost/e2e-hello:1.0, imagePullPolicy: Never}
            """);
        await cluster.WaitForAsync("imported", "{.status.phase}", "Succeeded");
        Assert.Equal("hello from an imported image", await cluster.JsonPathAsync("pod imported", "{.status.containerStatuses[0].state.terminated.message}"));
        await cluster.Kubectl.OkAsync("delete pod imported");
    }

    [Fact]
    public async Task A_missing_image_with_pull_policy_never_waits_with_err_image_never_pull()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: imageless}
            spec:
              containers:
              - {name: main, image: localhost/no-such-image:1.0, imagePullPolicy: Never}
            """);
        await cluster.WaitForAsync("imageless", "{.status.containerStatuses[0].state.waiting.reason}", "ErrImageNeverPull");
        Assert.Equal("Pending", await cluster.JsonPathAsync("pod imageless", "{.status.phase}"));
        await cluster.Kubectl.OkAsync("delete pod imageless");
    }

    [Fact]
    public async Task Containers_get_their_environment_downward_api_and_dns_settings()
    {
        await cluster.Kubectl.OkAsync("create configmap env-source --from-literal=colour=blue");
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: environment, labels: {tier: test}}
            spec:
              restartPolicy: Never
              volumes:
              - name: info
                downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
              containers:
              - name: main
                image: localhost/busybox:1.35
                command: [sh, -c, "echo $(POD_NAME) $NODE $COLOUR $LIMIT_MI; cat /info/labels; grep -E '^(search|nameserver|options)' /etc/resolv.conf"]
                resources: {limits: {memory: 64Mi}}
                volumeMounts: [{name: info, mountPath: /info}]
                terminationMessagePolicy: File
                env:
                - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                - {name: COLOUR, valueFrom: {configMapKeyRef: {name: env-source, key: colour}}}
                - {name: LIMIT_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
            """);
        await cluster.WaitForAsync("environment", "{.status.phase}", "Succeeded");
        var logs = await ContainerLogAsync("environment");
        Assert.Contains($"environment {cluster.NodeName} blue 64", logs, StringComparison.Ordinal);
        Assert.Contains("tier=\"test\"", logs, StringComparison.Ordinal);
        Assert.Contains("search default.svc.cluster.local svc.cluster.local cluster.local", logs, StringComparison.Ordinal);
        Assert.Contains("nameserver 10.43.0.10", logs, StringComparison.Ordinal);
        Assert.Contains("options ndots:5", logs, StringComparison.Ordinal);
        await cluster.Kubectl.OkAsync("delete pod environment");
        await cluster.Kubectl.OkAsync("delete configmap env-source");
    }

    [Fact]
    public async Task Security_context_host_ports_and_node_routes_are_applied()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: published}
            spec:
              containers:
              - name: echo
                image: localhost/echo:1.0
                ports: [{containerPort: 8080, hostPort: 18080}]
                securityContext: {runAsUser: 1000, runAsGroup: 3000, readOnlyRootFilesystem: true}
            """);
        await cluster.WaitForAsync("published", "{.status.phase}", "Running");

        // From another pod through the node's address: the portmap plugin's DNAT to the pod.
        await cluster.ApplyAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: published-client}
            spec:
              restartPolicy: Never
              containers:
              - name: client
                image: localhost/busybox:1.35
                securityContext: {runAsUser: 1000, readOnlyRootFilesystem: true}
                command: [sh, -c, "id -u > /dev/termination-log; touch /probe 2>/dev/null && echo writable >> /dev/termination-log; timeout 10 wget -qO- http://{{LabNamespace.NodeIp}}:18080/through-host-port >> /dev/termination-log"]
            """);
        await cluster.WaitForAsync("published-client", "{.status.phase}", "Succeeded");
        var message = await cluster.JsonPathAsync("pod published-client", "{.status.containerStatuses[0].state.terminated.message}");
        Assert.StartsWith("1000\npublished\n/through-host-port\n", message, StringComparison.Ordinal);

        // The node keeps the cluster's ranges on itself: the service range to its bridge, the rest of the pod range nowhere.
        var routes = await RunAsync("ip", "route", "show");
        Assert.Contains("blackhole 10.42.0.0/16", routes, StringComparison.Ordinal);
        Assert.Contains("10.43.0.0/16 dev kubesharp0", routes, StringComparison.Ordinal);
        await cluster.Kubectl.OkAsync("delete pod published published-client --grace-period=1");
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException(file + " did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>The container's CRI log file, read from the node's pod log directory (kubectl logs comes with the streams work).</summary>
    private async Task<string> ContainerLogAsync(string pod)
    {
        var uid = await cluster.JsonPathAsync("pod " + pod, "{.metadata.uid}");
        var directory = Path.Combine(cluster.Server.DataDirectory, "agent", "logs", "pods", $"default_{pod}_{uid}", "main");
        var lines = await File.ReadAllLinesAsync(Path.Combine(directory, "0.log"));

        // CRI log lines: "<time> <stream> <P|F> <text>".
        return string.Join('\n', lines.Select(line => line.Split(' ', 4) is [_, _, _, var text] ? text : string.Empty));
    }
}
