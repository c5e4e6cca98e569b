using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Auth;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Kubelet;
using KubeSharp.ApiServer.Metrics;
using KubeSharp.ApiServer.OpenApi;
using KubeSharp.ApiServer.Proxy;
using KubeSharp.ApiServer.Registry.CronJobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>Every request's way in: authentication, then health, version, discovery or a resource handler; errors become Status objects.</summary>
internal sealed partial class ApiDispatcher(
    ApiContext api, Authenticator authenticator, DiscoveryDocuments discovery, OpenApiDocuments openApi, ApiMetrics metrics, MetricsApi metricsApi, ResourceProxy proxies, ILogger<ApiDispatcher> logger)
{
    public static readonly JsonObject Version = new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0+kubesharp",
        ["gitCommit"] = "kubesharp",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-29T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public async Task HandleAsync(HttpContext context)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var verb = context.Request.Method;
        string resourceLabel = string.Empty;

        // Short requests get the client's ?timeout= up to upstream's default --request-timeout;
        // watches and streams run until done.
        var clientGone = context.RequestAborted;
        var timeoutText = context.Request.Query["timeout"].ToString();
        var requested = timeoutText.Length == 0 ? null : GoDuration.Parse(timeoutText);
        using var deadline = new CancellationTokenSource(
            IsLongRunning(context) ? Timeout.InfiniteTimeSpan : requested is { } asked && asked > TimeSpan.Zero && asked < RequestTimeout ? asked : RequestTimeout,
            api.Time);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(clientGone, deadline.Token);
        context.RequestAborted = aborted.Token;
        try
        {
            if (authenticator.Authenticate(context) is null)
            {
                throw ApiErrors.Unauthorized();
            }

            if (timeoutText.Length > 0 && requested is null)
            {
                throw ApiErrors.BadRequest($"invalid timeout specified in the request URL - {GoDuration.Error(timeoutText)}");
            }

            var path = context.Request.Path.Value ?? "/";
            if (ProxyRequest.From(context) is { } proxy)
            {
                resourceLabel = proxy.Resource;
                verb = "CONNECT";
                await proxies.HandleAsync(context, proxy);
            }
            else if (await metricsApi.TryHandleAsync(context))
            {
                resourceLabel = "metrics.k8s.io";
                verb = "GET";
            }
            else if (RequestInfo.Parse(path) is { } info)
            {
                resourceLabel = info.Resource;
                verb = await HandleResourceAsync(context, info);
            }
            else
            {
                await HandleNonResourceAsync(context, path.TrimEnd('/'));
            }
        }
        catch (ApiException error)
        {
            if (!context.Response.HasStarted)
            {
                await Responses.WriteStatusAsync(context, error);
            }
        }
        catch (System.Text.Json.JsonException error)
        {
            // Only input is ever parsed: malformed JSON anywhere in a body is the client's error.
            if (!context.Response.HasStarted)
            {
                await Responses.WriteStatusAsync(context, ApiErrors.BadRequest($"error decoding the request body: {error.Message}"));
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !clientGone.IsCancellationRequested)
        {
            if (!context.Response.HasStarted)
            {
                await Responses.WriteStatusAsync(context, ApiErrors.Timeout("request did not complete within the allotted timeout", 1));
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogFailure(context.Request.Method, context.Request.Path, error);
            if (!context.Response.HasStarted)
            {
                await Responses.WriteStatusAsync(context, ApiErrors.Internal(error.Message));
            }
        }
        finally
        {
            metrics.Observe(verb, resourceLabel, context.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private static bool IsLongRunning(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        return context.Request.Query["watch"] is { Count: > 0 } watch && watch[0] is "true" or "1"
            || path.Contains("/watch/", StringComparison.Ordinal)
            || path.EndsWith("/log", StringComparison.Ordinal) || path.EndsWith("/exec", StringComparison.Ordinal)
            || path.EndsWith("/attach", StringComparison.Ordinal) || path.EndsWith("/portforward", StringComparison.Ordinal)
            || path.Contains("/proxy", StringComparison.Ordinal);
    }

    private async Task<string> HandleResourceAsync(HttpContext context, RequestInfo info)
    {
        var resource = api.Registry.Find(info.Group, info.Version, info.Resource)
            ?? throw ApiErrors.ResourceNotFound(context.Request.Path);
        if (info.Subresource is { } sub && !resource.Api.Subresources.Contains(sub))
        {
            throw ApiErrors.ResourceNotFound(context.Request.Path);
        }

        var request = new ApiRequest(context, info, resource, api);
        var method = context.Request.Method;
        switch (info.Subresource)
        {
            case null or "status":
                break;
            case "finalize" when HttpMethods.IsPut(method):
                await UpdateHandler.HandleAsync(api, request);
                return "PUT";
            case "scale":
                await ScaleHandler.HandleAsync(api, request);
                return method;
            case "eviction" when HttpMethods.IsPost(method):
                await EvictionHandler.HandleAsync(api, request);
                return "CREATE";
            case "binding" when HttpMethods.IsPost(method):
                await BindingHandler.HandleAsync(api, request);
                return "CREATE";
            case "log" or "exec" or "attach" or "portforward" when resource.Api is { Group: "", Plural: "pods" }:
                await PodStreams.HandleAsync(api, request, api.Kubelets);
                return info.Subresource == "log" ? "GET" : "CONNECT";
            default:
                throw ApiErrors.ServiceUnavailable($"the {info.Subresource} subresource of {resource.Api.Plural} is not served yet by this server");
        }

        if (HttpMethods.IsGet(method))
        {
            if (info.Name is not null)
            {
                await GetHandler.HandleAsync(api, request);
                return "GET";
            }

            var options = ListOptions.From(request);
            if (info.LegacyWatch || request.QueryFlag("watch"))
            {
                metrics.WatchStarted(resource.Api.Plural);
                try
                {
                    await WatchHandler.HandleAsync(api, request, options);
                }
                finally
                {
                    metrics.WatchEnded(resource.Api.Plural);
                }

                return "WATCH";
            }

            await ListHandler.HandleAsync(api, request, options);
            return "LIST";
        }

        if (info.Subresource is "status" && !(HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)))
        {
            throw ApiErrors.MethodNotSupported(resource.Api.Group, $"{resource.Api.Plural}/status", method.ToLowerInvariant());
        }

        switch (method)
        {
            case "POST" when info.Name is null:
                await CreateHandler.HandleAsync(api, request);
                return "POST";
            case "PUT" when info.Name is not null:
                await UpdateHandler.HandleAsync(api, request);
                return "PUT";
            case "PATCH" when info.Name is not null:
                await PatchHandler.HandleAsync(api, request);
                return "PATCH";
            case "DELETE" when info.Name is not null:
                await DeleteHandler.HandleAsync(api, request);
                return "DELETE";
            case "DELETE":
                await DeleteCollectionHandler.HandleAsync(api, request);
                return "DELETE";
            default:
                throw ApiErrors.MethodNotSupported(resource.Api.Group, resource.Api.Plural, method.ToLowerInvariant());
        }
    }

    private async Task HandleNonResourceAsync(HttpContext context, string path)
    {
        var accept = context.Request.Headers.Accept.ToString();
        switch (path)
        {
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok");
                return;
            case "/version":
                await Responses.WriteJsonAsync(context, 200, Version);
                return;
            case "/metrics":
                context.Response.ContentType = "text/plain; version=0.0.4";
                await context.Response.WriteAsync(metrics.Render());
                return;
            case "/api":
                await WriteDiscoveryAsync(context, accept, discovery.AggregatedCore, discovery.CoreVersions);
                return;
            case "/apis":
                await WriteDiscoveryAsync(context, accept, discovery.AggregatedGroups, discovery.Groups);
                return;
            case "/openapi/v2":
                if (accept.Contains("protobuf", StringComparison.Ordinal))
                {
                    await Responses.WriteJsonAsync(context, 200, OpenApiV2.Protobuf, OpenApiV2.ProtobufMediaType);
                }
                else
                {
                    await Responses.WriteJsonAsync(context, 200, System.Text.Encoding.UTF8.GetBytes(OpenApiV2.Json));
                }

                return;
            case "/openapi/v3":
                await Responses.WriteJsonAsync(context, 200, openApi.Index());
                return;
            case "/api/v1":
                await Responses.WriteJsonAsync(context, 200, discovery.ResourceLists[(string.Empty, "v1")]);
                return;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["apis", var group] && discovery.GroupByName.TryGetValue(group, out var groupDocument))
        {
            await Responses.WriteJsonAsync(context, 200, groupDocument);
            return;
        }

        if (parts is ["apis", var g, var v] && discovery.ResourceLists.TryGetValue((g, v), out var list))
        {
            await Responses.WriteJsonAsync(context, 200, list);
            return;
        }

        if (parts is ["openapi", "v3", .. var rest] && openApi.Document(string.Join('/', rest)) is { } document)
        {
            context.Response.Headers.ETag = $"\"{document.Hash}\"";
            await Responses.WriteJsonAsync(context, 200, document.Body);
            return;
        }

        if (parts is ["healthz" or "livez" or "readyz", ..])
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("ok");
            return;
        }

        throw ApiErrors.ResourceNotFound(path);
    }

    private static Task WriteDiscoveryAsync(HttpContext context, string accept, JsonObject aggregated, JsonObject legacy)
    {
        if (MediaTypes.AggregatedDiscoveryVersion(accept) is not { } version)
        {
            return Responses.WriteJsonAsync(context, 200, legacy);
        }

        // v2beta1 (kubectl 1.27-1.29) has the same shape as v2.
        var document = (JsonObject)aggregated.DeepClone();
        document["apiVersion"] = "apidiscovery.k8s.io/" + version;
        return Responses.WriteJsonAsync(context, 200, document, $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "apiserver: {Method} {Path} failed")]
    private partial void LogFailure(string method, string path, Exception error);
}
