using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>A refusal before any stream exists: a Kubernetes Status with the matching HTTP code, which clients show as the error.</summary>
internal static class PortForwardStatus
{
    public static async Task WriteAsync(HttpContext context, int code, string message, CancellationToken cancellationToken)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = code switch
            {
                StatusCodes.Status400BadRequest => "BadRequest",
                StatusCodes.Status403Forbidden => "Forbidden",
                _ => "InternalError",
            },
            ["code"] = code,
        };
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(status.ToJsonString(), cancellationToken);
    }
}
