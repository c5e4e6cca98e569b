using System.Globalization;
using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>
/// upstream's TriggerTimeTracker: the time of the oldest change (a pod's Ready transition or the
/// Service's creation) not yet reflected in a Service's endpoints, exported as the
/// endpoints.kubernetes.io/last-change-trigger-time annotation. Keys are never synced concurrently.
/// </summary>
internal sealed class TriggerTimeTracker
{
    public const string Annotation = "endpoints.kubernetes.io/last-change-trigger-time";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);

    /// <summary>Records what this sync sees and returns the time to export; null means none (drop the annotation).</summary>
    public DateTime? Compute(string key, V1Service service, IEnumerable<V1Pod> pods)
    {
        State? state;
        lock (_lock)
        {
            _states.TryGetValue(key, out state);
        }

        DateTime? oldestChange = null;
        var podTimes = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (PodStates.ReadyCondition(pod)?.LastTransitionTime is not { } changed)
            {
                continue;
            }

            podTimes[pod.Metadata.Name] = changed;
            if (state is null || !state.PodTimes.TryGetValue(pod.Metadata.Name, out var seen) || changed > seen)
            {
                oldestChange = Earliest(oldestChange, changed);
            }
        }

        var serviceTime = service.Metadata?.CreationTimestamp;
        if (serviceTime is { } created && (state?.ServiceTime is not { } seenService || created > seenService))
        {
            oldestChange = Earliest(oldestChange, created);
        }

        lock (_lock)
        {
            _states[key] = new State(serviceTime, podTimes);
        }

        // A Service seen for the first time was last changed when it was created.
        return state is null ? serviceTime : oldestChange;
    }

    public void Delete(string key)
    {
        lock (_lock)
        {
            _states.Remove(key);
        }
    }

    /// <summary>Sets or removes the annotation on an object about to be written.</summary>
    public static void Annotate(V1ObjectMeta metadata, DateTime? triggerTime)
    {
        metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (triggerTime is { } time)
        {
            metadata.Annotations[Annotation] = Rfc3339Nano(time);
        }
        else
        {
            metadata.Annotations.Remove(Annotation);
        }
    }

    /// <summary>Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros.</summary>
    public static string Rfc3339Nano(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";
    }

    private static DateTime Earliest(DateTime? current, DateTime candidate) =>
        current is { } existing && existing <= candidate ? existing : candidate;

    private sealed record State(DateTime? ServiceTime, Dictionary<string, DateTime> PodTimes);
}
