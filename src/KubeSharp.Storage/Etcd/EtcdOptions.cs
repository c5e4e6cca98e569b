namespace KubeSharp.Storage.Etcd;

public sealed record EtcdOptions
{
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The deadline on every call; a write that runs into it has an unknown outcome.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Parses k3s's form: <c>http://h1:2379,http://h2:2379</c>.</summary>
    public static EtcdOptions Parse(string endpoints)
    {
        var list = new List<Uri>();
        foreach (var part in endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new StorageOpenException($"invalid datastore endpoint \"{part}\": expected http://host:port (TLS to etcd is not supported yet)");
            }

            list.Add(uri);
        }

        if (list.Count == 0)
        {
            throw new StorageOpenException("no datastore endpoint given");
        }

        return new EtcdOptions { Endpoints = list };
    }
}
