using KubeSharp.Controllers.Namespace;
using KubeSharp.Controllers.ReplicaSet;
using KubeSharp.Controllers.ServiceAccount;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers;

/// <summary>Every controller the manager can run, by the name <c>--disable</c> takes.</summary>
public static class ControllerDescriptors
{
    public static readonly IReadOnlyList<(string Name, Func<ControllerContext, IController> Create)> All =
    [
        (NamespaceController.ControllerName, context => new NamespaceController(context.Client, context.Time, context.Loggers.CreateLogger<NamespaceController>())),
        (ServiceAccountController.ControllerName, context => new ServiceAccountController(context.Client, context.Time, context.Loggers.CreateLogger<ServiceAccountController>())),
        (ReplicaSetController.ControllerName, context => new ReplicaSetController(context)),
    ];

    public static IEnumerable<string> Names => All.Select(descriptor => descriptor.Name);
}
