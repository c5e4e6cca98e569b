using KubeSharp.Simulator.Work;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Simulator.Tests.Work;

public sealed class DueQueueTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _due = [];

    [Fact]
    public void Items_come_due_in_time_order_on_the_clock()
    {
        using var queue = new DueQueue<string>(_time, _due.Add);
        var start = _time.GetUtcNow();
        queue.Schedule("b", start + TimeSpan.FromSeconds(2));
        queue.Schedule("a", start + TimeSpan.FromSeconds(1));
        queue.Schedule("c", start + TimeSpan.FromSeconds(3));

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(_due);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], _due);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["a", "b", "c"], _due);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_new_schedule_replaces_the_old_one_and_a_cancelled_item_never_comes()
    {
        using var queue = new DueQueue<string>(_time, _due.Add);
        var start = _time.GetUtcNow();
        queue.Schedule("a", start + TimeSpan.FromSeconds(1));
        queue.Schedule("a", start + TimeSpan.FromSeconds(3));
        queue.Schedule("b", start + TimeSpan.FromSeconds(2));
        queue.Cancel("b");

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(_due);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["a"], _due);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["a"], _due);
    }

    [Fact]
    public void A_due_time_already_past_is_handed_on_at_once_and_replaces_a_later_one()
    {
        using var queue = new DueQueue<string>(_time, _due.Add);
        queue.Schedule("x", _time.GetUtcNow() + TimeSpan.FromSeconds(5));

        queue.Schedule("x", _time.GetUtcNow());
        Assert.Equal(["x"], _due);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["x"], _due);
    }

    [Fact]
    public void An_earlier_item_wakes_the_queue_sooner_and_the_later_one_still_comes()
    {
        using var queue = new DueQueue<string>(_time, _due.Add);
        var start = _time.GetUtcNow();
        queue.Schedule("late", start + TimeSpan.FromSeconds(10));
        queue.Schedule("early", start + TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["early"], _due);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(["early", "late"], _due);
    }

    [Fact]
    public void Items_scheduled_during_a_wake_are_kept()
    {
        DueQueue<string>? queue = null;
        using var created = new DueQueue<string>(_time, item =>
        {
            _due.Add(item);
            if (item == "first")
            {
                queue!.Schedule("second", _time.GetUtcNow() + TimeSpan.FromSeconds(1));
            }
        });
        queue = created;
        queue.Schedule("first", _time.GetUtcNow() + TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["first", "second"], _due);
    }

    [Fact]
    public void Nothing_comes_after_dispose()
    {
        var queue = new DueQueue<string>(_time, _due.Add);
        queue.Schedule("a", _time.GetUtcNow() + TimeSpan.FromSeconds(1));

        queue.Dispose();
        queue.Schedule("b", _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(_due);
    }
}
