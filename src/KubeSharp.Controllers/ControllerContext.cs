using k8s;
using KubeSharp.Client.Informers;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers;

/// <summary>What every controller is built from: its API client, the shared informers, the clock, loggers and options.</summary>
public sealed record ControllerContext(IKubernetes Client, SharedInformerFactory Informers, TimeProvider Time, ILoggerFactory Loggers, ControllerOptions Options);
