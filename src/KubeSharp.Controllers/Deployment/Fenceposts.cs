using System.Globalization;
using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// maxSurge and maxUnavailable as pod counts (deployment_util's ResolveFenceposts, MaxSurge,
/// MaxUnavailable): a percentage is of the desired replicas, surge rounded up and unavailability
/// rounded down.
/// </summary>
internal static class Fenceposts
{
    /// <summary>
    /// ResolveFenceposts. Validation forbids both being 0, but rounding down can make
    /// unavailability 0 too; then it is 1, on the theory that surge might be refused (quota).
    /// </summary>
    /// <exception cref="FormatException">A value is neither a count nor a percentage.</exception>
    public static (int Surge, int Unavailable) Resolve(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = ScaledValue(maxSurge?.Value ?? "0", desired, roundUp: true);
        var unavailable = ScaledValue(maxUnavailable?.Value ?? "0", desired, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return (surge, unavailable);
    }

    /// <summary>intstr.GetScaledValueFromIntOrPercent.</summary>
    /// <exception cref="FormatException">No value, or neither a count nor a percentage.</exception>
    public static int ScaledValue(IntOrString? value, int total, bool roundUp) =>
        ScaledValue(value?.Value ?? throw new FormatException("nil value for IntOrString"), total, roundUp);

    /// <summary>MaxSurge: 0 unless rolling; an invalid value (validation rejects it) counts as 0.</summary>
    public static int MaxSurge(V1Deployment d) =>
        Deployments.IsRollingUpdate(d) && TryResolve(d, out var surge, out _) ? surge : 0;

    /// <summary>MaxUnavailable: 0 unless rolling or with no replicas, and never more than the replicas.</summary>
    public static int MaxUnavailable(V1Deployment d)
    {
        var replicas = Deployments.Replicas(d);
        if (!Deployments.IsRollingUpdate(d) || replicas == 0)
        {
            return 0;
        }

        return TryResolve(d, out _, out var unavailable) ? Math.Min(unavailable, replicas) : 0;
    }

    private static bool TryResolve(V1Deployment d, out int surge, out int unavailable)
    {
        var rollingUpdate = d.Spec?.Strategy?.RollingUpdate;
        try
        {
            (surge, unavailable) = Resolve(rollingUpdate?.MaxSurge, rollingUpdate?.MaxUnavailable, Deployments.Replicas(d));
            return true;
        }
        catch (FormatException)
        {
            (surge, unavailable) = (0, 0);
            return false;
        }
    }

    private static int ScaledValue(string value, int total, bool roundUp)
    {
        if (value.EndsWith('%'))
        {
            if (!int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
            {
                throw new FormatException($"invalid value for IntOrString: invalid value \"{value}\"");
            }

            var scaled = percent * (double)total / 100;
            return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        }

        // The client's IntOrString keeps a number as its text: a bare number is a count.
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new FormatException("invalid value for IntOrString: invalid type: string is not a percentage");
    }
}
