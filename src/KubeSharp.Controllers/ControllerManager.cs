using k8s;
using KubeSharp.Controllers.Namespace;
using KubeSharp.Controllers.ServiceAccount;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers;

/// <summary>
/// Runs the controllers, each talking to the API server through its own client like any other
/// client. The list grows as controllers land; any can be disabled by name.
/// </summary>
public sealed class ControllerManager(IKubernetes client, TimeProvider time, ILoggerFactory loggers)
{
    public Task RunAsync(IReadOnlySet<string> disabled, CancellationToken cancellationToken)
    {
        var controllers = new List<IController>();
        if (!disabled.Contains(NamespaceController.ControllerName))
        {
            controllers.Add(new NamespaceController(client, time, loggers.CreateLogger<NamespaceController>()));
        }

        if (!disabled.Contains(ServiceAccountController.ControllerName))
        {
            controllers.Add(new ServiceAccountController(client, time, loggers.CreateLogger<ServiceAccountController>()));
        }

        return Task.WhenAll(controllers.Select(c => c.RunAsync(cancellationToken)));
    }
}
