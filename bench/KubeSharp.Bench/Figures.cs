using System.Globalization;

namespace KubeSharp.Bench;

/// <summary>Prints results in the one format every benchmark uses: <c>figure: value unit</c>.</summary>
internal static class Figures
{
    public static void Print(string name, double value, string unit)
    {
        var text = value >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("F2", CultureInfo.InvariantCulture);
        Console.WriteLine($"{name}: {text} {unit}");
    }

    public static double Percentile(List<double> samples, double percentile)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        samples.Sort();
        var index = (int)Math.Ceiling(percentile / 100 * samples.Count) - 1;
        return samples[Math.Clamp(index, 0, samples.Count - 1)];
    }

    public static double Median(List<double> samples) => Percentile(samples, 50);
}
