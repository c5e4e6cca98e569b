using k8s.Models;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// What one reconcile of a Service decided: slices to create (no name yet), to update (copies,
/// changed) and to delete, plus pods it had to leave out for now (their node is not known yet).
/// </summary>
internal sealed class SlicePlan
{
    public List<V1EndpointSlice> ToCreate { get; } = [];

    public List<V1EndpointSlice> ToUpdate { get; } = [];

    public List<V1EndpointSlice> ToDelete { get; } = [];

    /// <summary>Why the Service must be reconciled again even once the plan is carried out.</summary>
    public List<string> Problems { get; } = [];

    public bool IsEmpty => ToCreate.Count == 0 && ToUpdate.Count == 0 && ToDelete.Count == 0;
}
