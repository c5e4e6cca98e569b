using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KubeSharp.Proxy.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Proxy.Health;

/// <summary>
/// The health check node ports of LoadBalancer Services with externalTrafficPolicy Local
/// (upstream's ServiceHealthServer): one listener per port, answering 200 while the Service has
/// ready endpoints on this node and the proxy is healthy, else 503, so a load balancer only sends
/// to nodes that serve the Service. Listeners open and close as Services come and go.
/// </summary>
internal sealed partial class ServiceHealthServer : IAsyncDisposable
{
    private readonly IPAddress _bindAddress;
    private readonly Func<bool> _proxyHealthy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<int, HttpResponder> _listeners = [];
    private IReadOnlyDictionary<int, HealthCheckTarget> _targets = new Dictionary<int, HealthCheckTarget>();

    /// <param name="bindAddress">The address the node ports listen on (any, on a node).</param>
    /// <param name="proxyHealthy">Whether the proxy itself is healthy, which every answer includes.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where listen failures are logged.</param>
    public ServiceHealthServer(IPAddress bindAddress, Func<bool> proxyHealthy, TimeProvider time, ILogger logger)
    {
        _bindAddress = bindAddress;
        _proxyHealthy = proxyHealthy;
        _time = time;
        _logger = logger;
    }

    /// <summary>The ports listened on.</summary>
    public IReadOnlyCollection<int> Ports => _listeners.Keys;

    /// <summary>Serves exactly these ports with these Services; not to be called concurrently.</summary>
    public async Task SyncAsync(IReadOnlyDictionary<int, HealthCheckTarget> targets)
    {
        Volatile.Write(ref _targets, targets);
        foreach (var port in _listeners.Keys.ToArray())
        {
            if (!targets.ContainsKey(port) && _listeners.Remove(port, out var listener))
            {
                await listener.DisposeAsync();
            }
        }

        foreach (var (port, target) in targets)
        {
            if (_listeners.ContainsKey(port))
            {
                continue;
            }

            try
            {
                _listeners[port] = HttpResponder.Start(new IPEndPoint(_bindAddress, port), (_, _) => Reply(port), _time, _logger);
            }
            catch (SocketException error)
            {
                // Tried again at the next sync.
                LogListenFailed(port, target.Namespace, target.Name, error.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners.Values)
        {
            await listener.DisposeAsync();
        }

        _listeners.Clear();
    }

    /// <summary>upstream's answer: 200 with local endpoints and a healthy proxy, else 503; the JSON says why.</summary>
    public static HttpReply Describe(HealthCheckTarget target, bool healthy)
    {
        var body = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\n\t\"service\": {{\n\t\t\"namespace\": {JsonSerializer.Serialize(target.Namespace)},\n\t\t\"name\": {JsonSerializer.Serialize(target.Name)}\n\t}},\n\t\"localEndpoints\": {target.LocalEndpoints},\n\t\"serviceProxyHealthy\": {(healthy ? "true" : "false")}\n}}");
        return new HttpReply(target.LocalEndpoints > 0 && healthy ? 200 : 503, "application/json", body)
        {
            Headers =
            [
                new("X-Content-Type-Options", "nosniff"),
                new("X-Load-Balancing-Endpoint-Weight", target.LocalEndpoints.ToString(CultureInfo.InvariantCulture)),
            ],
        };
    }

    private HttpReply Reply(int port) =>
        Volatile.Read(ref _targets).TryGetValue(port, out var target) ? Describe(target, _proxyHealthy()) : HttpReply.NotFound();

    [LoggerMessage(Level = LogLevel.Error, Message = "kube-proxy: cannot listen on health check node port {Port} of {Namespace}/{Name}: {Reason}")]
    private partial void LogListenFailed(int port, string @namespace, string name, string reason);
}
