using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Api.Networking;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.NodeIpam;

/// <summary>
/// upstream's node IPAM controller with the range allocator: every node gets its own subnet of the
/// cluster CIDR as spec.podCIDR (and podCIDRs), which the node's network gives its pods addresses
/// from. Subnets nodes already have are marked used before any is handed out; a node's subnet is
/// freed when the node is deleted. When the range is full the node gets a CIDRNotAvailable event
/// and waits: it is retried with backoff, and at once when some node's subnet is freed.
/// </summary>
public sealed partial class NodeIpamController : IController
{
    public const string ControllerName = "nodeipam";

    private const string Component = "cidrAllocator";

    private readonly IKubernetes _client;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly RateLimitingQueue<string> _queue;

    /// <summary>Guards the set and the two maps below; workers for different nodes share them.</summary>
    private readonly Lock _lock = new();
    private readonly CidrSet _cidrs;

    /// <summary>
    /// The subnet held for each node name, with the uid of the node it is for: set before the patch
    /// goes out, so a failed patch is retried with the same subnet and a deleted node's is found again.
    /// </summary>
    private readonly Dictionary<string, (string? Uid, Ipv4Cidr Cidr)> _held = new(StringComparer.Ordinal);

    /// <summary>Nodes that found the range full; freeing a subnet wakes them.</summary>
    private readonly HashSet<string> _starved = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The cluster CIDR is not IPv4, or the node mask size does not fit it.</exception>
    public NodeIpamController(ControllerContext context)
    {
        if (!Ipv4Cidr.TryParse(context.Options.ClusterCidr, out var cluster))
        {
            throw new ArgumentException($"cluster CIDR \"{context.Options.ClusterCidr}\" is not an IPv4 CIDR", nameof(context));
        }

        _cidrs = new CidrSet(cluster, context.Options.NodeCidrMaskSize);
        _client = context.Client;
        _options = context.Options;
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("node-ipam-controller");
        _queue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(_time), _time);
        _nodes = context.Informers.Nodes;
        _nodes.AddEventHandler(new NodeEvents(_queue));
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _nodes.Synced.WaitAsync(cancellationToken);
        OccupyExisting();
        await using var events = new EventRecorder(_client, Component, "kubesharp", _time, _logger);
        await QueueWorkers.RunAsync(
            _queue,
            Math.Max(1, _options.Workers),
            (name, ct) => SyncAsync(name, events, ct),
            (name, error) => LogFailed(name, error.Message),
            cancellationToken);
    }

    /// <summary>Marks the subnets existing nodes have as used, all before the first allocation, so none is handed out twice.</summary>
    private void OccupyExisting()
    {
        foreach (var node in _nodes.Store.List())
        {
            if (PodCidrOf(node) is not { } cidr)
            {
                continue;
            }

            lock (_lock)
            {
                if (_cidrs.Occupy(cidr))
                {
                    _held[node.Metadata.Name] = (node.Metadata.Uid, cidr);
                }
                else
                {
                    LogOutOfRange(node.Metadata.Name, cidr.ToString());
                }
            }
        }
    }

    /// <summary>Gives the node a subnet if it has none, or books the one it has; false when the range is full and it must wait.</summary>
    private async Task<bool> SyncAsync(string name, EventRecorder events, CancellationToken cancellationToken)
    {
        var node = _nodes.Store.Get(name);
        lock (_lock)
        {
            // Deleted, or deleted and made again under the same name: what the old node held is free.
            if (_held.TryGetValue(name, out var held) && (node is null || held.Uid != node.Metadata.Uid))
            {
                ReleaseLocked(name, held.Cidr);
            }
        }

        if (node is null)
        {
            return true;
        }

        if (node.Spec?.PodCIDR is { Length: > 0 } || node.Spec?.PodCIDRs is { Count: > 0 })
        {
            Book(node);
            return true;
        }

        Ipv4Cidr cidr;
        var found = true;
        lock (_lock)
        {
            if (_held.TryGetValue(name, out var held))
            {
                // Reserved on an earlier try whose patch failed.
                cidr = held.Cidr;
            }
            else if (_cidrs.TryAllocateNext(out cidr))
            {
                _held[name] = (node.Metadata.Uid, cidr);
                _starved.Remove(name);
            }
            else
            {
                _starved.Add(name);
                found = false;
            }
        }

        if (!found)
        {
            LogExhausted(name);
            events.Event(node, "Normal", "CIDRNotAvailable", $"Node {name} status is now: CIDRNotAvailable");
            return false;
        }

        try
        {
            // podCIDR and podCIDRs are immutable once set: if another writer got there first this fails, and the update it made brings the node back here.
            await _client.CoreV1.PatchNodeAsync(new V1Patch(CidrPatch(cidr), V1Patch.PatchType.MergePatch), name, cancellationToken: cancellationToken);
            LogAssigned(name, cidr.ToString());
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            lock (_lock)
            {
                ReleaseLocked(name, cidr);
            }
        }

        return true;
    }

    /// <summary>A node with a podCIDR (ours or set by someone else): that subnet is booked for it, and anything else held for it freed.</summary>
    private void Book(V1Node node)
    {
        var name = node.Metadata.Name;
        if (PodCidrOf(node) is not { } cidr)
        {
            // An IPv6 or unparsable podCIDR: not from this allocator's range, and immutable anyway.
            LogUnusable(name, node.Spec?.PodCIDRs is { Count: > 0 } all ? string.Join(",", all) : node.Spec?.PodCIDR ?? string.Empty);
            return;
        }

        lock (_lock)
        {
            if (_held.TryGetValue(name, out var held))
            {
                if (held.Cidr == cidr)
                {
                    return;
                }

                ReleaseLocked(name, held.Cidr);
            }

            if (_cidrs.Occupy(cidr))
            {
                _held[name] = (node.Metadata.Uid, cidr);
            }
            else
            {
                LogOutOfRange(name, cidr.ToString());
            }
        }
    }

    /// <summary>Frees a node's subnet and wakes the nodes waiting for one. The caller holds the lock.</summary>
    private void ReleaseLocked(string name, Ipv4Cidr cidr)
    {
        _cidrs.Release(cidr);
        _held.Remove(name);
        LogReleased(name, cidr.ToString());
        foreach (var waiting in _starved)
        {
            _queue.Add(waiting);
        }

        _starved.Clear();
    }

    /// <summary>The node's IPv4 pod CIDR (podCIDRs has one per IP family; podCIDR is the first).</summary>
    private static Ipv4Cidr? PodCidrOf(V1Node node)
    {
        var candidates = new List<string>();
        if (node.Spec?.PodCIDRs is { Count: > 0 } all)
        {
            candidates.AddRange(all);
        }
        else if (node.Spec?.PodCIDR is { Length: > 0 } one)
        {
            candidates.Add(one);
        }

        foreach (var text in candidates)
        {
            if (Ipv4Cidr.TryParse(text, out var cidr))
            {
                return cidr;
            }
        }

        return null;
    }

    /// <summary>A merge patch setting both fields; the API server's validation keeps them equal and immutable.</summary>
    private static string CidrPatch(Ipv4Cidr cidr) => new JsonObject
    {
        ["spec"] = new JsonObject
        {
            ["podCIDR"] = cidr.ToString(),
            ["podCIDRs"] = new JsonArray(JsonValue.Create(cidr.ToString())),
        },
    }.ToJsonString();

    /// <summary>Nodes without a podCIDR need one; a deleted node's subnet is freed.</summary>
    private sealed class NodeEvents(RateLimitingQueue<string> queue) : IResourceEventHandler<V1Node>
    {
        public void OnAdd(V1Node item) => queue.Add(item.Metadata.Name);

        public void OnUpdate(V1Node old, V1Node current)
        {
            if (string.IsNullOrEmpty(current.Spec?.PodCIDR) || old.Spec?.PodCIDR != current.Spec?.PodCIDR || old.Metadata.Uid != current.Metadata.Uid)
            {
                queue.Add(current.Metadata.Name);
            }
        }

        public void OnDelete(V1Node item) => queue.Add(item.Metadata.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node ipam controller: node {Node} gets podCIDR {Cidr}")]
    private partial void LogAssigned(string node, string cidr);

    [LoggerMessage(Level = LogLevel.Information, Message = "node ipam controller: podCIDR {Cidr} of node {Node} is free again")]
    private partial void LogReleased(string node, string cidr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node ipam controller: no podCIDR left for node {Node}; it waits until a node is deleted")]
    private partial void LogExhausted(string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node ipam controller: node {Node} has podCIDR {Cidr}, outside the cluster CIDR")]
    private partial void LogOutOfRange(string node, string cidr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node ipam controller: node {Node} has podCIDR {Cidr}, which is not an IPv4 CIDR")]
    private partial void LogUnusable(string node, string cidr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node ipam controller: syncing node {Node} failed: {Reason}")]
    private partial void LogFailed(string node, string reason);
}
