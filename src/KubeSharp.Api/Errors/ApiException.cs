using System.Net;

namespace KubeSharp.Api.Errors;

/// <summary>
/// An error the API answers with a Kubernetes Status object. Construct through <see cref="ApiErrors"/>
/// so that messages and reasons match upstream's.
/// </summary>
public sealed class ApiException(
    HttpStatusCode code,
    string reason,
    string message,
    StatusDetails? details = null,
    int? retryAfterSeconds = null) : Exception(message)
{
    public HttpStatusCode Code { get; } = code;

    /// <summary>Upstream's StatusReason: NotFound, AlreadyExists, Conflict, Invalid, BadRequest...</summary>
    public string Reason { get; } = reason;

    public StatusDetails? Details { get; } = details;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}
