namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Data plugins keep for one scheduling cycle of one pod, written at PreFilter/PreScore and read at
/// Filter/Score. Reads happen in parallel during Filter, so values must not change once written;
/// preemption clones the state and calls the PreFilter extensions on the copy.
/// </summary>
public sealed class CycleState
{
    private readonly Dictionary<string, ICloneableState> _data;

    public CycleState()
        : this(new Dictionary<string, ICloneableState>(StringComparer.Ordinal))
    {
    }

    private CycleState(Dictionary<string, ICloneableState> data) => _data = data;

    /// <summary>Plugins that said Skip at PreFilter: their Filter is not run.</summary>
    public HashSet<string> SkipFilterPlugins { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>Plugins that said Skip at PreScore: their Score is not run.</summary>
    public HashSet<string> SkipScorePlugins { get; private init; } = new(StringComparer.Ordinal);

    public void Write(string key, ICloneableState value)
    {
        lock (_data)
        {
            _data[key] = value;
        }
    }

    public T? Read<T>(string key)
        where T : class, ICloneableState
    {
        lock (_data)
        {
            return _data.GetValueOrDefault(key) as T;
        }
    }

    public CycleState Clone()
    {
        lock (_data)
        {
            return new CycleState(_data.ToDictionary(pair => pair.Key, pair => pair.Value.Clone(), StringComparer.Ordinal))
            {
                SkipFilterPlugins = new HashSet<string>(SkipFilterPlugins, StringComparer.Ordinal),
                SkipScorePlugins = new HashSet<string>(SkipScorePlugins, StringComparer.Ordinal),
            };
        }
    }
}

/// <summary>A value kept in a <see cref="CycleState"/>; immutable values may return themselves.</summary>
public interface ICloneableState
{
    ICloneableState Clone();
}
