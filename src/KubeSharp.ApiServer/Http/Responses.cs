using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>Writing JSON bodies and upstream's Status objects.</summary>
internal static class Responses
{
    public static async Task WriteJsonAsync(HttpContext context, int statusCode, byte[] body, string contentType = MediaTypes.Json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public static Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body, string contentType = MediaTypes.Json) =>
        WriteJsonAsync(context, statusCode, KubeSharp.Api.Json.JsonDefaults.Serialize(body), contentType);

    public static Task WriteStatusAsync(HttpContext context, ApiException error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(context, (int)error.Code, Status(error));
    }

    public static JsonObject Status(ApiException error)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
        };
        if (error.Details is { } details)
        {
            var written = new JsonObject();
            if (details.Name is not null)
            {
                written["name"] = details.Name;
            }

            if (details.Group is not null)
            {
                written["group"] = details.Group;
            }

            if (details.Kind is not null)
            {
                written["kind"] = details.Kind;
            }

            if (details.Uid is not null)
            {
                written["uid"] = details.Uid;
            }

            if (details.Causes is { Count: > 0 } causes)
            {
                written["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = c.Reason,
                    ["message"] = c.Message,
                    ["field"] = c.Field,
                })]);
            }

            if (error.RetryAfterSeconds is { } retry)
            {
                written["retryAfterSeconds"] = retry;
            }

            status["details"] = written;
        }

        status["code"] = (int)error.Code;
        return status;
    }

    public static JsonObject Success(string? name = null, string? group = null, string? kind = null, string? uid = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        };
        if (name is not null)
        {
            status["details"] = new JsonObject { ["name"] = name, ["group"] = group ?? string.Empty, ["kind"] = kind, ["uid"] = uid };
        }

        return status;
    }
}
