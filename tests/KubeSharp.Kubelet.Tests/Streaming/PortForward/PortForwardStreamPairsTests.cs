using KubeSharp.Kubelet.Streaming.PortForward;

namespace KubeSharp.Kubelet.Tests.Streaming.PortForward;

public sealed class PortForwardStreamPairsTests
{
    private readonly PortForwardStreamPairs<string> _pairs = new();

    [Fact]
    public void A_request_is_complete_once_its_error_and_data_streams_are_both_there()
    {
        var (first, pending) = _pairs.Add("0", PortForwardStreamType.Error, "error-0");
        Assert.Equal(StreamPairing.Pending, first);
        Assert.Equal("error-0", pending.Error);
        Assert.Null(pending.Data);
        Assert.Equal(1, _pairs.PendingCount);

        var (second, complete) = _pairs.Add("0", PortForwardStreamType.Data, "data-0");

        Assert.Equal(StreamPairing.Complete, second);
        Assert.Same(pending, complete);
        Assert.Equal("0", complete.RequestId);
        Assert.Equal("error-0", complete.Error);
        Assert.Equal("data-0", complete.Data);
        Assert.Equal(0, _pairs.PendingCount);
    }

    [Fact]
    public void The_data_stream_may_come_first()
    {
        Assert.Equal(StreamPairing.Pending, _pairs.Add("7", PortForwardStreamType.Data, "data-7").Outcome);

        var (outcome, pair) = _pairs.Add("7", PortForwardStreamType.Error, "error-7");

        Assert.Equal(StreamPairing.Complete, outcome);
        Assert.Equal(("error-7", "data-7"), (pair.Error, pair.Data));
    }

    [Fact]
    public void Concurrent_requests_pair_by_request_id()
    {
        Assert.Equal(StreamPairing.Pending, _pairs.Add("1", PortForwardStreamType.Error, "error-1").Outcome);
        Assert.Equal(StreamPairing.Pending, _pairs.Add("2", PortForwardStreamType.Error, "error-2").Outcome);

        var two = _pairs.Add("2", PortForwardStreamType.Data, "data-2");
        var one = _pairs.Add("1", PortForwardStreamType.Data, "data-1");

        Assert.Equal((StreamPairing.Complete, "error-2", "data-2"), (two.Outcome, two.Pair.Error, two.Pair.Data));
        Assert.Equal((StreamPairing.Complete, "error-1", "data-1"), (one.Outcome, one.Pair.Error, one.Pair.Data));
        Assert.Equal(0, _pairs.PendingCount);
    }

    [Fact]
    public void A_second_stream_of_the_same_type_is_a_duplicate_and_leaves_the_first_in_place()
    {
        _pairs.Add("3", PortForwardStreamType.Error, "error-3");

        var (outcome, pair) = _pairs.Add("3", PortForwardStreamType.Error, "another");

        Assert.Equal(StreamPairing.Duplicate, outcome);
        Assert.Equal("error-3", pair.Error);
        Assert.Equal(1, _pairs.PendingCount);
        Assert.Equal(StreamPairing.Complete, _pairs.Add("3", PortForwardStreamType.Data, "data-3").Outcome);
    }

    [Fact]
    public void A_pair_still_waiting_expires_once()
    {
        var (_, pair) = _pairs.Add("4", PortForwardStreamType.Data, "data-4");

        Assert.True(_pairs.Expire(pair));
        Assert.False(_pairs.Expire(pair));
        Assert.Equal(0, _pairs.PendingCount);

        // A late partner starts a new request of that id.
        Assert.Equal(StreamPairing.Pending, _pairs.Add("4", PortForwardStreamType.Error, "error-4").Outcome);
    }

    [Fact]
    public void A_completed_pair_does_not_expire_nor_does_its_expiry_touch_a_new_request_of_the_same_id()
    {
        var (_, first) = _pairs.Add("5", PortForwardStreamType.Error, "error-5");
        _pairs.Add("5", PortForwardStreamType.Data, "data-5");
        var (_, second) = _pairs.Add("5", PortForwardStreamType.Error, "error-5b");

        Assert.False(_pairs.Expire(first));
        Assert.Equal(1, _pairs.PendingCount);
        Assert.True(_pairs.Expire(second));
    }
}
