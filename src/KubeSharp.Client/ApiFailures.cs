using System.Net;
using k8s.Autorest;

namespace KubeSharp.Client;

/// <summary>How a component reads a failed API call: gone, conflicting, or worth retrying as it is.</summary>
public static class ApiFailures
{
    private const int MaxDetail = 300;

    public static bool IsNotFound(Exception error) => StatusOf(error) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception error) => StatusOf(error) == HttpStatusCode.Conflict;

    /// <summary>
    /// The server was unreachable, overloaded or failing, or the client timed out (callers check
    /// their own token first); anything else (a 4xx) will fail again the same way.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        HttpRequestException or TaskCanceledException or TimeoutException => true,
        HttpOperationException => StatusOf(error) is { } code && ((int)code >= 500 || code == HttpStatusCode.TooManyRequests),
        _ => false,
    };

    /// <summary>A short line for the log: the status and the start of the server's answer.</summary>
    public static string Describe(Exception error)
    {
        if (error is not HttpOperationException { Response: { } response })
        {
            return error.Message;
        }

        var content = response.Content ?? string.Empty;
        return $"{(int)response.StatusCode} {response.ReasonPhrase}: {(content.Length > MaxDetail ? content[..MaxDetail] : content)}";
    }

    private static HttpStatusCode? StatusOf(Exception error) =>
        error is HttpOperationException { Response: { } response } ? response.StatusCode : null;
}
