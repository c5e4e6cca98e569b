namespace KubeSharp.Scheduler;

/// <summary>
/// Counters and latencies of scheduling attempts (upstream's scheduler_schedule_attempts_total and
/// scheduler_scheduling_attempt_duration_seconds), kept in process for logs and benchmarks.
/// </summary>
public sealed class SchedulerMetrics
{
    private const int MaxSamples = 200_000;

    private readonly Lock _lock = new();
    private readonly List<double> _attemptMilliseconds = [];
    private long _scheduled;
    private long _unschedulable;
    private long _errors;
    private long _bound;

    public long Scheduled => Interlocked.Read(ref _scheduled);

    public long Unschedulable => Interlocked.Read(ref _unschedulable);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Pods bound (binding cycle finished).</summary>
    public long Bound => Interlocked.Read(ref _bound);

    internal void Attempt(AttemptResult result, TimeSpan duration)
    {
        switch (result)
        {
            case AttemptResult.Scheduled:
                Interlocked.Increment(ref _scheduled);
                break;
            case AttemptResult.Unschedulable:
                Interlocked.Increment(ref _unschedulable);
                break;
            default:
                Interlocked.Increment(ref _errors);
                break;
        }

        lock (_lock)
        {
            if (_attemptMilliseconds.Count < MaxSamples)
            {
                _attemptMilliseconds.Add(duration.TotalMilliseconds);
            }
        }
    }

    internal void BindingDone() => Interlocked.Increment(ref _bound);

    /// <summary>The given percentile (0-100) of attempt durations in milliseconds, 0 if none.</summary>
    public double AttemptPercentile(double percentile)
    {
        lock (_lock)
        {
            if (_attemptMilliseconds.Count == 0)
            {
                return 0;
            }

            var sorted = _attemptMilliseconds.Order().ToArray();
            var index = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
        }
    }

}

internal enum AttemptResult
{
    Scheduled,
    Unschedulable,
    Error,
}
