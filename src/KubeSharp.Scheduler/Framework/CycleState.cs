using System.Collections.Concurrent;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Data plugins keep for one scheduling cycle of one pod, written at PreFilter/PreScore and read at
/// Filter/Score. Reads happen in parallel during Filter, so values must not change once written;
/// preemption clones the state and calls the PreFilter extensions on the copy.
/// </summary>
public sealed class CycleState
{
    private readonly ConcurrentDictionary<string, ICloneableState> _data;

    public CycleState()
        : this(new ConcurrentDictionary<string, ICloneableState>(StringComparer.Ordinal))
    {
    }

    private CycleState(ConcurrentDictionary<string, ICloneableState> data) => _data = data;

    /// <summary>Plugins that said Skip at PreFilter: their Filter is not run.</summary>
    public HashSet<string> SkipFilterPlugins { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>Plugins that said Skip at PreScore: their Score is not run.</summary>
    public HashSet<string> SkipScorePlugins { get; private init; } = new(StringComparer.Ordinal);

    public void Write(string key, ICloneableState value) => _data[key] = value;

    /// <summary>Lock-free: Filter and Score read from many threads at once.</summary>
    public T? Read<T>(string key)
        where T : class, ICloneableState =>
        _data.TryGetValue(key, out var value) ? value as T : null;

    public CycleState Clone() =>
        new(new ConcurrentDictionary<string, ICloneableState>(_data.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.Clone())), StringComparer.Ordinal))
        {
            SkipFilterPlugins = new HashSet<string>(SkipFilterPlugins, StringComparer.Ordinal),
            SkipScorePlugins = new HashSet<string>(SkipScorePlugins, StringComparer.Ordinal),
        };
}

/// <summary>A value kept in a <see cref="CycleState"/>; immutable values may return themselves.</summary>
public interface ICloneableState
{
    ICloneableState Clone();
}
