using System.Text.Json;
using k8s;
using k8s.Models;
using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Selectors, affinity terms and spread constraints for the affinity, spreading and preemption tables.</summary>
internal static class AffinityTestHelpers
{
    public static V1LabelSelector In(string key, params string[] values) => Expression(key, "In", values);

    public static V1LabelSelector NotIn(string key, params string[] values) => Expression(key, "NotIn", values);

    public static V1LabelSelector Exists(string key) => Expression(key, "Exists");

    public static V1LabelSelector DoesNotExist(string key) => Expression(key, "DoesNotExist");

    /// <summary>A selector with several requirements, ANDed.</summary>
    public static V1LabelSelector All(params V1LabelSelector[] selectors) =>
        new() { MatchExpressions = [.. selectors.SelectMany(selector => selector.MatchExpressions ?? Enumerable.Empty<V1LabelSelectorRequirement>())] };

    public static V1PodAffinityTerm PodTerm(string topologyKey, V1LabelSelector selector, IList<string>? namespaces = null, V1LabelSelector? namespaceSelector = null) =>
        new() { TopologyKey = topologyKey, LabelSelector = selector, Namespaces = namespaces, NamespaceSelector = namespaceSelector };

    public static V1WeightedPodAffinityTerm Weighted(int weight, V1PodAffinityTerm term) => new() { Weight = weight, PodAffinityTerm = term };

    /// <summary>The pod with these affinity terms (any list may be null).</summary>
    public static V1Pod WithAffinity(
        this V1Pod pod,
        IList<V1PodAffinityTerm>? required = null,
        IList<V1PodAffinityTerm>? requiredAnti = null,
        IList<V1WeightedPodAffinityTerm>? preferred = null,
        IList<V1WeightedPodAffinityTerm>? preferredAnti = null)
    {
        pod.Spec!.Affinity = new V1Affinity
        {
            PodAffinity = required is null && preferred is null
                ? null
                : new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = required, PreferredDuringSchedulingIgnoredDuringExecution = preferred },
            PodAntiAffinity = requiredAnti is null && preferredAnti is null
                ? null
                : new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = requiredAnti, PreferredDuringSchedulingIgnoredDuringExecution = preferredAnti },
        };
        return pod;
    }

    public static V1TopologySpreadConstraint Spread(
        int maxSkew,
        string topologyKey,
        string whenUnsatisfiable,
        V1LabelSelector? selector,
        int? minDomains = null,
        string? nodeAffinityPolicy = null,
        string? nodeTaintsPolicy = null,
        IList<string>? matchLabelKeys = null) =>
        new()
        {
            MaxSkew = maxSkew,
            TopologyKey = topologyKey,
            WhenUnsatisfiable = whenUnsatisfiable,
            LabelSelector = selector,
            MinDomains = minDomains,
            NodeAffinityPolicy = nodeAffinityPolicy,
            NodeTaintsPolicy = nodeTaintsPolicy,
            MatchLabelKeys = matchLabelKeys,
        };

    public static V1Pod WithSpread(this V1Pod pod, params V1TopologySpreadConstraint[] constraints)
    {
        pod.Spec!.TopologySpreadConstraints = constraints;
        return pod;
    }

    /// <summary>A node with these labels (and, from Builders, kubernetes.io/hostname = name).</summary>
    public static V1Node LabeledNode(string name, params string[] labels) => Builders.Node(name, labels: Builders.Labels(labels));

    /// <summary>A node with exactly these labels (no hostname label).</summary>
    public static V1Node BareNode(string name, params string[] labels)
    {
        var node = Builders.Node(name);
        node.Metadata!.Labels = Builders.Labels(labels);
        return node;
    }

    /// <summary>The names of a table's cases, as theory data (each case then shows as its own test).</summary>
    public static TheoryData<string> CaseNamesOf<T>(IReadOnlyDictionary<string, T> cases)
    {
        var data = new TheoryData<string>();
        foreach (var name in cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>A pod on the node with these labels; names need only be unique within a table row.</summary>
    public static V1Pod PodOn(string name, string node, params string[] labels) =>
        Builders.Pod(name, node, labels: Builders.Labels(labels));

    public static V1Pod Terminating(this V1Pod pod)
    {
        pod.Metadata!.DeletionTimestamp = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return pod;
    }

    public static JsonElement ArgsJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static V1LabelSelector Expression(string key, string op, params string[] values) =>
        new() { MatchExpressions = [new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values }] };
}

/// <summary>
/// A framework handle for preemption tests: RunFilterPluginsWithNominatedPods runs the given Filter
/// plugins in order and the PreFilter extensions those of the given PreFilter plugins (skipping
/// the ones that said Skip), as the framework does, without nominated pods.
/// </summary>
internal sealed class PreemptionTestHandle(Snapshot snapshot, IReadOnlyList<IFilterPlugin> filters, IReadOnlyList<IPreFilterPlugin> preFilters) : IFrameworkHandle
{
    public Snapshot Snapshot { get; } = snapshot;

    public IKubernetes Client => throw new InvalidOperationException("preemption tests have no API client");

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public int Parallelism => 2;

    public IReadOnlyDictionary<string, string>? NamespaceLabels(string name) => null;

    public LabelSelector DefaultSelector(PodInfo pod) => LabelSelector.Everything;

    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => [];

    public WaitingPod? GetWaitingPod(string uid) => null;

    public Status RunFilterPluginsWithNominatedPods(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        foreach (var filter in filters)
        {
            if (state.SkipFilterPlugins.Contains(filter.Name))
            {
                continue;
            }

            var status = filter.Filter(state, pod, nodeInfo);
            if (!status.IsSuccess)
            {
                return status.WithPlugin(filter.Name);
            }
        }

        return Status.Success;
    }

    public Status RunPreFilterExtensionAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) =>
        RunExtensions(state, extensions => extensions.AddPod(state, podToSchedule, podToAdd, nodeInfo));

    public Status RunPreFilterExtensionRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) =>
        RunExtensions(state, extensions => extensions.RemovePod(state, podToSchedule, podToRemove, nodeInfo));

    /// <summary>Runs PreFilter of the given plugins into the state, marking those that skip.</summary>
    public Status RunPreFilter(CycleState state, PodInfo pod)
    {
        foreach (var plugin in preFilters)
        {
            var (_, status) = plugin.PreFilter(state, pod, Snapshot.NodeInfos);
            if (status.Code == Code.Skip)
            {
                state.SkipFilterPlugins.Add(plugin.Name);
            }
            else if (!status.IsSuccess)
            {
                return status;
            }
        }

        return Status.Success;
    }

    private Status RunExtensions(CycleState state, Func<IPreFilterExtensions, Status> run)
    {
        foreach (var plugin in preFilters)
        {
            if (state.SkipFilterPlugins.Contains(plugin.Name) || plugin.Extensions is not { } extensions)
            {
                continue;
            }

            var status = run(extensions);
            if (!status.IsSuccess)
            {
                return status;
            }
        }

        return Status.Success;
    }
}

/// <summary>A NodeResourcesFit-like filter for preemption tests: cpu, memory and pod count must fit the node's allocatable.</summary>
internal sealed class TestResourceFit : IFilterPlugin
{
    public string Name => "TestResourceFit";

    public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var reasons = new List<string>();
        if (nodeInfo.Pods.Count + 1 > nodeInfo.Allocatable.AllowedPodNumber)
        {
            reasons.Add("Too many pods");
        }

        if (pod.Requests.MilliCpu > nodeInfo.Allocatable.MilliCpu - nodeInfo.Requested.MilliCpu)
        {
            reasons.Add("Insufficient cpu");
        }

        if (pod.Requests.Memory > nodeInfo.Allocatable.Memory - nodeInfo.Requested.Memory)
        {
            reasons.Add("Insufficient memory");
        }

        return reasons.Count == 0 ? Status.Success : new Status(Code.Unschedulable, reasons);
    }
}
