using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.Kubelet.Server;

/// <summary>An error answered before any stream exists: a Kubernetes Status with the matching HTTP code, which kubectl shows as the error.</summary>
internal static class KubeletStatus
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
            ["reason"] = Reason(code),
            ["code"] = code,
        };
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(status.ToJsonString(), cancellationToken);
    }

    private static string Reason(int code) => code switch
    {
        StatusCodes.Status400BadRequest => "BadRequest",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "NotFound",
        StatusCodes.Status405MethodNotAllowed => "MethodNotAllowed",
        StatusCodes.Status422UnprocessableEntity => "Invalid",
        StatusCodes.Status503ServiceUnavailable => "ServiceUnavailable",
        _ => "InternalError",
    };
}
