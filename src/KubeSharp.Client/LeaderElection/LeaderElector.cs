using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io Lease, as client-go's leaderelection: acquire the lease
/// when it is free or has expired, renew it every retry period, and stop leading (cancelling the
/// leader's work) if it cannot be renewed within the renew deadline. Expiry is judged on this
/// process's own clock from when the lease was last seen to change, never on the holder's clock.
/// Writes are compare-and-swap on the Lease's resourceVersion, so two candidates never both win.
/// </summary>
public sealed partial class LeaderElector(IKubernetes client, LeaderElectionOptions options, TimeProvider time, ILogger logger)
{
    private string? _observedRecord;
    private DateTimeOffset _observedAt;

    public bool IsLeader { get; private set; }

    /// <summary>Campaigns until cancelled; runs <paramref name="lead"/> while leading (its token is cancelled when leadership is lost).</summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await TryAcquireOrRenewAsync(cancellationToken))
            {
                await DelayAsync(options.RetryPeriod, cancellationToken);
                continue;
            }

            LogLeading(options.Identity, options.Name);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var work = Task.Run(() => lead(leading.Token), CancellationToken.None);
            await RenewWhileLeadingAsync(cancellationToken);
            IsLeader = false;
            await leading.CancelAsync();
            await work.ContinueWith(_ => { }, TaskScheduler.Default);
            LogStopped(options.Identity, options.Name);
            if (cancellationToken.IsCancellationRequested && options.ReleaseOnCancel)
            {
                await ReleaseAsync();
            }
        }
    }

    private async Task RenewWhileLeadingAsync(CancellationToken cancellationToken)
    {
        var lastRenew = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            await DelayAsync(options.RetryPeriod, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                lastRenew = time.GetUtcNow();
            }
            else if (time.GetUtcNow() - lastRenew >= options.RenewDeadline || !IsLeader)
            {
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            V1Lease lease;
            try
            {
                lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.Name, options.Namespace, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                await client.CoordinationV1.CreateNamespacedLeaseAsync(NewLease(now), options.Namespace, cancellationToken: cancellationToken);
                Observe(options.Identity, now);
                IsLeader = true;
                return true;
            }

            var spec = lease.Spec ?? new V1LeaseSpec();
            var record = $"{spec.HolderIdentity}|{spec.RenewTime:O}|{spec.LeaseTransitions}";
            if (record != _observedRecord)
            {
                _observedRecord = record;
                _observedAt = now;
            }

            var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != options.Identity;
            var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)options.LeaseDuration.TotalSeconds);
            if (heldByOther && _observedAt + duration > now)
            {
                IsLeader = false;
                return false;
            }

            var transitions = spec.LeaseTransitions ?? 0;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = options.Identity,
                LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
                AcquireTime = spec.HolderIdentity == options.Identity ? spec.AcquireTime : now.UtcDateTime,
                RenewTime = now.UtcDateTime,
                LeaseTransitions = spec.HolderIdentity == options.Identity ? transitions : transitions + 1,
            };
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.Name, options.Namespace, cancellationToken: cancellationToken);
            Observe(options.Identity, now);
            IsLeader = true;
            return true;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // Another candidate wrote first (or the lease vanished): not ours this round.
            IsLeader = false;
            return false;
        }
        catch (Exception error) when (error is HttpRequestException or HttpOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(options.Name, error.Message);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.Name, options.Namespace);
            if (lease.Spec?.HolderIdentity != options.Identity)
            {
                return;
            }

            // As client-go: an empty holder and a 1 s lease let the next candidate take over at once.
            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = time.GetUtcNow().UtcDateTime;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.Name, options.Namespace);
        }
        catch (Exception error) when (error is HttpRequestException or HttpOperationException)
        {
            LogFailed(options.Name, error.Message);
        }
    }

    private V1Lease NewLease(DateTimeOffset now) => new()
    {
        Metadata = new V1ObjectMeta { Name = options.Name, NamespaceProperty = options.Namespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = options.Identity,
            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
            AcquireTime = now.UtcDateTime,
            RenewTime = now.UtcDateTime,
            LeaseTransitions = 0,
        },
    };

    private void Observe(string holder, DateTimeOffset now)
    {
        _observedRecord = holder;
        _observedAt = now;
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Information, Message = "leader election: {Identity} leads {Lease}")]
    private partial void LogLeading(string identity, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "leader election: {Identity} stopped leading {Lease}")]
    private partial void LogStopped(string identity, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election on {Lease}: {Reason}")]
    private partial void LogFailed(string lease, string reason);
}
