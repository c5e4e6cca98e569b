namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// upstream's RateLimitedTimedQueue for one zone: nodes waiting for their NoExecute taint, let out
/// at the zone's eviction rate so a network split does not evict a whole zone at once. A node
/// stays a member after it is handed out (so the next health pass does not queue it again) until
/// <see cref="Remove"/>, which the controller calls when the node is Ready again, needs the other
/// taint, or is gone. Thread-safe.
/// </summary>
internal sealed class ZoneTainter
{
    /// <summary>EvictionRateLimiterBurst: one node at a time.</summary>
    private const int Burst = 1;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly List<(string Node, DateTimeOffset At, long Order)> _waiting = [];
    private TokenBucket _limiter;
    private long _order;

    public ZoneTainter(double qps, TimeProvider time)
    {
        _time = time;
        _limiter = new TokenBucket(qps, Burst, time);
    }

    /// <summary>Queues the node unless it is already a member; true if it was queued.</summary>
    public bool Add(string node)
    {
        lock (_lock)
        {
            if (!_members.Add(node))
            {
                return false;
            }

            _waiting.Add((node, _time.GetUtcNow(), _order++));
            return true;
        }
    }

    /// <summary>Drops the node, queued or handed out; true if it was a member.</summary>
    public bool Remove(string node)
    {
        lock (_lock)
        {
            _waiting.RemoveAll(entry => entry.Node == node);
            return _members.Remove(node);
        }
    }

    /// <summary>The nodes due now, oldest first, as many as the limiter lets through; each is handed out once.</summary>
    public List<string> TakeDue()
    {
        var due = new List<string>();
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_waiting.Count > 0)
            {
                var next = 0;
                for (var i = 1; i < _waiting.Count; i++)
                {
                    if ((_waiting[i].At, _waiting[i].Order).CompareTo((_waiting[next].At, _waiting[next].Order)) < 0)
                    {
                        next = i;
                    }
                }

                // Checked before a token is taken, so a retry waiting for its time costs none.
                if (_waiting[next].At > now || !_limiter.TryAccept())
                {
                    break;
                }

                due.Add(_waiting[next].Node);
                _waiting.RemoveAt(next);
            }
        }

        return due;
    }

    /// <summary>A handed-out node whose tainting failed goes back in line after <paramref name="delay"/> (if still a member).</summary>
    public void Retry(string node, TimeSpan delay)
    {
        lock (_lock)
        {
            if (_members.Contains(node) && !_waiting.Any(entry => entry.Node == node))
            {
                _waiting.Add((node, _time.GetUtcNow() + delay, _order++));
            }
        }
    }

    /// <summary>
    /// Changes the rate (the zone's state changed). As upstream's SwapLimiter, the new bucket is
    /// drained if the old one was empty, so switching rates never grants an extra eviction.
    /// </summary>
    public void SwapLimiter(double qps)
    {
        lock (_lock)
        {
            if (_limiter.Qps == qps)
            {
                return;
            }

            var replacement = new TokenBucket(qps, Burst, _time);
            if (!_limiter.TryAccept())
            {
                _ = replacement.TryAccept();
            }

            _limiter = replacement;
        }
    }
}
