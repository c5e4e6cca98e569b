namespace KubeSharp.Scheduler.Plugins.Helper;

/// <summary>helper.BuildBrokenLinearFunction: a piecewise linear function through shape points.</summary>
public static class BrokenLinearFunction
{
    /// <summary>
    /// f(p) is the first point's score left of it, the last point's right of it, and linear (in
    /// integer arithmetic, truncating as upstream) between neighbouring points. The points must be
    /// non-empty and sorted by strictly increasing utilization.
    /// </summary>
    public static Func<long, long> Build(IReadOnlyList<FunctionShapePoint> shape)
    {
        if (shape.Count == 0)
        {
            throw new ArgumentException("a function shape needs at least one point", nameof(shape));
        }

        FunctionShapePoint[] points = [.. shape];
        return p =>
        {
            for (var i = 0; i < points.Length; i++)
            {
                if (p <= points[i].Utilization)
                {
                    if (i == 0)
                    {
                        return points[0].Score;
                    }

                    var left = points[i - 1];
                    var right = points[i];
                    return left.Score + ((right.Score - left.Score) * (p - left.Utilization) / (right.Utilization - left.Utilization));
                }
            }

            return points[^1].Score;
        };
    }
}
