namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// Upstream's crash-loop back-off per container: 10 s doubling to 5 min, forgotten once a container
/// has gone twice the maximum (10 min) without a new failure.
/// </summary>
internal sealed class RestartBackoff(TimeProvider time)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Maximum = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How long the container must still wait after failing at <paramref name="failedAt"/>; zero when it may restart.</summary>
    public TimeSpan Remaining(string key, DateTimeOffset failedAt)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return TimeSpan.Zero;
            }

            var left = failedAt + entry.Backoff - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>The back-off the container is in (for the CrashLoopBackOff message).</summary>
    public TimeSpan Current(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Backoff : Initial;
        }
    }

    /// <summary>Records a restart after a failure at <paramref name="failedAt"/>, doubling the back-off.</summary>
    public void Next(string key, DateTimeOffset failedAt)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || failedAt - entry.LastUpdate > 2 * Maximum)
            {
                _entries[key] = new Entry(Initial, failedAt);
                return;
            }

            var doubled = entry.Backoff * 2;
            _entries[key] = new Entry(doubled > Maximum ? Maximum : doubled, failedAt);
        }
    }

    /// <summary>Forgets every container of a pod (key prefix) when the pod goes away.</summary>
    public void Forget(string prefix)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private readonly record struct Entry(TimeSpan Backoff, DateTimeOffset LastUpdate);
}
