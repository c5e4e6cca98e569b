using k8s.Models;
using KubeSharp.Controllers.EndpointSlice;
using static KubeSharp.Controllers.Tests.Endpoint.EndpointTestObjects;

namespace KubeSharp.Controllers.Tests.EndpointSlice;

/// <summary>The tracker of the controller's own writes: when the cache is behind them, and which events are only their echo.</summary>
public sealed class SliceTrackerTests
{
    private readonly SliceTracker _tracker = new();

    [Fact]
    public void A_created_slice_missing_from_the_cache_means_the_cache_is_behind()
    {
        var service = NewService();
        _tracker.Update(Slice("web-abc", "uid-1", 1));

        Assert.True(_tracker.StaleSlices(service, []));
        Assert.False(_tracker.StaleSlices(service, [Slice("web-abc", "uid-1", 1)]));
    }

    [Fact]
    public void An_older_generation_in_the_cache_means_the_cache_is_behind()
    {
        var service = NewService();
        _tracker.Update(Slice("web-abc", "uid-1", 3));

        Assert.True(_tracker.StaleSlices(service, [Slice("web-abc", "uid-1", 2)]));
        Assert.False(_tracker.StaleSlices(service, [Slice("web-abc", "uid-1", 4)]));
    }

    [Fact]
    public void A_slice_expected_deleted_but_still_cached_means_the_cache_is_behind()
    {
        var service = NewService();
        var slice = Slice("web-abc", "uid-1", 1);
        _tracker.Update(slice);
        _tracker.ExpectDeletion(slice);

        Assert.True(_tracker.StaleSlices(service, [slice]));
        Assert.False(_tracker.StaleSlices(service, []));
        Assert.True(_tracker.HandleDeletion(slice));
    }

    [Fact]
    public void Only_events_newer_than_the_controllers_writes_need_a_sync()
    {
        _tracker.Update(Slice("web-abc", "uid-1", 2));

        Assert.False(_tracker.ShouldSync(Slice("web-abc", "uid-1", 2)));
        Assert.True(_tracker.ShouldSync(Slice("web-abc", "uid-1", 3)));
        Assert.True(_tracker.ShouldSync(Slice("web-def", "uid-2", 1)));
    }

    [Fact]
    public void A_deletion_the_controller_did_not_ask_for_is_reported()
    {
        var slice = Slice("web-abc", "uid-1", 1);
        _tracker.Update(slice);

        Assert.True(_tracker.Has(slice));
        Assert.False(_tracker.HandleDeletion(slice));
        Assert.False(_tracker.Has(slice));
    }

    [Fact]
    public void A_service_recreated_under_the_same_name_starts_afresh()
    {
        _tracker.StaleSlices(NewService(), []);
        _tracker.Update(Slice("web-abc", "uid-1", 1));
        var recreated = NewService();
        recreated.Metadata.Uid = "uid-service-web-2";

        Assert.False(_tracker.StaleSlices(recreated, []));
    }

    private static V1EndpointSlice Slice(string name, string uid, long generation) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = TestNamespace,
            Uid = uid,
            Generation = generation,
            Labels = new Dictionary<string, string> { [SliceLabels.ServiceName] = "web", [SliceLabels.ManagedBy] = SliceLabels.ControllerName },
        },
        AddressType = "IPv4",
        Endpoints = [],
    };
}
