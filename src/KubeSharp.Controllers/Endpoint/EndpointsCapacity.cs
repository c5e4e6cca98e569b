using k8s.Models;

namespace KubeSharp.Controllers.Endpoint;

/// <summary>
/// At most 1000 addresses per Endpoints object (maxCapacity): beyond that the controller keeps ready
/// addresses first, spreads the cut over subsets in proportion to their size, and marks the object
/// endpoints.kubernetes.io/over-capacity=truncated.
/// </summary>
internal static class EndpointsCapacity
{
    public const int MaxCapacity = 1000;
    public const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";
    public const string Truncated = "truncated";

    /// <summary>truncateEndpoints: cuts the subsets down in place; true if anything was cut.</summary>
    public static bool Truncate(IList<V1EndpointSubset>? subsets)
    {
        if (subsets is null)
        {
            return false;
        }

        var totalReady = subsets.Sum(s => s.Addresses?.Count ?? 0);
        var totalNotReady = subsets.Sum(s => s.NotReadyAddresses?.Count ?? 0);
        if (totalReady + totalNotReady <= MaxCapacity)
        {
            return false;
        }

        // With too many ready addresses, not-ready ones all go; otherwise only not-ready ones are cut.
        var truncateReady = totalReady > MaxCapacity;
        var room = truncateReady ? MaxCapacity : MaxCapacity - totalReady;
        var total = truncateReady ? totalReady : totalNotReady;
        var canBeAdded = room;
        foreach (var subset in subsets)
        {
            var inSubset = truncateReady ? subset.Addresses?.Count ?? 0 : subset.NotReadyAddresses?.Count ?? 0;

            // Rounded up, so the last subsets may get fewer than their share.
            var toBeAdded = Math.Min((int)Math.Ceiling((double)inSubset / total * room), canBeAdded);
            if (truncateReady)
            {
                subset.Addresses = Take(subset.Addresses, toBeAdded);
                subset.NotReadyAddresses = null;
                canBeAdded -= subset.Addresses?.Count ?? 0;
            }
            else
            {
                subset.NotReadyAddresses = Take(subset.NotReadyAddresses, toBeAdded);
                canBeAdded -= subset.NotReadyAddresses?.Count ?? 0;
            }
        }

        return true;
    }

    /// <summary>capacityAnnotationSetCorrectly: not over capacity, and not marked as if it were.</summary>
    public static bool AnnotationCorrect(V1Endpoints endpoints)
    {
        var count = (endpoints.Subsets ?? []).Sum(s => (s.Addresses?.Count ?? 0) + (s.NotReadyAddresses?.Count ?? 0));
        return count <= MaxCapacity && endpoints.Metadata?.Annotations?.ContainsKey(OverCapacityAnnotation) != true;
    }

    private static IList<V1EndpointAddress>? Take(IList<V1EndpointAddress>? addresses, int count) =>
        addresses is null || addresses.Count <= count ? addresses : [.. addresses.Take(count)];
}
