using System.Net;
using System.Text.Json;
using k8s.Autorest;
using k8s;
using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.DefaultBinder;

/// <summary>Binds the pod to the node through the pods/binding subresource, as upstream's DefaultBinder.</summary>
public sealed class DefaultBinder(IFrameworkHandle handle) : IBindPlugin
{
    public const string PluginName = "DefaultBinder";

    public string Name => PluginName;

    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new DefaultBinder(handle);

    public async Task<Status> BindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Pod.Metadata.Name, NamespaceProperty = pod.Namespace, Uid = pod.Uid },
            Target = new V1ObjectReference { Kind = "Node", Name = nodeName },
        };
        try
        {
            await handle.Client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Pod.Metadata.Name, pod.Namespace, cancellationToken: cancellationToken);
            return Status.Success;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // Already bound elsewhere or deleted meanwhile: an error, so the pod is forgotten and requeued.
            return Status.Error($"binding rejected: {error.Response.Content}");
        }
    }
}
