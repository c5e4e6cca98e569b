using System.Globalization;
using System.Text;

namespace KubeSharp.Proxy.Metrics;

/// <summary>A Prometheus histogram without labels: cumulative buckets, sum and count.</summary>
internal sealed class Histogram
{
    private readonly string _name;
    private readonly string _help;
    private readonly double[] _buckets;
    private readonly long[] _counts;
    private readonly Lock _lock = new();
    private long _count;
    private double _sum;

    /// <param name="name">The metric's name.</param>
    /// <param name="help">What it measures.</param>
    /// <param name="buckets">The upper bounds of the buckets, ascending.</param>
    public Histogram(string name, string help, double[] buckets)
    {
        _name = name;
        _help = help;
        _buckets = buckets;
        _counts = new long[buckets.Length];
    }

    public void Observe(double value)
    {
        lock (_lock)
        {
            for (var i = 0; i < _buckets.Length; i++)
            {
                if (value <= _buckets[i])
                {
                    _counts[i]++;
                }
            }

            _count++;
            _sum += value;
        }
    }

    public void Render(StringBuilder text)
    {
        text.Append("# HELP ").Append(_name).Append(' ').Append(_help).Append('\n');
        text.Append("# TYPE ").Append(_name).Append(" histogram\n");
        lock (_lock)
        {
            for (var i = 0; i < _buckets.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{_name}_bucket{{le=\"{_buckets[i]}\"}} {_counts[i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{_name}_bucket{{le=\"+Inf\"}} {_count}\n");
            text.Append(CultureInfo.InvariantCulture, $"{_name}_sum {_sum}\n");
            text.Append(CultureInfo.InvariantCulture, $"{_name}_count {_count}\n");
        }
    }
}
