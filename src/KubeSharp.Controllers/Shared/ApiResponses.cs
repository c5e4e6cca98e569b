using System.Net;
using k8s.Autorest;

namespace KubeSharp.Controllers.Shared;

/// <summary>What an API error means to a controller.</summary>
internal static class ApiResponses
{
    public static bool IsNotFound(HttpOperationException error) => error.Response?.StatusCode == HttpStatusCode.NotFound;

    public static bool IsConflict(HttpOperationException error) => error.Response?.StatusCode == HttpStatusCode.Conflict;

    /// <summary>errors.HasStatusCause(err, NamespaceTerminatingCause): a create refused because the namespace is being deleted.</summary>
    public static bool IsNamespaceTerminating(HttpOperationException error) =>
        error.Response?.StatusCode == HttpStatusCode.Forbidden
        && error.Response.Content?.Contains("NamespaceTerminating", StringComparison.Ordinal) == true;
}
