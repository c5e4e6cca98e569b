using k8s;
using KubeSharp.TestSupport;

namespace KubeSharp.Bench;

/// <summary>
/// One real node for a benchmark (`kubesharp server` with its kubelet and containerd), only inside a
/// lab network namespace; once Ready it is handed to the measurement, then its pods are deleted, the
/// server stopped and `kubesharp killall` run for it.
/// </summary>
internal static class LabNode
{
    public static async Task RunAsync(Func<ServerProcess, Kubernetes, Task> measure)
    {
        LabNamespace.Require();
        var nodeName = "bench-" + Guid.NewGuid().ToString("N")[..6];
        await using var server = await ServerProcess.StartNodeAsync(nodeName);
        try
        {
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig));
            await Wait.UntilAsync(
                async () => (await client.CoreV1.ListNodeAsync(fieldSelector: "metadata.name=" + nodeName)).Items
                    .Any(node => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true),
                TimeSpan.FromMinutes(3),
                "the node to be Ready");
            await measure(server, client);
        }
        finally
        {
            await server.Kubectl.RunAsync("delete pods --all --grace-period=0 --force", timeout: TimeSpan.FromMinutes(2));
            await server.StopAsync();
            using var killall = KubeSharpProcess.Start("killall", "--data-dir", server.DataDirectory, "--node-name", nodeName);
            await killall.WaitForExitAsync(TimeSpan.FromMinutes(2));
        }
    }
}
