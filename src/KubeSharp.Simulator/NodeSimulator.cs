using k8s;
using k8s.Models;
using KubeSharp.Api.Networking;
using KubeSharp.Client;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using KubeSharp.Simulator.Addresses;
using KubeSharp.Simulator.Nodes;
using KubeSharp.Simulator.Pods;
using KubeSharp.Simulator.Work;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Simulator;

/// <summary>
/// Simulated nodes, like kwok: registers Nodes and plays their kubelets through the API alone
/// (so it works against any API server) without running a container. It heartbeats (a Lease per
/// node, conditions re-posted), makes pods bound to its nodes Running with fake IPs, ends pods
/// that ask to, and deletes terminating pods once their grace period is over. All timed work goes
/// through one time-ordered queue and a fixed number of workers, so API calls in flight stay
/// bounded however many nodes and pods there are.
/// </summary>
public sealed partial class NodeSimulator : IDisposable
{
    private static readonly TimeSpan RetryBase = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromMinutes(2);

    // Pods bound to any node, in every namespace; the simulator picks its own nodes' pods from these.
    private const string BoundPods = "spec.nodeName!=";

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, SimulatedNode> _nodes;
    private readonly ExponentialFailureRateLimiter<WorkItem> _backoff = new(RetryBase, RetryMax);
    private readonly RateLimitingQueue<WorkItem> _work;
    private readonly DueQueue<WorkItem> _due;
    private readonly SharedInformer<V1Node> _nodeInformer;
    private readonly SharedInformer<V1Pod> _podInformer;
    private readonly NodeRegistrar _registrar;
    private readonly NodeHeartbeat _heartbeat;
    private readonly PodLifecycle _pods;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <exception cref="ArgumentException">The options are not valid (see <see cref="SimulatorOptions.Validate"/>).</exception>
    public NodeSimulator(IKubernetes client, SimulatorOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _time = time;
        _logger = loggers.CreateLogger("sim");
        NodeNames = [.. Enumerable.Range(0, options.Nodes).Select(options.NodeName)];
        _nodes = Enumerable.Range(0, options.Nodes)
            .Select(i => new SimulatedNode(options.NodeName(i), i, NodeAddresses.InternalIp(i)))
            .ToDictionary(node => node.Name, StringComparer.Ordinal);
        _work = new RateLimitingQueue<WorkItem>(_backoff, time);
        _due = new DueQueue<WorkItem>(time, _work.Add);
        _nodeInformer = new SharedInformer<V1Node>(ListWatches.Nodes(client), time, null, _logger);
        _podInformer = new SharedInformer<V1Pod>(ListWatches.Pods(client, BoundPods), time, null, _logger);
        _podInformer.Store.AddIndex(PodLifecycle.NodeIndex, pod => [pod.Spec?.NodeName ?? string.Empty]);
        _registrar = new NodeRegistrar(client, options, time, _logger);
        _heartbeat = new NodeHeartbeat(client, options, _due, time, _logger);
        var podCidr = Ipv4Cidr.TryParse(options.PodCidr, out var cidr) ? cidr : throw new ArgumentException("invalid pod CIDR", nameof(options));
        _pods = new PodLifecycle(client, options, _nodes, _podInformer.Store, new PodIpAllocator(podCidr), _due, time, _logger);
        _nodeInformer.AddEventHandler(new NodeChanges(_nodes, Resume, _heartbeat.Stop, _heartbeat.MarkGone, _logger));
        _podInformer.AddEventHandler(_pods);
    }

    /// <summary>Completes once every node is registered (with its lease) and heartbeating; faults if registration fails.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The simulated nodes' names, in index order.</summary>
    public IReadOnlyList<string> NodeNames { get; }

    /// <summary>Pods on simulated nodes being tracked (for tests and benchmarks).</summary>
    internal int TrackedPods => _pods.Count;

    /// <summary>Work waiting for its time (for tests and benchmarks).</summary>
    internal int PendingWork => _due.Count;

    /// <summary>
    /// Registers the nodes, then heartbeats and plays their kubelets until cancelled (it then returns
    /// normally); with <see cref="SimulatorOptions.DeleteNodesOnExit"/> it deletes its nodes and
    /// leases before returning. Runs once per instance.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("a NodeSimulator runs only once");
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stopping.Token;
        var nodeInformer = _nodeInformer.RunAsync(token);
        var workers = Enumerable.Range(0, _options.ApiConcurrency).Select(_ => Task.Run(() => WorkAsync(token), CancellationToken.None)).ToList();
        var podInformer = Task.CompletedTask;
        try
        {
            await RegisterAllAsync(token);
            LogRegistered(_nodes.Count);
            _ready.TrySetResult();

            // Pods are looked at only once their nodes exist, as a kubelet starts pods only once registered.
            podInformer = _podInformer.RunAsync(token);
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(cancellationToken);
        }
        catch (Exception error)
        {
            _ready.TrySetException(error);
            throw;
        }
        finally
        {
            await stopping.CancelAsync();
            _work.ShutDown();
            await Task.WhenAll(workers);
            await Task.WhenAll(nodeInformer, podInformer);
        }

        LogStopped();
        if (_options.DeleteNodesOnExit)
        {
            using var timeout = new CancellationTokenSource(DeleteTimeout, _time);
            var deleted = await DeleteAllAsync(_registrar, NodeNames, _options.RegistrationConcurrency, _time, _logger, timeout.Token);
            LogDeleted(_logger, deleted);
        }
    }

    /// <summary>
    /// Makes a node's kubelet go silent, as if it died: its lease and status are no longer renewed
    /// and its pods are left as they are. False if the node is not one of the simulator's.
    /// </summary>
    public bool StopHeartbeat(string nodeName)
    {
        if (!_nodes.TryGetValue(nodeName, out var node))
        {
            return false;
        }

        if (!node.StoppedInProcess)
        {
            node.StoppedInProcess = true;
            _heartbeat.Stop(node);
            LogSwitched(nodeName, "stopped");
        }

        return true;
    }

    /// <summary>Undoes <see cref="StopHeartbeat"/> (a node also stopped by its annotation stays stopped until that is removed).</summary>
    public bool ResumeHeartbeat(string nodeName)
    {
        if (!_nodes.TryGetValue(nodeName, out var node))
        {
            return false;
        }

        if (node.StoppedInProcess)
        {
            node.StoppedInProcess = false;
            LogSwitched(nodeName, "resumed");
            Resume(node);
        }

        return true;
    }

    /// <summary>
    /// Deletes nodes prefix0..prefix(N-1) and their leases (what <c>kubesharp sim --delete</c> does);
    /// returns how many nodes were there.
    /// </summary>
    public static Task<int> DeleteNodesAsync(IKubernetes client, SimulatorOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, options.Nodes).Select(options.NodeName).ToList();
        return DeleteAllAsync(new NodeRegistrar(client, options, time, logger), names, options.RegistrationConcurrency, time, logger, cancellationToken);
    }

    public void Dispose()
    {
        _due.Dispose();
        _work.Dispose();
    }

    private static async Task<int> DeleteAllAsync(
        NodeRegistrar registrar, IReadOnlyList<string> names, int concurrency, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(names, parallel, async (name, token) =>
        {
            var existed = false;
            await ApiRetry.RunAsync(
                async t => existed = await registrar.DeleteAsync(name, t),
                time,
                (error, delay) => LogRetrying(logger, "deleting node " + name, delay.TotalSeconds, ApiFailures.Describe(error)),
                token);
            if (existed)
            {
                Interlocked.Increment(ref deleted);
            }
        });
        return deleted;
    }

    private async Task RegisterAllAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.RegistrationConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_nodes.Values.OrderBy(node => node.Index), parallel, async (node, token) =>
        {
            await ApiRetry.RunAsync(
                t => _registrar.RegisterAsync(node, t),
                _time,
                (error, delay) => LogRetrying(_logger, "registering node " + node.Name, delay.TotalSeconds, ApiFailures.Describe(error)),
                token);
            _heartbeat.Start(node, _time.GetUtcNow());
        });
    }

    /// <summary>One worker: takes due work from the queue until it shuts down; a failure is retried later with backoff.</summary>
    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (item, shutdown) = await _work.GetAsync(CancellationToken.None);
            if (shutdown)
            {
                return;
            }

            try
            {
                await ProcessAsync(item, cancellationToken);
                _backoff.Forget(item);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: the call was cut short and nothing more is done.
            }
            catch (Exception error)
            {
                var delay = _backoff.When(item);
                LogRetrying(_logger, $"{item.Kind} {item.Key}", delay.TotalSeconds, ApiFailures.Describe(error));
                _due.Schedule(item, _time.GetUtcNow() + delay);
            }
            finally
            {
                _work.Done(item);
            }
        }
    }

    private Task ProcessAsync(WorkItem item, CancellationToken cancellationToken) => item.Kind switch
    {
        WorkKind.Lease => _heartbeat.RenewLeaseAsync(_nodes[item.Key], cancellationToken),
        WorkKind.Status => _heartbeat.PostStatusAsync(_nodes[item.Key], cancellationToken),
        _ => _pods.SyncAsync(item.Key, cancellationToken),
    };

    /// <summary>A stopped node comes back: beats at once, and its pods are looked at again.</summary>
    private void Resume(SimulatedNode node)
    {
        if (!node.IsAlive)
        {
            // Not registered yet (registration starts its beats), or still stopped the other way.
            return;
        }

        _heartbeat.Resume(node, _time.GetUtcNow());
        _pods.Resync(node.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "simulated {Count} nodes registered")]
    private partial void LogRegistered(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} heartbeat {State}")]
    private partial void LogSwitched(string node, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Information, Message = "deleted {Count} simulated nodes and their leases")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} failed, retrying in {Seconds} s: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string what, double seconds, string reason);
}
