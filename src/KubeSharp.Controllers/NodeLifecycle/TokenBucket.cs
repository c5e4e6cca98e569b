namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// flowcontrol's token bucket as the eviction limiter uses it: starts full, refills at
/// <c>qps</c> a second up to <c>burst</c>, and never waits: a caller without a token tries later.
/// A rate of zero lets nothing through (evictions stopped).
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _qps;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _last;

    public TokenBucket(double qps, int burst, TimeProvider time)
    {
        _qps = qps;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetUtcNow();
    }

    public double Qps => _qps;

    /// <summary>Takes a token if one is there. Not thread-safe: its owner locks.</summary>
    public bool TryAccept()
    {
        if (_qps <= 0)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        _tokens = Math.Min(_burst, _tokens + ((now - _last).TotalSeconds * _qps));
        _last = now;
        // A hair of slack so float rounding never makes a whole token look short.
        if (_tokens < 1 - 1e-9)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
