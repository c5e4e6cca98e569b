using System.Diagnostics;
using System.Globalization;
using KubeSharp.TestSupport;

namespace KubeSharp.E2E.Tests;

/// <summary>Pods really run on a real node: containerd, runc, the CNI bridge, probes, restarts, volumes.</summary>
[Collection(NodeCollection.Name)]
public sealed class PodLifecycleTests(NodeCluster cluster)
{
    [Fact]
    public async Task An_echo_deployment_becomes_ready_and_answers_another_pod_on_its_pod_ip()
    {
        await cluster.ApplyAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: echo}
            spec:
              replicas: 1
              selector: {matchLabels: {app: echo}}
              template:
                metadata: {labels: {app: echo}}
                spec:
                  containers:
                  - name: echo
                    image: localhost/echo:1.0
                    ports: [{containerPort: 8080}]
                    readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
            """);
        await cluster.Kubectl.OkAsync("rollout status deployment/echo --timeout=90s");
        var ip = await cluster.JsonPathAsync("pods -l app=echo", "{.items[0].status.podIP}");
        var name = await cluster.JsonPathAsync("pods -l app=echo", "{.items[0].metadata.name}");
        Assert.StartsWith("10.42.", ip, StringComparison.Ordinal);

        await cluster.ApplyAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: echo-client}
            spec:
              restartPolicy: Never
              containers:
              - name: client
                image: localhost/busybox:1.35
                command: [sh, -c, "timeout 10 wget -qO- http://{{ip}}:8080/from-client > /dev/termination-log"]
            """);
        await cluster.WaitForAsync("echo-client", "{.status.phase}", "Succeeded");
        var message = await cluster.JsonPathAsync("pod echo-client", "{.status.containerStatuses[0].state.terminated.message}");
        Assert.StartsWith(name + "\n/from-client\n", message, StringComparison.Ordinal);
        await cluster.Kubectl.OkAsync("delete deployment echo");
        await cluster.Kubectl.OkAsync("delete pod echo-client");
    }

    [Fact]
    public async Task A_failing_liveness_probe_restarts_the_container()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: unhealthy}
            spec:
              containers:
              - name: echo
                image: localhost/echo:1.0
                livenessProbe: {httpGet: {path: /status/500, port: 8080}, periodSeconds: 1, failureThreshold: 2}
            """);
        await Wait.UntilAsync(
            async () => int.TryParse(await cluster.JsonPathAsync("pod unhealthy", "{.status.containerStatuses[0].restartCount}"), out var restarts) && restarts >= 1,
            NodeCluster.Patience,
            "a restart after liveness failures");
        Assert.NotEqual(string.Empty, await cluster.JsonPathAsync("pod unhealthy", "{.status.containerStatuses[0].lastState.terminated.finishedAt}"));
        var events = await cluster.Kubectl.OkAsync("get events --field-selector involvedObject.name=unhealthy");
        Assert.Contains("Liveness probe failed: HTTP probe failed with statuscode: 500", events, StringComparison.Ordinal);
        await cluster.Kubectl.OkAsync("delete pod unhealthy --grace-period=1");
    }

    [Fact]
    public async Task A_readiness_probe_gates_ready()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: gated}
            spec:
              containers:
              - name: main
                image: localhost/busybox:1.35
                command: [sh, -c, "sleep 5; touch /tmp/ready; exec sleep 3600"]
                readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}
            """);
        await cluster.WaitForAsync("gated", "{.status.phase}", "Running");
        Assert.Equal("False", await cluster.JsonPathAsync("pod gated", "{.status.conditions[?(@.type==\"Ready\")].status}"));
        await cluster.WaitForAsync("gated", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
        Assert.Equal("true", await cluster.JsonPathAsync("pod gated", "{.status.containerStatuses[0].ready}"));
        await cluster.Kubectl.OkAsync("delete pod gated --grace-period=1");
    }

    [Fact]
    public async Task A_container_over_its_memory_limit_is_oom_killed()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: hungry}
            spec:
              restartPolicy: Never
              containers:
              - name: main
                image: localhost/busybox:1.35
                command: [tail, /dev/zero]
                resources: {limits: {memory: 32Mi}}
            """);
        await cluster.WaitForAsync("hungry", "{.status.phase}", "Failed");
        Assert.Equal("OOMKilled", await cluster.JsonPathAsync("pod hungry", "{.status.containerStatuses[0].state.terminated.reason}"));
        Assert.Equal("137", await cluster.JsonPathAsync("pod hungry", "{.status.containerStatuses[0].state.terminated.exitCode}"));
        await cluster.Kubectl.OkAsync("delete pod hungry");
    }

    [Fact]
    public async Task A_crashing_container_backs_off()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: crasher}
            spec:
              containers:
              - name: main
                image: localhost/busybox:1.35
                command: [sh, -c, "exit 3"]
            """);
        await cluster.WaitForAsync("crasher", "{.status.containerStatuses[0].state.waiting.reason}", "CrashLoopBackOff");
        Assert.Equal("3", await cluster.JsonPathAsync("pod crasher", "{.status.containerStatuses[0].lastState.terminated.exitCode}"));
        Assert.Contains("back-off 10s restarting failed container=main", await cluster.JsonPathAsync("pod crasher", "{.status.containerStatuses[0].state.waiting.message}"), StringComparison.Ordinal);
        Assert.Equal("Running", await cluster.JsonPathAsync("pod crasher", "{.status.phase}"));

        // The next attempt waits out the back-off: it starts at least 10 s after the previous one ended.
        await Wait.UntilAsync(
            async () => int.TryParse(await cluster.JsonPathAsync("pod crasher", "{.status.containerStatuses[0].restartCount}"), out var restarts) && restarts >= 2,
            NodeCluster.Patience,
            "a second restart");
        var events = await cluster.Kubectl.OkAsync("get events --field-selector involvedObject.name=crasher,reason=Started -o jsonpath={.items[*].lastTimestamp}");
        Assert.NotEmpty(events);
        var ended = DateTimeOffset.Parse(await cluster.JsonPathAsync("pod crasher", "{.status.containerStatuses[0].lastState.terminated.finishedAt}"), CultureInfo.InvariantCulture);
        var started = await cluster.JsonPathAsync("pod crasher", "{.status.containerStatuses[0].state.terminated.startedAt}{.status.containerStatuses[0].state.running.startedAt}");
        if (started.Length > 0)
        {
            Assert.True(DateTimeOffset.Parse(started, CultureInfo.InvariantCulture) - ended >= TimeSpan.FromSeconds(9), $"restarted {started} after ending {ended}");
        }

        await cluster.Kubectl.OkAsync("delete pod crasher --grace-period=1");
    }

    [Fact]
    public async Task Init_containers_run_first_and_share_volumes()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: initialised}
            spec:
              restartPolicy: Never
              volumes: [{name: work, emptyDir: {}}]
              initContainers:
              - name: first
                image: localhost/busybox:1.35
                command: [sh, -c, "echo one > /work/log"]
                volumeMounts: [{name: work, mountPath: /work}]
              - name: second
                image: localhost/busybox:1.35
                command: [sh, -c, "echo two >> /work/log"]
                volumeMounts: [{name: work, mountPath: /work}]
              containers:
              - name: main
                image: localhost/busybox:1.35
                command: [sh, -c, "echo three >> /work/log; cat /work/log > /dev/termination-log"]
                volumeMounts: [{name: work, mountPath: /work}]
            """);
        await cluster.WaitForAsync("initialised", "{.status.phase}", "Succeeded");
        Assert.Equal("one\ntwo\nthree", await cluster.JsonPathAsync("pod initialised", "{.status.containerStatuses[0].state.terminated.message}"));
        Assert.Equal("Completed Completed", await cluster.JsonPathAsync("pod initialised", "{.status.initContainerStatuses[*].state.terminated.reason}"));
        await cluster.Kubectl.OkAsync("delete pod initialised");
    }

    [Fact]
    public async Task A_sidecar_starts_before_the_app_containers_runs_beside_them_and_ends_with_them()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: with-sidecar}
            spec:
              restartPolicy: Never
              volumes: [{name: shared, emptyDir: {}}]
              initContainers:
              - name: sidecar
                image: localhost/busybox:1.35
                restartPolicy: Always
                command: [sh, -c, "touch /shared/ready; exec sleep 3600"]
                volumeMounts: [{name: shared, mountPath: /shared}]
                startupProbe: {exec: {command: [cat, /shared/ready]}, periodSeconds: 1}
              containers:
              - name: main
                image: localhost/busybox:1.35
                command: [sh, -c, "test -f /shared/ready && echo sidecar-was-there > /dev/termination-log; sleep 2"]
                volumeMounts: [{name: shared, mountPath: /shared}]
            """);
        await cluster.WaitForAsync("with-sidecar", "{.status.phase}", "Running");
        await cluster.WaitForAsync("with-sidecar", "{.status.initContainerStatuses[0].started}", "true");
        Assert.Equal("True", await cluster.JsonPathAsync("pod with-sidecar", "{.status.conditions[?(@.type==\"Initialized\")].status}"));

        // The app container ends (restartPolicy Never): the pod completes and the sidecar is stopped.
        await cluster.WaitForAsync("with-sidecar", "{.status.phase}", "Succeeded");
        Assert.Equal("sidecar-was-there", await cluster.JsonPathAsync("pod with-sidecar", "{.status.containerStatuses[0].state.terminated.message}"));
        await cluster.WaitForAsync("with-sidecar", "{.status.initContainerStatuses[0].state.terminated.reason}", "Error");
        await cluster.Kubectl.OkAsync("delete pod with-sidecar");
    }

    [Fact]
    public async Task Config_map_and_secret_updates_reach_a_running_pod()
    {
        await cluster.Kubectl.OkAsync("create configmap settings --from-literal=key=v1");
        await cluster.Kubectl.OkAsync("create secret generic credentials --from-literal=key=s1");
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: configured}
            spec:
              volumes:
              - {name: settings, configMap: {name: settings}}
              - {name: credentials, secret: {secretName: credentials}}
              containers:
              - name: main
                image: localhost/busybox:1.35
                command: [sleep, "3600"]
                volumeMounts:
                - {name: settings, mountPath: /settings}
                - {name: credentials, mountPath: /credentials}
                readinessProbe: {exec: {command: [sh, -c, "grep -q v2 /settings/key && grep -q s2 /credentials/key"]}, periodSeconds: 1}
            """);
        await cluster.WaitForAsync("configured", "{.status.phase}", "Running");
        Assert.Equal("false", await cluster.JsonPathAsync("pod configured", "{.status.containerStatuses[0].ready}"));

        await cluster.ApplyAsync(await cluster.Kubectl.OkAsync("create configmap settings --from-literal=key=v2 --dry-run=client -o yaml"));
        await cluster.ApplyAsync(await cluster.Kubectl.OkAsync("create secret generic credentials --from-literal=key=s2 --dry-run=client -o yaml"));
        await cluster.WaitForAsync("configured", "{.status.containerStatuses[0].ready}", "true", TimeSpan.FromSeconds(60));
        await cluster.Kubectl.OkAsync("delete pod configured --grace-period=1");
        await cluster.Kubectl.OkAsync("delete configmap settings");
        await cluster.Kubectl.OkAsync("delete secret credentials");
    }

    [Fact]
    public async Task Deleting_a_pod_honours_its_grace_period()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: stubborn}
            spec:
              terminationGracePeriodSeconds: 4
              containers:
              - name: main
                image: localhost/busybox:1.35
                command: [sh, -c, "trap '' TERM; while true; do sleep 1; done"]
            """);
        await cluster.WaitForAsync("stubborn", "{.status.phase}", "Running");
        var clock = Stopwatch.StartNew();
        await cluster.Kubectl.OkAsync("delete pod stubborn --wait=true --timeout=60s");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Describe_node_shows_capacity_conditions_and_pods()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: resident}
            spec:
              containers:
              - {name: main, image: localhost/busybox:1.35, command: [sleep, "3600"], resources: {requests: {cpu: 100m, memory: 16Mi}}}
            """);
        await cluster.WaitForAsync("resident", "{.status.phase}", "Running");
        var description = await cluster.Kubectl.OkAsync($"describe node {cluster.NodeName}");
        Assert.Contains("Capacity:", description, StringComparison.Ordinal);
        Assert.Contains("Allocatable:", description, StringComparison.Ordinal);
        Assert.Contains("KubeletReady", description, StringComparison.Ordinal);
        Assert.Contains("containerd://", description, StringComparison.Ordinal);
        Assert.Contains("PodCIDR:", description, StringComparison.Ordinal);
        Assert.Contains("resident", description, StringComparison.Ordinal);
        Assert.Contains("100m (", description, StringComparison.Ordinal);
        await cluster.Kubectl.OkAsync("delete pod resident --grace-period=1");
    }
}
