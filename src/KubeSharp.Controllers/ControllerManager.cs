using k8s;
using KubeSharp.Client.Informers;
using KubeSharp.Client.LeaderElection;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers;

/// <summary>
/// Runs the controllers, all talking to the API server through one client like any other client
/// and sharing one informer per resource. Any controller can be disabled by name. Controllers run
/// only while this instance holds the kube-system/kube-controller-manager Lease, so two servers on
/// one store never both act; a new leader starts from fresh informers.
/// </summary>
public sealed class ControllerManager(IKubernetes client, TimeProvider time, ILoggerFactory loggers, ControllerOptions options)
{
    public async Task RunAsync(IReadOnlySet<string> disabled, CancellationToken cancellationToken)
    {
        var election = new LeaderElector(client, new LeaderElectionOptions
        {
            Namespace = "kube-system",
            Name = "kube-controller-manager",
            Identity = $"{Environment.MachineName}_{Guid.NewGuid()}",
        }, time, loggers.CreateLogger("controller-manager.leaderelection"));
        await election.RunAsync(leading => RunControllersAsync(disabled, leading), cancellationToken);
    }

    private async Task RunControllersAsync(IReadOnlySet<string> disabled, CancellationToken cancellationToken)
    {
        var informers = new SharedInformerFactory(client, time, loggers);
        var context = new ControllerContext(client, informers, time, loggers, options);
        var controllers = ControllerDescriptors.All
            .Where(descriptor => !disabled.Contains(descriptor.Name))
            .Select(descriptor => descriptor.Create(context))
            .ToList();
        var running = informers.RunAsync(cancellationToken);
        await Task.WhenAll(controllers.Select(controller => controller.RunAsync(cancellationToken)).Append(running));
    }
}
