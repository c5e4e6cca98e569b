using System.Globalization;
using KubeSharp.Proxy.Http;

namespace KubeSharp.Proxy.Health;

/// <summary>
/// upstream's ProxyHealthServer state: the proxy is healthy unless a change has waited longer than
/// the health timeout (twice the sync period) for a sync that applied it. /healthz and /livez
/// answer 200 or 503 with upstream's JSON.
/// </summary>
internal sealed class ProxyHealth(TimeProvider time, TimeSpan timeout)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastUpdated;
    private DateTimeOffset? _oldestPending;

    public bool IsHealthy
    {
        get
        {
            lock (_lock)
            {
                return _oldestPending is not { } pending || time.GetUtcNow() - pending < timeout;
            }
        }
    }

    /// <summary>A change arrived that the rules do not reflect yet.</summary>
    public void QueuedUpdate()
    {
        lock (_lock)
        {
            _oldestPending ??= time.GetUtcNow();
        }
    }

    /// <summary>A sync succeeded: the rules reflect every change queued before it started.</summary>
    public void Updated()
    {
        lock (_lock)
        {
            _oldestPending = null;
            _lastUpdated = time.GetUtcNow();
        }
    }

    /// <summary>The answer to /healthz (node eligibility is not watched, so always true) or /livez.</summary>
    public HttpReply Reply(bool livez)
    {
        var now = time.GetUtcNow();
        var healthy = IsHealthy;
        DateTimeOffset? lastUpdated;
        lock (_lock)
        {
            lastUpdated = _lastUpdated;
        }

        // As upstream, a healthy proxy reports the current time as its last update.
        var shown = healthy ? now : lastUpdated;
        var body = livez
            ? $"{{\"lastUpdated\": \"{Format(shown)}\",\"currentTime\": \"{Format(now)}\"}}"
            : $"{{\"lastUpdated\": \"{Format(shown)}\",\"currentTime\": \"{Format(now)}\", \"nodeEligible\": true}}";
        return new HttpReply(healthy ? 200 : 503, "application/json", body)
        {
            Headers = [new("X-Content-Type-Options", "nosniff")],
        };
    }

    private static string Format(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : string.Empty;
}
