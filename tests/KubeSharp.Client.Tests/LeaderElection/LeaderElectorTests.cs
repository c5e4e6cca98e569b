using k8s;
using KubeSharp.Client.LeaderElection;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Tests.LeaderElection;

/// <summary>Two candidates on one Lease of a real server: one leads at a time, and the other takes over when it stops.</summary>
public sealed class LeaderElectorTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ServerProcess _server = null!;
    private int _leading;
    private int _mostLeadingAtOnce;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task One_candidate_leads_and_the_other_takes_over_when_it_stops(bool release)
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        var lease = "election-" + release.ToString().ToLowerInvariant();
        var (a, stopA) = Start(client, lease, "a", release);
        var (b, stopB) = Start(client, lease, "b", release);
        try
        {
            await Wait.UntilAsync(() => Task.FromResult(a.Elector.IsLeader || b.Elector.IsLeader), Patience, "a leader");
            var (leader, follower) = a.Elector.IsLeader ? (a, b) : (b, a);
            var stopLeader = leader == a ? stopA : stopB;

            await stopLeader.CancelAsync();
            await leader.Run;
            await Wait.UntilAsync(() => Task.FromResult(follower.Elector.IsLeader), Patience, "the other candidate to take over");

            Assert.Equal(1, Volatile.Read(ref _mostLeadingAtOnce));
            var held = await client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system");
            Assert.Equal(follower == a ? "a" : "b", held.Spec.HolderIdentity);
            Assert.Equal(1, held.Spec.LeaseTransitions);
        }
        finally
        {
            await stopA.CancelAsync();
            await stopB.CancelAsync();
            await Task.WhenAll(a.Run, b.Run);
        }
    }

    private ((LeaderElector Elector, Task Run), CancellationTokenSource) Start(IKubernetes client, string lease, string identity, bool release)
    {
        var elector = new LeaderElector(client, new LeaderElectionOptions
        {
            Namespace = "kube-system",
            Name = lease,
            Identity = identity,
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
            ReleaseOnCancel = release,
        }, TimeProvider.System, NullLogger.Instance);
        var stop = new CancellationTokenSource();
        var run = elector.RunAsync(LeadAsync, stop.Token);
        return ((elector, run), stop);
    }

    private async Task LeadAsync(CancellationToken leading)
    {
        var now = Interlocked.Increment(ref _leading);
        InterlockedMax(ref _mostLeadingAtOnce, now);
        try
        {
            await Task.Delay(Timeout.Infinite, leading);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _leading);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
