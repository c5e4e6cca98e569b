using System.Globalization;
using k8s.Models;
using KubeSharp.Controllers.EndpointSlice;
using KubeSharp.Controllers.Shared;
using static KubeSharp.Controllers.Tests.Endpoint.EndpointTestObjects;

namespace KubeSharp.Controllers.Tests.EndpointSlice;

/// <summary>The slice reconciler's decisions, applied to existing slices the way the API server would store them.</summary>
public sealed class SliceReconcilerTests
{
    private static readonly Dictionary<string, V1Node> Nodes = new()
    {
        ["node-a"] = NewNode("node-a", "zone-a"),
        ["node-b"] = NewNode("node-b", "zone-b"),
    };

    private readonly SliceReconciler _reconciler = new(SliceReconciler.DefaultMaxEndpointsPerSlice);
    private int _created;

    [Fact]
    public void A_hundred_and_fifty_pods_make_two_slices_of_at_most_a_hundred()
    {
        var pods = Pods(150);

        var plan = _reconciler.Reconcile(NewService(), pods, [], NodeNamed);

        Assert.Empty(plan.ToUpdate);
        Assert.Empty(plan.ToDelete);
        Assert.Empty(plan.Problems);
        Assert.Equal([100, 50], plan.ToCreate.Select(s => s.Endpoints.Count).Order().Reverse());
        Assert.Equal(150, plan.ToCreate.SelectMany(s => s.Endpoints).Select(e => e.TargetRef.Name).Distinct().Count());
        foreach (var slice in plan.ToCreate)
        {
            Assert.Equal("web-", slice.Metadata.GenerateName);
            Assert.Equal(TestNamespace, slice.Metadata.NamespaceProperty);
            Assert.Equal("IPv4", slice.AddressType);
            Assert.Equal("web", slice.Metadata.Labels["kubernetes.io/service-name"]);
            Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
            Assert.Equal("frontend", slice.Metadata.Labels["tier"]);
            var owner = Assert.Single(slice.Metadata.OwnerReferences);
            Assert.Equal("v1", owner.ApiVersion);
            Assert.Equal("Service", owner.Kind);
            Assert.Equal("web", owner.Name);
            Assert.Equal("uid-service-web", owner.Uid);
            Assert.True(owner.Controller);
            Assert.True(owner.BlockOwnerDeletion);
            var port = Assert.Single(slice.Ports);
            Assert.Equal("http", port.Name);
            Assert.Equal(8080, port.Port);
            Assert.Equal("TCP", port.Protocol);
        }
    }

    [Fact]
    public void Slices_that_already_say_everything_are_left_alone()
    {
        var pods = Pods(150);
        var existing = Stored(_reconciler.Reconcile(NewService(), pods, [], NodeNamed).ToCreate);

        var plan = _reconciler.Reconcile(NewService(), pods, existing, NodeNamed);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_pod_that_goes_is_removed_from_its_slice_only()
    {
        var pods = Pods(150);
        var existing = Stored(_reconciler.Reconcile(NewService(), pods, [], NodeNamed).ToCreate);
        var gone = existing.Single(s => s.Endpoints.Count == 50).Endpoints[0].TargetRef.Name;

        var plan = _reconciler.Reconcile(NewService(), [.. pods.Where(p => p.Metadata.Name != gone)], existing, NodeNamed);

        Assert.Empty(plan.ToCreate);
        Assert.Empty(plan.ToDelete);
        var updated = Assert.Single(plan.ToUpdate);
        Assert.Equal(49, updated.Endpoints.Count);
        Assert.DoesNotContain(updated.Endpoints, e => e.TargetRef.Name == gone);
        Assert.Equal("1", updated.Metadata.ResourceVersion);
    }

    [Fact]
    public void A_new_pod_fills_an_unchanged_slice_with_room_instead_of_a_new_one()
    {
        var pods = Pods(150);
        var existing = Stored(_reconciler.Reconcile(NewService(), pods, [], NodeNamed).ToCreate);

        var plan = _reconciler.Reconcile(NewService(), [.. pods, NewPod("pod-new", "10.42.9.9")], existing, NodeNamed);

        Assert.Empty(plan.ToCreate);
        var updated = Assert.Single(plan.ToUpdate);
        Assert.Equal(51, updated.Endpoints.Count);
        Assert.Contains(updated.Endpoints, e => e.TargetRef.Name == "pod-new");
    }

    [Fact]
    public void A_change_of_readiness_updates_the_endpoint_in_place()
    {
        var pods = Pods(3);
        var existing = Stored(_reconciler.Reconcile(NewService(), pods, [], NodeNamed).ToCreate);
        pods[1] = NewPod(pods[1].Metadata.Name, pods[1].Status.PodIP, ready: false, node: pods[1].Spec.NodeName);

        var plan = _reconciler.Reconcile(NewService(), pods, existing, NodeNamed);

        var updated = Assert.Single(plan.ToUpdate);
        Assert.Equal(existing[0].Metadata.Name, updated.Metadata.Name);
        var endpoint = Assert.Single(updated.Endpoints, e => e.TargetRef.Name == pods[1].Metadata.Name);
        Assert.False(endpoint.Conditions.Ready);
        Assert.False(endpoint.Conditions.Serving);

        // The cached slice it was copied from is untouched.
        Assert.All(existing[0].Endpoints, e => Assert.True(e.Conditions.Ready));
    }

    [Fact]
    public void A_terminating_pod_stays_as_a_terminating_endpoint()
    {
        var plan = _reconciler.Reconcile(NewService(), [NewPod("a", "10.42.0.2"), NewPod("b", "10.42.0.3", terminating: true)], [], NodeNamed);

        var endpoints = Assert.Single(plan.ToCreate).Endpoints;
        var terminating = Assert.Single(endpoints, e => e.TargetRef.Name == "b");
        Assert.False(terminating.Conditions.Ready);
        Assert.True(terminating.Conditions.Serving);
        Assert.True(terminating.Conditions.Terminating);
    }

    [Fact]
    public void Without_pods_one_empty_placeholder_slice_is_kept()
    {
        var plan = _reconciler.Reconcile(NewService(), [], [], NodeNamed);
        var placeholder = Assert.Single(plan.ToCreate);
        Assert.Empty(placeholder.Endpoints);
        Assert.Empty(placeholder.Ports);

        var again = _reconciler.Reconcile(NewService(), [], Stored([placeholder]), NodeNamed);

        Assert.True(again.IsEmpty);
    }

    [Fact]
    public void When_the_last_pod_goes_its_slice_becomes_the_placeholder()
    {
        var existing = Stored(_reconciler.Reconcile(NewService(), Pods(2), [], NodeNamed).ToCreate);

        var plan = _reconciler.Reconcile(NewService(), [], existing, NodeNamed);

        // The placeholder's create reuses the slice that would be deleted.
        Assert.Empty(plan.ToCreate);
        Assert.Empty(plan.ToDelete);
        var updated = Assert.Single(plan.ToUpdate);
        Assert.Equal(existing[0].Metadata.Name, updated.Metadata.Name);
        Assert.Empty(updated.Endpoints);
        Assert.Empty(updated.Ports);
    }

    [Fact]
    public void Pods_serving_different_ports_go_to_different_slices()
    {
        var service = NewService(false, NewServicePort("http", "http"), NewServicePort("metrics", "metrics", 9100));
        var both = NewPod("a", "10.42.0.2", ports: [NewContainerPort("http", 8080), NewContainerPort("metrics", 9100)]);

        var plan = _reconciler.Reconcile(service, [both, NewPod("b", "10.42.0.3")], [], NodeNamed);

        Assert.Equal(2, plan.ToCreate.Count);
        Assert.Contains(plan.ToCreate, s => s.Ports.Count == 2 && s.Endpoints.Single().TargetRef.Name == "a");
        Assert.Contains(plan.ToCreate, s => s.Ports.Count == 1 && s.Endpoints.Single().TargetRef.Name == "b");
    }

    [Fact]
    public void A_pod_on_an_unknown_node_is_left_out_and_reported()
    {
        var plan = _reconciler.Reconcile(NewService(), [NewPod("a", "10.42.0.2"), NewPod("b", "10.42.0.3", node: "node-z")], [], NodeNamed);

        Assert.Equal("a", Assert.Single(Assert.Single(plan.ToCreate).Endpoints).TargetRef.Name);
        Assert.Contains("node-z", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Slices_of_another_service_with_the_same_name_are_replaced()
    {
        var existing = Stored(_reconciler.Reconcile(NewService(), Pods(2), [], NodeNamed).ToCreate);
        var recreated = NewService();
        recreated.Metadata.Uid = "uid-service-web-2";

        var plan = _reconciler.Reconcile(recreated, Pods(2), existing, NodeNamed);

        // Not reused as an update: the garbage collector may be deleting it with the old Service.
        Assert.Equal("uid-service-web-2", Assert.Single(Assert.Single(plan.ToCreate).Metadata.OwnerReferences).Uid);
        Assert.Equal(existing[0].Metadata.Name, Assert.Single(plan.ToDelete).Metadata.Name);
        Assert.Empty(plan.ToUpdate);
    }

    [Fact]
    public void A_change_of_the_services_labels_is_copied_to_its_slices()
    {
        var existing = Stored(_reconciler.Reconcile(NewService(), Pods(2), [], NodeNamed).ToCreate);
        var relabelled = NewService();
        relabelled.Metadata.Labels["tier"] = "backend";

        var plan = _reconciler.Reconcile(relabelled, Pods(2), existing, NodeNamed);

        Assert.Equal("backend", Assert.Single(plan.ToUpdate).Metadata.Labels["tier"]);
    }

    private static V1Node? NodeNamed(string name) => Nodes.GetValueOrDefault(name);

    private static List<V1Pod> Pods(int count) =>
        [.. Enumerable.Range(0, count).Select(i => NewPod(
            "pod-" + i.ToString("D3", CultureInfo.InvariantCulture),
            "10.42." + (i / 200).ToString(CultureInfo.InvariantCulture) + "." + (i % 200 + 2).ToString(CultureInfo.InvariantCulture),
            node: i % 2 == 0 ? "node-a" : "node-b"))];

    /// <summary>The slices as the informer would then have them: named, with a UID, a generation and a resourceVersion.</summary>
    private List<V1EndpointSlice> Stored(IEnumerable<V1EndpointSlice> slices) =>
        [.. slices.Select(slice =>
        {
            var stored = ModelCopies.Of(slice);
            var index = (++_created).ToString(CultureInfo.InvariantCulture);
            stored.Metadata.Name ??= slice.Metadata.GenerateName + "x" + index;
            stored.Metadata.Uid = "uid-slice-" + index;
            stored.Metadata.Generation = 1;
            stored.Metadata.ResourceVersion = "1";
            return stored;
        })];
}
