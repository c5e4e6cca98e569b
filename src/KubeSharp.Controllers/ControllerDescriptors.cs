using KubeSharp.Controllers.Deployment;
using KubeSharp.Controllers.Endpoint;
using KubeSharp.Controllers.EndpointSlice;
using KubeSharp.Controllers.Namespace;
using KubeSharp.Controllers.NodeIpam;
using KubeSharp.Controllers.NodeLifecycle;
using KubeSharp.Controllers.ReplicaSet;
using KubeSharp.Controllers.ServiceAccount;
using KubeSharp.Controllers.ServiceLb;
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
        (DeploymentController.ControllerName, context => new DeploymentController(context)),
        (EndpointController.ControllerName, context => new EndpointController(context)),
        (EndpointSliceController.ControllerName, context => new EndpointSliceController(context)),
        (NodeLifecycleController.ControllerName, context => new NodeLifecycleController(context)),
        (NodeIpamController.ControllerName, context => new NodeIpamController(context)),
        (GarbageCollector.GarbageCollector.ControllerName, context => new GarbageCollector.GarbageCollector(context)),
        (PodGarbageCollector.PodGarbageCollector.ControllerName, context => new PodGarbageCollector.PodGarbageCollector(context)),
        (ServiceLbController.ControllerName, context => new ServiceLbController(context)),
    ];

    public static IEnumerable<string> Names => All.Select(descriptor => descriptor.Name);
}
