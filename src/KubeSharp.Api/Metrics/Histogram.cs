using System.Globalization;
using System.Text;

namespace KubeSharp.Api.Metrics;

/// <summary>One series of a Prometheus histogram: cumulative bucket counts, sum and count.</summary>
public sealed class Histogram
{
    private readonly double[] _buckets;
    private readonly long[] _counts;
    private readonly Lock _lock = new();
    private long _count;
    private double _sum;

    /// <param name="buckets">The upper bounds of the buckets, ascending.</param>
    public Histogram(double[] buckets)
    {
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

    /// <summary>The series' lines (not the metric's HELP and TYPE, which come once for all its series).</summary>
    /// <param name="labels">The series' labels as Prometheus writes them (<c>a="b",c="d"</c>), or empty.</param>
    public void Render(StringBuilder text, string name, string labels = "")
    {
        var before = labels.Length == 0 ? string.Empty : labels + ",";
        var own = labels.Length == 0 ? string.Empty : "{" + labels + "}";
        lock (_lock)
        {
            for (var i = 0; i < _buckets.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{before}le=\"{_buckets[i]}\"}} {_counts[i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{before}le=\"+Inf\"}} {_count}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{own} {_sum}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{own} {_count}\n");
        }
    }
}
