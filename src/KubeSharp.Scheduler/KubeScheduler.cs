using k8s;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.LeaderElection;
using KubeSharp.Scheduler.Cache;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Queue;
using KubeSharp.Scheduler.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Scheduler;

/// <summary>
/// The scheduler: informers feed the cache and the queue; while this instance holds the
/// kube-system/kube-scheduler Lease (unless leader election is off) one loop schedules pod after
/// pod and binds them through the API. Everything goes through the API server.
/// </summary>
public sealed partial class KubeScheduler
{
    private readonly IKubernetes _client;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1Namespace> _namespaces;
    private readonly SharedInformer<V1Service> _services;
    private readonly SharedInformer<V1ReplicaSet> _replicaSets;
    private readonly SharedInformer<V1StatefulSet> _statefulSets;
    private readonly SchedulerCache _cache = new();
    private readonly SchedulingQueue _queue;
    private readonly Dictionary<string, SchedulingFramework> _profiles = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <exception cref="ArgumentException">The configuration names unknown plugins or is otherwise invalid.</exception>
    public KubeScheduler(IKubernetes client, SchedulerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _client = client;
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("scheduler");
        var informerLogger = loggers.CreateLogger("scheduler.informers");
        _pods = new SharedInformer<V1Pod>(ListWatches.Pods(client), time, null, informerLogger);
        _nodes = new SharedInformer<V1Node>(ListWatches.Nodes(client), time, null, informerLogger);
        _namespaces = new SharedInformer<V1Namespace>(ListWatches.Namespaces(client), time, null, informerLogger);
        _services = new SharedInformer<V1Service>(ListWatches.Services(client), time, null, informerLogger);
        _replicaSets = new SharedInformer<V1ReplicaSet>(ListWatches.ReplicaSets(client), time, null, informerLogger);
        _statefulSets = new SharedInformer<V1StatefulSet>(ListWatches.StatefulSets(client), time, null, informerLogger);

        var configuration = options.Configuration;
        var nominator = new Nominator();
        var view = new ClusterView(_namespaces.Store, _services.Store, _replicaSets.Store, _statefulSets.Store, nominator);
        foreach (var profile in configuration.Profiles)
        {
            _profiles[profile.SchedulerName] = SchedulingFramework.Create(profile, options.Registry, configuration.Parallelism, client, time, view);
        }

        var first = _profiles[configuration.Profiles[0].SchedulerName];
        _queue = new SchedulingQueue(
            first.QueueSort.Less,
            time,
            configuration.PodInitialBackoff,
            configuration.PodMaxBackoff,
            pod => (_profiles.GetValueOrDefault(pod.Pod.Spec?.SchedulerName ?? SchedulerProfile.DefaultSchedulerName) ?? first).RunPreEnqueuePlugins(pod),
            plugin => _profiles.Values.Select(framework => framework.EventsByPlugin.GetValueOrDefault(plugin)).FirstOrDefault(events => events is not null),
            nominator);
        _pods.AddEventHandler(new PodEventHandler(_cache, _queue, _profiles.Keys.ToHashSet(StringComparer.Ordinal)));
        _nodes.AddEventHandler(new NodeEventHandler(_cache, _queue));
    }

    public SchedulerMetrics Metrics { get; } = new();

    /// <summary>Completes when the informers have synced and this instance has started scheduling.</summary>
    public Task Started => _started.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] informers =
        [
            _pods.RunAsync(stopping.Token), _nodes.RunAsync(stopping.Token), _namespaces.RunAsync(stopping.Token), _services.RunAsync(stopping.Token),
            _replicaSets.RunAsync(stopping.Token), _statefulSets.RunAsync(stopping.Token),
        ];
        try
        {
            await Task.WhenAll(_pods.Synced, _nodes.Synced, _namespaces.Synced, _services.Synced, _replicaSets.Synced, _statefulSets.Synced)
                .WaitAsync(cancellationToken);
            await using var events = new EventRecorder(_client, SchedulerProfile.DefaultSchedulerName, _options.Identity, _time, _loggers.CreateLogger("scheduler.events"));
            var scheduler = new PodScheduler(_profiles, _cache, _queue, _pods.Store, _client, events, Metrics, _options.Configuration.PercentageOfNodesToScore, _time, _logger);
            var election = _options.Configuration.LeaderElection;
            if (!election.LeaderElect)
            {
                await LeadAsync(scheduler, cancellationToken);
                return;
            }

            var elector = new LeaderElector(_client, new LeaderElectionOptions
            {
                Namespace = election.ResourceNamespace,
                Name = election.ResourceName,
                Identity = _options.Identity,
                LeaseDuration = election.LeaseDuration,
                RenewDeadline = election.RenewDeadline,
                RetryPeriod = election.RetryPeriod,
            }, _time, _loggers.CreateLogger("scheduler.leaderelection"));
            await elector.RunAsync(leading => LeadAsync(scheduler, leading), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _queue.Close();
            _queue.Dispose();
            await stopping.CancelAsync();
            await Task.WhenAll(informers).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private Task LeadAsync(PodScheduler scheduler, CancellationToken leading)
    {
        LogStarted(_profiles.Count, _cache.NodeCount);
        _started.TrySetResult();
        return scheduler.RunAsync(leading);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduler: scheduling with {Profiles} profile(s), {Nodes} node(s) known")]
    private partial void LogStarted(int profiles, int nodes);
}
