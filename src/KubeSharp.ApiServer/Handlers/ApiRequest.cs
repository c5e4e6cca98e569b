using System.Globalization;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>One resource request: the HTTP context, the parsed path, the resource and the query options.</summary>
internal sealed class ApiRequest(HttpContext http, RequestInfo info, RegisteredResource resource, ApiContext api)
{
    public ApiContext Api { get; } = api;

    public HttpContext Http { get; } = http;

    public RequestInfo Info { get; } = info;

    public RegisteredResource Resource { get; } = resource;

    public CancellationToken Aborted => Http.RequestAborted;

    public string? Namespace => Info.Namespace;

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public bool QueryFlag(string name) => Query(name) is "true" or "1" or "True";

    public long? QueryInt64(string name)
    {
        var text = Query(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiErrors.BadRequest($"invalid value for {name}: \"{text}\"");
    }

    /// <summary>dryRun=All: validate and answer as if written, write nothing.</summary>
    public bool DryRun
    {
        get
        {
            var values = Http.Request.Query["dryRun"];
            foreach (var value in values)
            {
                if (value != "All")
                {
                    throw ApiErrors.BadRequest($"Invalid dry run value: \"{value}\" (supported values: \"All\")");
                }
            }

            return values.Count > 0;
        }
    }

    public bool WantsTable => MediaTypes.WantsTable(Http.Request.Headers.Accept.ToString());

    /// <summary>The same request as if made to the resource itself (for subresources that change the main object).</summary>
    public ApiRequest AsMainResource() => new(Http, Info with { Subresource = null }, Resource, Api);

    /// <summary>The namespace a namespaced request needs; a cluster-scoped resource has none.</summary>
    public string? RequiredNamespace()
    {
        if (!Resource.Api.Namespaced)
        {
            return null;
        }

        return string.IsNullOrEmpty(Namespace)
            ? throw ApiErrors.BadRequest("the server could not find the requested resource: a namespace must be given for namespaced resources")
            : Namespace;
    }
}
