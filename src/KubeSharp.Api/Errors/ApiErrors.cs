using System.Net;

namespace KubeSharp.Api.Errors;

/// <summary>The Status errors of k8s.io/apimachinery/pkg/api/errors, with upstream's messages.</summary>
public static class ApiErrors
{
    public static ApiException NotFound(string group, string resource, string name) =>
        new(HttpStatusCode.NotFound, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", new StatusDetails(name, NullIfEmpty(group), resource));

    public static ApiException AlreadyExists(string group, string resource, string name) =>
        new(HttpStatusCode.Conflict, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", new StatusDetails(name, NullIfEmpty(group), resource));

    public static ApiException Conflict(string group, string resource, string name, string detail) =>
        new(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {detail}", new StatusDetails(name, NullIfEmpty(group), resource));

    public static ApiException ObjectModified(string group, string resource, string name) =>
        Conflict(group, resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>422: <c>Pod "x" is invalid: [a: Required value, b: Invalid value: ...]</c>.</summary>
    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<StatusCause> causes)
    {
        var listed = causes.Select(c => string.IsNullOrEmpty(c.Field) ? c.Message : $"{c.Field}: {c.Message}").ToList();
        var summary = listed.Count == 1 ? listed[0] : $"[{string.Join(", ", listed)}]";
        var qualifiedKind = string.IsNullOrEmpty(group) ? kind : $"{kind}.{group}";
        return new ApiException((HttpStatusCode)422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {summary}", new StatusDetails(name, NullIfEmpty(group), kind, causes));
    }

    public static ApiException BadRequest(string message) => new(HttpStatusCode.BadRequest, "BadRequest", message);

    public static ApiException Forbidden(string group, string resource, string name, string detail) =>
        new(HttpStatusCode.Forbidden, "Forbidden", $"{Qualified(group, resource)} \"{name}\" is forbidden: {detail}", new StatusDetails(name, NullIfEmpty(group), resource));

    public static ApiException MethodNotSupported(string group, string resource, string action) =>
        new(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{action} is not supported on resources of kind \"{Qualified(group, resource)}\"", new StatusDetails(null, NullIfEmpty(group), resource));

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got \"{contentType}\")");

    public static ApiException NotAcceptable(string accept) =>
        new(HttpStatusCode.NotAcceptable, "NotAcceptable", $"only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io (got \"{accept}\")");

    public static ApiException RequestEntityTooLarge(long limit) =>
        new(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    public static ApiException Expired(string message) => new(HttpStatusCode.Gone, "Expired", message);

    public static ApiException Gone(string message) => new(HttpStatusCode.Gone, "Gone", message);

    public static ApiException ResourceNotFound(string path) =>
        new(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource", new StatusDetails(null, null, null, [new StatusCause("UnexpectedServerResponse", $"404 page not found: {path}", string.Empty)]));

    public static ApiException Unauthorized() => new(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");

    public static ApiException ServiceUnavailable(string message) => new(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", message);

    public static ApiException Timeout(string message, int retryAfterSeconds) =>
        new(HttpStatusCode.GatewayTimeout, "Timeout", message, retryAfterSeconds: retryAfterSeconds);

    public static ApiException TooManyRequests(string message, int retryAfterSeconds) =>
        new((HttpStatusCode)429, "TooManyRequests", message, retryAfterSeconds: retryAfterSeconds);

    public static ApiException Internal(string message) =>
        new(HttpStatusCode.InternalServerError, "InternalError", $"Internal error occurred: {message}");

    /// <summary>"pods" for the core group, "deployments.apps" otherwise, as upstream's GroupResource.String().</summary>
    public static string Qualified(string group, string resource) => string.IsNullOrEmpty(group) ? resource : $"{resource}.{group}";

    private static string? NullIfEmpty(string group) => string.IsNullOrEmpty(group) ? null : group;
}
