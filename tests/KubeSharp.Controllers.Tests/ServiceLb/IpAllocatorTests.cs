using KubeSharp.Api.Networking;
using KubeSharp.Controllers.ServiceLb;

namespace KubeSharp.Controllers.Tests.ServiceLb;

public sealed class IpAllocatorTests
{
    private readonly List<string> _woken = [];
    private readonly IpAllocator _allocator;

    public IpAllocatorTests() => _allocator = new IpAllocator(LoadBalancerPool.Parse("10.0.0.1-10.0.0.3")!, _woken.Add);

    [Fact]
    public void Each_service_gets_the_lowest_free_address_and_keeps_it()
    {
        Assert.Equal("10.0.0.1", Ip(_allocator.Allocate("ns/a", null, [])));
        Assert.Equal("10.0.0.2", Ip(_allocator.Allocate("ns/b", null, [])));

        Assert.Equal("10.0.0.1", Ip(_allocator.Allocate("ns/a", null, [])));
        Assert.Equal("10.0.0.1", Format(_allocator.AddressOf("ns/a")));
    }

    [Fact]
    public void A_free_address_the_status_shows_is_kept_and_one_outside_the_pool_is_not()
    {
        Assert.Equal("10.0.0.3", Ip(_allocator.Allocate("ns/a", null, ["10.0.0.3"])));
        Assert.Equal("10.0.0.1", Ip(_allocator.Allocate("ns/b", null, ["192.168.1.1", "not-an-ip"])));
        Assert.Equal("10.0.0.2", Ip(_allocator.Allocate("ns/c", null, ["10.0.0.3"])));
    }

    [Fact]
    public void A_requested_address_is_given_when_free_in_the_pool()
    {
        Assert.Equal("10.0.0.3", Ip(_allocator.Allocate("ns/a", "10.0.0.3", [])));
        Assert.Equal("10.0.0.1", Ip(_allocator.Allocate("ns/b", null, [])));
    }

    [Fact]
    public void A_requested_address_another_service_holds_is_refused()
    {
        _allocator.Allocate("ns/first", "10.0.0.2", []);

        var refused = _allocator.Allocate("ns/second", "10.0.0.2", []);

        Assert.Null(refused.Address);
        Assert.Equal("10.0.0.2 is already used by ns/first", refused.Failure);
        Assert.Null(_allocator.AddressOf("ns/second"));
    }

    [Fact]
    public void A_requested_address_outside_the_pool_or_not_an_address_is_refused()
    {
        Assert.Equal("192.168.1.5 is not in the pool 10.0.0.1-10.0.0.3", _allocator.Allocate("ns/a", "192.168.1.5", []).Failure);
        Assert.Equal("the requested address \"fd00::1\" is not an IPv4 address", _allocator.Allocate("ns/a", "fd00::1", []).Failure);
    }

    [Fact]
    public void Asking_for_another_address_moves_the_service_and_frees_the_old_one()
    {
        _allocator.Allocate("ns/a", null, []);

        Assert.Equal("10.0.0.3", Ip(_allocator.Allocate("ns/a", "10.0.0.3", [])));

        Assert.Equal("10.0.0.1", Ip(_allocator.Allocate("ns/b", null, [])));
    }

    [Fact]
    public void A_refused_request_gives_up_what_the_service_held()
    {
        _allocator.Allocate("ns/a", null, []);

        Assert.NotNull(_allocator.Allocate("ns/a", "192.168.1.5", []).Failure);

        Assert.Null(_allocator.AddressOf("ns/a"));
        Assert.Equal("10.0.0.1", Ip(_allocator.Allocate("ns/b", null, [])));
    }

    [Fact]
    public void A_released_address_is_reused()
    {
        _allocator.Allocate("ns/a", null, []);
        _allocator.Allocate("ns/b", null, []);

        Assert.Equal("10.0.0.1", Format(_allocator.Release("ns/a")));
        Assert.Null(_allocator.Release("ns/a"));

        Assert.Equal("10.0.0.1", Ip(_allocator.Allocate("ns/c", null, [])));
    }

    [Fact]
    public void When_the_pool_is_full_the_service_waits_and_a_release_wakes_it()
    {
        _allocator.Allocate("ns/a", null, []);
        _allocator.Allocate("ns/b", null, []);
        _allocator.Allocate("ns/c", null, []);

        var full = _allocator.Allocate("ns/d", null, []);
        Assert.Null(full.Address);
        Assert.Equal("no free address in the pool 10.0.0.1-10.0.0.3", full.Failure);
        Assert.Empty(_woken);

        _allocator.Release("ns/b");

        Assert.Equal(["ns/d"], _woken);
        Assert.Equal("10.0.0.2", Ip(_allocator.Allocate("ns/d", null, [])));

        // Woken once: a later release does not call it again.
        _allocator.Release("ns/a");
        Assert.Single(_woken);
    }

    [Fact]
    public void A_service_refused_a_taken_address_is_woken_when_it_is_freed()
    {
        _allocator.Allocate("ns/first", "10.0.0.2", []);
        _allocator.Allocate("ns/second", "10.0.0.2", []);

        _allocator.Release("ns/first");

        Assert.Equal(["ns/second"], _woken);
        Assert.Equal("10.0.0.2", Ip(_allocator.Allocate("ns/second", "10.0.0.2", [])));
    }

    [Fact]
    public void A_service_refused_an_address_outside_the_pool_does_not_wait()
    {
        _allocator.Allocate("ns/a", null, []);
        _allocator.Allocate("ns/outside", "192.168.1.5", []);

        _allocator.Release("ns/a");

        Assert.Empty(_woken);
    }

    [Fact]
    public void A_deleted_waiting_service_is_not_woken()
    {
        _allocator.Allocate("ns/first", "10.0.0.2", []);
        _allocator.Allocate("ns/second", "10.0.0.2", []);

        _allocator.Release("ns/second");
        _allocator.Release("ns/first");

        Assert.Empty(_woken);
    }

    [Fact]
    public void Claims_book_free_pool_addresses_only()
    {
        Assert.True(_allocator.Claim("ns/a", Address("10.0.0.2")));
        Assert.False(_allocator.Claim("ns/b", Address("10.0.0.2")));
        Assert.False(_allocator.Claim("ns/b", Address("10.0.0.9")));
        Assert.False(_allocator.Claim("ns/a", Address("10.0.0.3")));

        Assert.Equal("10.0.0.2", Format(_allocator.AddressOf("ns/a")));
        Assert.Equal("10.0.0.1", Ip(_allocator.Allocate("ns/b", null, [])));
    }

    [Fact]
    public async Task Concurrent_allocations_never_hand_out_one_address_twice()
    {
        var allocator = new IpAllocator(LoadBalancerPool.Parse("10.0.0.0/24")!, _ => { });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
            {
                var key = $"ns/s{worker}-{i}";
                Assert.NotNull(allocator.Allocate(key, null, []).Address);
                if (i % 5 == 0)
                {
                    allocator.Release(key);
                }
            }
        })));

        var held = Enumerable.Range(0, 8)
            .SelectMany(worker => Enumerable.Range(0, 25).Select(i => allocator.AddressOf($"ns/s{worker}-{i}")))
            .OfType<uint>()
            .ToList();
        Assert.Equal(8 * 20, held.Count);
        Assert.Equal(held.Count, held.Distinct().Count());
    }

    private static string Ip(Allocation allocation) =>
        allocation.Address is { } address ? Ipv4Cidr.Format(address) : throw new InvalidOperationException(allocation.Failure);

    private static string Format(uint? address) => address is { } value ? Ipv4Cidr.Format(value) : "(none)";

    private static uint Address(string text) => LoadBalancerPool.TryParseAddress(text, out var address) ? address : throw new ArgumentException(text);
}
