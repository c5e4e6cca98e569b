using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>A backend's answer handed to the client: status, the headers that cross a proxy, and the body as it streams.</summary>
internal static class BackendResponse
{
    public static async Task WriteAsync(HttpContext context, HttpResponseMessage response, Func<string, string> rewriteLocation, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        ProxyHeaders.CopyResponse(response, context.Response, rewriteLocation);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[32 * 1024];
        try
        {
            int read;

            // Flushed per read: event streams and long polls reach the client as they come.
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // The backend broke off mid-body: end the client's connection too, so that it cannot take
            // a truncated body for a whole one.
            context.Abort();
        }
    }
}
