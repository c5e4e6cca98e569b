using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Controllers.Shared;
using static KubeSharp.Controllers.Tests.Endpoint.EndpointTestObjects;

namespace KubeSharp.Controllers.Tests.Endpoint;

/// <summary>Which Services a pod event sends to the queue.</summary>
public sealed class ServiceMembershipTests
{
    private readonly Indexer<V1Service> _services = new();

    public ServiceMembershipTests()
    {
        _services.Upsert(Selecting("web", "app", "web"));
        _services.Upsert(Selecting("api", "app", "api"));
        _services.Upsert(Selecting("all-tiers", "tier", "front"));
        var selectorless = Selecting("external", "app", "web");
        selectorless.Spec.Selector = null;
        _services.Upsert(selectorless);
    }

    [Fact]
    public void A_pod_concerns_the_services_whose_selector_it_matches()
    {
        var pod = NewPod("a", "10.42.0.2");
        pod.Metadata.Labels["tier"] = "front";

        Assert.Equal([$"{TestNamespace}/all-tiers", $"{TestNamespace}/web"], ServiceMembership.Selecting(_services, pod).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_resync_or_an_irrelevant_change_concerns_no_service()
    {
        var pod = NewPod("a", "10.42.0.2");
        var annotated = NewPod("a", "10.42.0.2");
        annotated.Metadata.ResourceVersion = "2";
        annotated.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "x" };

        Assert.Empty(ServiceMembership.ToUpdate(_services, pod, pod));
        Assert.Empty(ServiceMembership.ToUpdate(_services, pod, annotated));
    }

    [Fact]
    public void A_readiness_change_concerns_the_selecting_services()
    {
        var notReady = NewPod("a", "10.42.0.2", ready: false);
        notReady.Metadata.ResourceVersion = "2";

        Assert.Equal([$"{TestNamespace}/web"], ServiceMembership.ToUpdate(_services, NewPod("a", "10.42.0.2"), notReady));
    }

    [Fact]
    public void A_label_change_alone_concerns_the_services_it_joins_or_leaves()
    {
        var moved = NewPod("a", "10.42.0.2");
        moved.Metadata.ResourceVersion = "2";
        moved.Metadata.Labels["app"] = "api";

        Assert.Equal([$"{TestNamespace}/api", $"{TestNamespace}/web"], ServiceMembership.ToUpdate(_services, NewPod("a", "10.42.0.2"), moved).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_label_change_with_a_readiness_change_concerns_the_services_on_both_sides()
    {
        var old = NewPod("a", "10.42.0.2");
        old.Metadata.Labels["tier"] = "front";
        var current = NewPod("a", "10.42.0.2", ready: false);
        current.Metadata.ResourceVersion = "2";
        current.Metadata.Labels["tier"] = "front";
        current.Metadata.Labels["app"] = "api";

        Assert.Equal(
            [$"{TestNamespace}/all-tiers", $"{TestNamespace}/api", $"{TestNamespace}/web"],
            ServiceMembership.ToUpdate(_services, old, current).Order(StringComparer.Ordinal));
    }

    private static V1Service Selecting(string name, string key, string value)
    {
        var service = NewService();
        service.Metadata.Name = name;
        service.Spec.Selector = new Dictionary<string, string> { [key] = value };
        return service;
    }
}
