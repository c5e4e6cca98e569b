namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Host ports in use on a node by IP, protocol and port. 0.0.0.0 (an empty hostIP) takes the port on
/// every address, so it conflicts with any IP using it, and any IP conflicts with it.
/// </summary>
public sealed class HostPortInfo
{
    private const string AnyAddress = "0.0.0.0";

    private readonly Dictionary<string, HashSet<(string Protocol, int Port)>> _ports = new(StringComparer.Ordinal);

    public int Count => _ports.Sum(pair => pair.Value.Count);

    public void Add(string? ip, string? protocol, int port) => Set(ip).Add((Normalize(protocol), port));

    public void Remove(string? ip, string? protocol, int port)
    {
        var address = string.IsNullOrEmpty(ip) ? AnyAddress : ip;
        if (_ports.TryGetValue(address, out var set) && set.Remove((Normalize(protocol), port)) && set.Count == 0)
        {
            _ports.Remove(address);
        }
    }

    public bool CheckConflict(string? ip, string? protocol, int port)
    {
        var address = string.IsNullOrEmpty(ip) ? AnyAddress : ip;
        var entry = (Normalize(protocol), port);
        if (address == AnyAddress)
        {
            return _ports.Values.Any(set => set.Contains(entry));
        }

        return (_ports.TryGetValue(address, out var own) && own.Contains(entry))
            || (_ports.TryGetValue(AnyAddress, out var any) && any.Contains(entry));
    }

    public HostPortInfo Clone()
    {
        var clone = new HostPortInfo();
        foreach (var (ip, set) in _ports)
        {
            clone._ports[ip] = [.. set];
        }

        return clone;
    }

    private HashSet<(string Protocol, int Port)> Set(string? ip)
    {
        var address = string.IsNullOrEmpty(ip) ? AnyAddress : ip;
        if (!_ports.TryGetValue(address, out var set))
        {
            _ports[address] = set = [];
        }

        return set;
    }

    private static string Normalize(string? protocol) => string.IsNullOrEmpty(protocol) ? "TCP" : protocol;
}
