namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// The two domains with the fewest matching pods for one constraint; the first always holds the
/// minimum. Two suffice because preemption only changes one node (so one domain) per state copy,
/// as upstream's criticalPaths, whose update rule this follows exactly.
/// </summary>
internal sealed class CriticalPaths
{
    private (string Value, int MatchNum) _first = (string.Empty, int.MaxValue);
    private (string Value, int MatchNum) _second = (string.Empty, int.MaxValue);

    /// <summary>The fewest matching pods in any domain (int.MaxValue while there is none).</summary>
    public int MinMatchNum => _first.MatchNum;

    public void Update(string value, int matchNum)
    {
        if (value == _first.Value || value == _second.Value)
        {
            if (value == _first.Value)
            {
                _first.MatchNum = matchNum;
            }
            else
            {
                _second.MatchNum = matchNum;
            }

            if (_first.MatchNum > _second.MatchNum)
            {
                (_first, _second) = (_second, _first);
            }
        }
        else if (matchNum < _first.MatchNum)
        {
            _second = _first;
            _first = (value, matchNum);
        }
        else if (matchNum < _second.MatchNum)
        {
            _second = (value, matchNum);
        }
    }

    public CriticalPaths Clone() => new() { _first = _first, _second = _second };
}
