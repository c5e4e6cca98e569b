using k8s;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Handlers;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Kubelet;

/// <summary>
/// pods/log, pods/exec, pods/attach and pods/portforward: checked here as upstream's pod registry
/// does (the container must be the pod's; the pod must be on a node), then forwarded to that node's
/// kubelet, whose paths are upstream's (/containerLogs, /exec, /attach, /portForward).
/// </summary>
internal static class PodStreams
{
    private static readonly string[] LogParameters = ["follow", "previous", "timestamps", "sinceSeconds", "sinceTime", "tailLines", "limitBytes"];

    public static async Task HandleAsync(ApiContext api, ApiRequest request, KubeletConnector kubelets)
    {
        var subresource = request.Info.Subresource!;
        var isLog = subresource == "log";
        if (isLog ? !HttpMethods.IsGet(request.Http.Request.Method) : !(HttpMethods.IsGet(request.Http.Request.Method) || HttpMethods.IsPost(request.Http.Request.Method)))
        {
            throw ApiErrors.MethodNotSupported(string.Empty, "pods/" + subresource, request.Http.Request.Method);
        }

        var @namespace = request.RequiredNamespace()!;
        var name = request.Info.Name!;
        var json = await api.Store.GetAsync(request.Resource, @namespace, name, request.Aborted)
            ?? throw ApiErrors.NotFound(string.Empty, "pods", name);
        var pod = KubernetesJson.Deserialize<V1Pod>(json.ToJsonString());
        var nodeName = pod.Spec?.NodeName;
        string? container = null;
        if (subresource != "portforward")
        {
            container = Container(request.Query("container"), pod);
        }

        if (string.IsNullOrEmpty(nodeName))
        {
            if (isLog)
            {
                // Upstream answers an unscheduled pod's logs with nothing at all.
                request.Http.Response.StatusCode = 200;
                request.Http.Response.ContentType = "text/plain";
                return;
            }

            throw ApiErrors.BadRequest($"pod {name} does not have a host assigned");
        }

        var nodeJson = await api.Store.GetAsync(api.Registry.Find(string.Empty, "v1", "nodes")!, null, nodeName, request.Aborted)
            ?? throw ApiErrors.ServiceUnavailable($"node \"{nodeName}\" of pod {name} not found");
        var node = KubernetesJson.Deserialize<V1Node>(nodeJson.ToJsonString());
        var path = subresource switch
        {
            "log" => $"/containerLogs/{@namespace}/{name}/{container}{Query(request.Http, LogParameters)}",
            "exec" => $"/exec/{@namespace}/{name}/{container}{request.Http.Request.QueryString}",
            "attach" => $"/attach/{@namespace}/{name}/{container}{request.Http.Request.QueryString}",
            _ => $"/portForward/{@namespace}/{name}{request.Http.Request.QueryString}",
        };
        await kubelets.ProxyAsync(request.Http, node, path, request.Aborted);
    }

    /// <summary>Upstream's ValidateContainer: the named container must be the pod's; none named is fine only for a one-container pod.</summary>
    private static string Container(string? requested, V1Pod pod)
    {
        var all = (pod.Spec?.InitContainers ?? []).Select(c => c.Name)
            .Concat((pod.Spec?.Containers ?? []).Select(c => c.Name))
            .Concat((pod.Spec?.EphemeralContainers ?? []).Select(c => c.Name))
            .ToList();
        if (string.IsNullOrEmpty(requested))
        {
            return pod.Spec?.Containers?.Count switch
            {
                1 => pod.Spec.Containers[0].Name,
                0 or null => throw ApiErrors.BadRequest($"a container name must be specified for pod {pod.Metadata.Name}"),
                _ => throw ApiErrors.BadRequest($"a container name must be specified for pod {pod.Metadata.Name}, choose one of: [{string.Join(" ", all)}]"),
            };
        }

        return all.Contains(requested, StringComparer.Ordinal)
            ? requested
            : throw ApiErrors.BadRequest($"container {requested} is not valid for pod {pod.Metadata.Name}");
    }

    private static string Query(HttpContext context, string[] names)
    {
        var parts = new List<string>();
        foreach (var name in names)
        {
            foreach (var value in context.Request.Query[name])
            {
                parts.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value ?? string.Empty));
            }
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
