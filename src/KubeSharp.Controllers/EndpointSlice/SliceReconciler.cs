using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// upstream's EndpointSlice reconciler (k8s.io/endpointslice reconciler.go) without the API calls:
/// from a Service, the pods it selects and its existing slices, works out which slices to create,
/// update and delete. Per address type and per set of ports it keeps existing slices, drops
/// endpoints no longer wanted and updates changed ones in place, fills the slices it is updating
/// anyway, then puts what is left into an unchanged slice it fits in or into new slices of at most
/// <see cref="MaxEndpointsPerSlice"/> endpoints. Creations that can reuse a slice about to be deleted
/// become updates of it. A Service without endpoints keeps one empty placeholder slice.
/// </summary>
internal sealed class SliceReconciler(int maxEndpointsPerSlice)
{
    /// <summary>--max-endpoints-per-slice's default.</summary>
    public const int DefaultMaxEndpointsPerSlice = 100;

    public int MaxEndpointsPerSlice { get; } = maxEndpointsPerSlice;

    /// <param name="service">A Service with a selector.</param>
    /// <param name="pods">The pods its selector matches.</param>
    /// <param name="existing">Its slices managed by this controller, not being deleted.</param>
    /// <param name="nodes">The node of that name, or null if it is not known.</param>
    public SlicePlan Reconcile(V1Service service, IReadOnlyList<V1Pod> pods, IReadOnlyList<V1EndpointSlice> existing, Func<string, V1Node?> nodes)
    {
        var plan = new SlicePlan();
        var addressTypes = SliceEndpoints.AddressTypes(service);
        var byAddressType = new Dictionary<string, List<V1EndpointSlice>>(StringComparer.Ordinal);
        var unsupported = new List<V1EndpointSlice>();
        foreach (var slice in existing)
        {
            if (!addressTypes.Contains(slice.AddressType))
            {
                // The Service no longer has that IP family.
                unsupported.Add(slice);
                continue;
            }

            if (!byAddressType.TryGetValue(slice.AddressType, out var list))
            {
                list = [];
                byAddressType[slice.AddressType] = list;
            }

            list.Add(slice);
        }

        foreach (var addressType in addressTypes)
        {
            ReconcileAddressType(service, pods, byAddressType.GetValueOrDefault(addressType) ?? [], addressType, nodes, plan);
        }

        plan.ToDelete.AddRange(unsupported);
        return plan;
    }

    private void ReconcileAddressType(V1Service service, IReadOnlyList<V1Pod> pods, List<V1EndpointSlice> existing, string addressType, Func<string, V1Node?> nodes, SlicePlan plan)
    {
        var toCreate = new List<V1EndpointSlice>();
        var toUpdate = new List<V1EndpointSlice>();
        var toDelete = new List<V1EndpointSlice>();

        var existingByPorts = new Dictionary<string, List<V1EndpointSlice>>(StringComparer.Ordinal);
        foreach (var slice in existing)
        {
            if (ServiceSlices.OwnedBy(slice, service))
            {
                Group(existingByPorts, PortMapKey.Of(slice.Ports)).Add(slice);
            }
            else
            {
                // Left by an earlier Service of the same name.
                toDelete.Add(slice);
            }
        }

        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        var desiredByPorts = new Dictionary<string, (List<Discoveryv1EndpointPort> Ports, EndpointSet Endpoints)>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (!EndpointPods.ShouldBeInEndpoints(pod, includeTerminating: true))
            {
                continue;
            }

            var ports = SliceEndpoints.Ports(service, pod);
            var portsKey = PortMapKey.Of(ports);
            if (!desiredByPorts.TryGetValue(portsKey, out var desired))
            {
                desired = (ports, new EndpointSet());
                desiredByPorts[portsKey] = desired;
            }

            var nodeName = pod.Spec?.NodeName ?? string.Empty;
            var node = nodes(nodeName);
            if (node is null && !publishNotReady)
            {
                // Left out for now so the slices are not stuck on it; the Service is retried until the node is known.
                plan.Problems.Add($"skipping Pod {pod.Metadata.Name} for Service {service.Metadata.NamespaceProperty}/{service.Metadata.Name}: Node {nodeName} Not Found");
                continue;
            }

            var endpoint = SliceEndpoints.For(pod, node, service, addressType);
            if (endpoint.Addresses.Count > 0)
            {
                desired.Endpoints.Add(endpoint);
            }
        }

        foreach (var (portsKey, desired) in desiredByPorts)
        {
            ReconcilePorts(service, existingByPorts.GetValueOrDefault(portsKey) ?? [], desired.Endpoints, desired.Ports, addressType, toCreate, toUpdate, toDelete);
        }

        // Slices for sets of ports no pod serves any more.
        foreach (var (portsKey, slices) in existingByPorts)
        {
            if (!desiredByPorts.ContainsKey(portsKey))
            {
                toDelete.AddRange(slices);
            }
        }

        if (existing.Count == toDelete.Count && toCreate.Count == 0)
        {
            // No endpoints: one empty slice stays, so consumers can tell "none" from "not synced yet".
            var placeholder = ServiceSlices.New(service, [], addressType);
            if (toDelete.Count == 1 && SliceComparison.SamePlaceholder(toDelete[0], placeholder))
            {
                toDelete.Clear();
            }
            else
            {
                toCreate.Add(placeholder);
            }
        }

        ReuseDeletedSlices(service, toCreate, toUpdate, toDelete);
        plan.ToCreate.AddRange(toCreate);
        plan.ToUpdate.AddRange(toUpdate);
        plan.ToDelete.AddRange(toDelete);
    }

    /// <summary>reconcileByPortMapping: the changes to the slices of one set of ports.</summary>
    private void ReconcilePorts(
        V1Service service,
        List<V1EndpointSlice> existing,
        EndpointSet desired,
        List<Discoveryv1EndpointPort> ports,
        string addressType,
        List<V1EndpointSlice> toCreate,
        List<V1EndpointSlice> toUpdate,
        List<V1EndpointSlice> toDelete)
    {
        var byName = new Dictionary<string, V1EndpointSlice>(StringComparer.Ordinal);
        var unchanged = new List<string>();
        var updating = new List<string>();
        var deleting = new List<string>();

        // 1. Keep the wanted endpoints of each slice, updated where they changed; note what has to be written.
        foreach (var slice in existing)
        {
            var name = slice.Metadata.Name;
            byName[name] = slice;
            var kept = new List<V1Endpoint>();
            var endpointChanged = false;
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (desired.Get(endpoint) is { } wanted)
                {
                    kept.Add(wanted);
                    endpointChanged |= !SliceComparison.EndpointsEqualBeyondHash(wanted, endpoint);

                    // Placed: it needs no other slice.
                    desired.Remove(endpoint);
                }
            }

            var (labels, labelsChanged) = SliceLabels.For(slice, service);
            if (endpointChanged || kept.Count != (slice.Endpoints?.Count ?? 0))
            {
                if (kept.Count == 0)
                {
                    deleting.Add(name);
                }
                else
                {
                    var copy = ModelCopies.Of(slice);
                    copy.Endpoints = kept;
                    copy.Metadata.Labels = labels;
                    byName[name] = copy;
                    updating.Add(name);
                }
            }
            else if (labelsChanged)
            {
                var copy = ModelCopies.Of(slice);
                copy.Endpoints ??= [];
                copy.Metadata.Labels = labels;
                byName[name] = copy;
                updating.Add(name);
            }
            else
            {
                // Worth filling if endpoints are left over.
                unchanged.Add(name);
            }
        }

        // 2. Slices written anyway are filled first, the fullest first.
        if (desired.Count > 0 && updating.Count > 0)
        {
            foreach (var slice in updating.Select(name => byName[name]).OrderByDescending(slice => slice.Endpoints.Count).ToList())
            {
                while (desired.Count > 0 && slice.Endpoints.Count < MaxEndpointsPerSlice)
                {
                    slice.Endpoints.Add(desired.Pop());
                }
            }
        }

        // 3. The rest go into the unchanged slice they fill best, if they fit in one, else into new slices.
        while (desired.Count > 0)
        {
            V1EndpointSlice? fill = null;
            if (desired.Count < MaxEndpointsPerSlice && unchanged.Count > 0)
            {
                fill = SliceToFill(unchanged.Select(name => byName[name]), desired.Count);
            }

            if (fill is null)
            {
                fill = ServiceSlices.New(service, ports, addressType);
            }
            else
            {
                fill = ModelCopies.Of(fill);
                fill.Endpoints ??= [];
                byName[fill.Metadata.Name] = fill;
            }

            while (desired.Count > 0 && fill.Endpoints.Count < MaxEndpointsPerSlice)
            {
                fill.Endpoints.Add(desired.Pop());
            }

            if (string.IsNullOrEmpty(fill.Metadata.Name))
            {
                toCreate.Add(fill);
            }
            else
            {
                updating.Add(fill.Metadata.Name);
                unchanged.Remove(fill.Metadata.Name);
            }
        }

        toUpdate.AddRange(updating.Select(name => byName[name]));
        toDelete.AddRange(deleting.Select(name => byName[name]));
    }

    /// <summary>getSliceToFill: the slice that comes closest to full with <paramref name="count"/> more endpoints without overflowing.</summary>
    private V1EndpointSlice? SliceToFill(IEnumerable<V1EndpointSlice> slices, int count)
    {
        var closest = MaxEndpointsPerSlice;
        V1EndpointSlice? best = null;
        foreach (var slice in slices)
        {
            var left = MaxEndpointsPerSlice - (count + (slice.Endpoints?.Count ?? 0));
            if (left >= 0 && left < closest)
            {
                closest = left;
                best = slice;
                if (left == 0)
                {
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// finalize's first step: a slice to create replaces one to delete (same address type, owned by
    /// this Service) as an update of it, saving a delete and a create. Slices of another owner are
    /// not reused: the garbage collector may be deleting them with an old Service of the same name.
    /// </summary>
    private static void ReuseDeletedSlices(V1Service service, List<V1EndpointSlice> toCreate, List<V1EndpointSlice> toUpdate, List<V1EndpointSlice> toDelete)
    {
        for (var i = 0; i < toDelete.Count && toCreate.Count > 0;)
        {
            var doomed = toDelete[i];
            var created = toCreate[^1];
            if (doomed.AddressType == created.AddressType && ServiceSlices.OwnedBy(doomed, service))
            {
                created.Metadata.Name = doomed.Metadata.Name;
                toCreate.RemoveAt(toCreate.Count - 1);
                toUpdate.Add(created);
                toDelete.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    private static List<V1EndpointSlice> Group(Dictionary<string, List<V1EndpointSlice>> groups, string key)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            list = [];
            groups[key] = list;
        }

        return list;
    }
}
