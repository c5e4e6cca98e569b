using k8s;
using KubeSharp.Client.Informers;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers;

/// <summary>
/// Runs the controllers, all talking to the API server through one client like any other client
/// and sharing one informer per resource. Any controller can be disabled by name.
/// </summary>
public sealed class ControllerManager(IKubernetes client, TimeProvider time, ILoggerFactory loggers, ControllerOptions options)
{
    public async Task RunAsync(IReadOnlySet<string> disabled, CancellationToken cancellationToken)
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
