using System.Net;
using System.Text;
using System.Text.Json;
using k8s;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// Raw JSON requests to any resource through the client's HTTP pipeline (TLS, client certificate,
/// bearer token), upstream's metadata client in effect: the generated typed client only knows
/// built-in kinds, the garbage collector must reach every kind discovery lists. Requests use
/// HTTP/1.1 so the many long watches do not queue for streams on the shared HTTP/2 connection.
/// </summary>
internal sealed class MetadataClient
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly Kubernetes _client;
    private readonly TimeProvider _time;

    public MetadataClient(Kubernetes client, TimeProvider time)
    {
        _client = client;
        _time = time;
    }

    public Uri AddressOf(string path) => new(_client.BaseUri, path);

    /// <summary>GET of a JSON document; null when it is not found.</summary>
    public async Task<JsonDocument?> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, AddressOf(path));
        request.Headers.Accept.ParseAdd(MetadataPatches.Json);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(request, response, linked.Token);
        await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
        return await JsonDocument.ParseAsync(body, cancellationToken: linked.Token);
    }

    /// <summary>One object's metadata; null when it is not found.</summary>
    public async Task<ObjectMetadata?> GetMetadataAsync(string path, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(path, cancellationToken);
        return document is null ? null : ObjectMetadata.Parse(document.RootElement);
    }

    /// <summary>Every object of a collection, and the resourceVersion to watch from.</summary>
    public async Task<(List<ObjectMetadata> Items, string ResourceVersion)> ListAsync(string path, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(path, cancellationToken)
            ?? throw new HttpRequestException($"GET {path}: not found", null, HttpStatusCode.NotFound);
        var root = document.RootElement;
        var items = root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ObjectMetadata.Parse).ToList()
            : [];
        var resourceVersion = root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var version)
            ? version.GetString() ?? string.Empty
            : string.Empty;
        return (items, resourceVersion);
    }

    /// <summary>
    /// A request with a JSON body (DELETE with DeleteOptions, PATCH). Returns the status when it is
    /// success, NotFound or Conflict, which callers act on; any other answer throws.
    /// </summary>
    public async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string contentType, string body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, AddressOf(path)) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Accept.ParseAdd(MetadataPatches.Json);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return response.StatusCode;
        }

        await EnsureSuccessAsync(request, response, linked.Token);
        return response.StatusCode;
    }

    /// <summary>Sends with the client's credentials; streaming callers pass ResponseHeadersRead and own the response.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        return await _client.HttpClient.SendAsync(request, completion, cancellationToken);
    }

    /// <summary>Throws with the Status message the server sent, keeping the status code for callers.</summary>
    public static async Task EnsureSuccessAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = text;
        try
        {
            using var status = JsonDocument.Parse(text);
            if (status.RootElement.ValueKind == JsonValueKind.Object && status.RootElement.TryGetProperty("message", out var found) && found.GetString() is { } said)
            {
                message = said;
            }
        }
        catch (JsonException)
        {
            // Not a Status object: the raw text says what there is to say.
        }

        throw new HttpRequestException($"{request.Method} {request.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {message}", null, response.StatusCode);
    }
}
