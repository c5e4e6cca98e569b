namespace KubeSharp.Proxy.Http;

/// <summary>One response of <see cref="HttpResponder"/>.</summary>
internal sealed record HttpReply(int Status, string ContentType, string Body)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static HttpReply NotFound() => new(404, "text/plain; charset=utf-8", "404 page not found\n");
}
