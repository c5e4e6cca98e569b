using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>resource.Quantity as the scheduler's integers (Value and MilliValue round up, as upstream).</summary>
public static class Quantities
{
    public static long Value(ResourceQuantity? quantity) => quantity is null ? 0 : (long)Math.Ceiling(quantity.ToDecimal());

    public static long Milli(ResourceQuantity? quantity) => quantity is null ? 0 : (long)Math.Ceiling(quantity.ToDecimal() * 1000m);
}
