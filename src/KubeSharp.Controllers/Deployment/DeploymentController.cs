using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// upstream's Deployment controller (pkg/controller/deployment): a Deployment owns ReplicaSets,
/// one per pod template (the new one, named after the template's hash) and the old ones; it
/// rolls pods over from the old to the new by scaling them (RollingUpdate within maxSurge and
/// maxUnavailable, or Recreate: all old pods gone first), scales them proportionally when its
/// replicas change mid-rollout, numbers rollouts with revisions, keeps revisionHistoryLimit old
/// ReplicaSets for rollbacks, and reports progress in its status and conditions. Handlers only
/// enqueue Deployment keys; the workers do the rest from the informers' caches.
/// </summary>
public sealed partial class DeploymentController : IController
{
    public const string ControllerName = "deployment";

    /// <summary>maxRetries: a key that failed this often is dropped until it changes again.</summary>
    private const int MaxRetries = 15;

    private readonly ControllerContext _context;
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1Deployment> _deployments;
    private readonly SharedInformer<V1ReplicaSet> _replicaSets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly RateLimitingQueue<string> _queue;
    private EventRecorder? _events;

    public DeploymentController(ControllerContext context)
    {
        _context = context;
        _client = context.Client;
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("deployment-controller");
        _queue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(_time), _time);
        _deployments = context.Informers.Deployments;
        _replicaSets = context.Informers.ReplicaSets;
        _pods = context.Informers.Pods;
        _deployments.AddEventHandler(new DeploymentEvents(this));
        _replicaSets.AddEventHandler(new ReplicaSetEvents(this));
        _pods.AddEventHandler(new PodEvents(this));
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _context.Informers.WaitForSyncAsync(cancellationToken);
        await using var events = new EventRecorder(_client, "deployment-controller", "kubesharp", _time, _logger);
        _events = events;
        await QueueWorkers.RunAsync(
            _queue,
            _context.Options.Workers,
            async (key, ct) =>
            {
                try
                {
                    await SyncDeploymentAsync(key, ct);
                }
                catch (HttpOperationException error) when (IsNamespaceTerminating(error))
                {
                    // Every write will fail until the namespace is gone: nothing to retry.
                }

                return true;
            },
            LogFailure,
            cancellationToken,
            MaxRetries,
            key => LogDropped(key, MaxRetries));
    }

    /// <summary>
    /// syncDeployment, in upstream's order of precedence: being deleted (status only), paused
    /// (scale only), a scaling event (scale only), then a rollout by the strategy. spec.rollbackTo
    /// is gone from apps/v1 (kubectl undoes a rollout by writing the old template back), so there
    /// is no rollback step.
    /// </summary>
    private async Task SyncDeploymentAsync(string key, CancellationToken cancellationToken)
    {
        var cached = _deployments.Store.Get(key);
        if (cached is null)
        {
            LogDeleted(key);
            return;
        }

        var d = ModelCopy.Of(cached);
        d.Status ??= new V1DeploymentStatus();
        if (d.Spec.Selector is { } selector && (selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0)
        {
            await RejectSelectingAllAsync(d, cancellationToken);
            return;
        }

        var rsList = await GetReplicaSetsForDeploymentAsync(d, cancellationToken);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            await SyncStatusOnlyAsync(d, rsList, cancellationToken);
            return;
        }

        // Paused and resumed are conditions too, so a long pause never reads as a stuck rollout.
        await CheckPausedConditionsAsync(d, cancellationToken);
        if (Deployments.IsPaused(d) || await IsScalingEventAsync(d, rsList, cancellationToken))
        {
            await SyncAsync(d, rsList, cancellationToken);
            return;
        }

        switch (d.Spec.Strategy?.Type)
        {
            case Deployments.RecreateStrategy:
                await RolloutRecreateAsync(d, rsList, cancellationToken);
                break;
            case Deployments.RollingUpdateStrategy:
                await RolloutRollingAsync(d, rsList, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"unexpected deployment strategy type: {d.Spec.Strategy?.Type}");
        }
    }

    /// <summary>An empty selector would select every pod of the namespace: say so, and do nothing else.</summary>
    private async Task RejectSelectingAllAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        Event(d, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
        if ((d.Status.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0))
        {
            return;
        }

        d.Status.ObservedGeneration = d.Metadata.Generation;
        try
        {
            await WriteStatusAsync(d, cancellationToken);
        }
        catch (HttpOperationException)
        {
            // As upstream: the warning is what matters; the next change tries again.
        }
    }

    private void Event(V1Deployment d, string type, string reason, string message) => _events?.Event(d, type, reason, message);

    /// <summary>What went wrong, as the API server's Status message says it when there is one.</summary>
    private static string Describe(Exception error)
    {
        if (error is HttpOperationException { Response.Content: { Length: > 0 } content })
        {
            try
            {
                if (JsonNode.Parse(content)?["message"] is JsonValue message && message.TryGetValue<string>(out var text))
                {
                    return text;
                }
            }
            catch (JsonException)
            {
                // Not a Status: fall back to the exception's own message.
            }
        }

        return error.Message;
    }

    /// <summary>A conflict is an ordinary stale cache, not worth a warning; the item is retried with backoff either way.</summary>
    private void LogFailure(string key, Exception error)
    {
        if (error is HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict })
        {
            LogConflict(key, Describe(error));
        }
        else
        {
            LogSyncFailed(key, Describe(error));
        }
    }

    private static bool IsNamespaceTerminating(HttpOperationException error) =>
        error.Response?.Content?.Contains("\"NamespaceTerminating\"", StringComparison.Ordinal) == true;

    [LoggerMessage(Level = LogLevel.Debug, Message = "deployment controller: {Key} has been deleted")]
    private partial void LogDeleted(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deployment controller: syncing {Key} failed: {Reason}")]
    private partial void LogSyncFailed(string key, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "deployment controller: {Key} was changed meanwhile, syncing again: {Reason}")]
    private partial void LogConflict(string key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "deployment controller: dropping {Key} after {Retries} failed syncs")]
    private partial void LogDropped(string key, int retries);

    [LoggerMessage(Level = LogLevel.Information, Message = "deployment controller: hash collision for {Key}, collisionCount {Previous} -> {Current}")]
    private partial void LogHashCollision(string key, int previous, int current);
}
