using System.Text.Json;
using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Builders beyond <see cref="Builders"/> for the plugin table tests (upstream's st.MakePod().Req(...) and friends).</summary>
internal static class PluginTestHelpers
{
    /// <summary>
    /// A pod with one container per requests map ("cpu" → "1000m"); no maps gives a pod without
    /// containers, whose requests are zero even for scoring (upstream's st.MakePod().Obj()).
    /// </summary>
    public static V1Pod PodWithRequests(string name, string? node, params Dictionary<string, string>[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "uid-default-" + name },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers = [.. containers.Select((requests, i) => Container("c" + i, requests))],
        },
    };

    public static V1Pod WithInitContainer(this V1Pod pod, Dictionary<string, string> requests, bool sidecar = false)
    {
        var container = Container("init" + (pod.Spec.InitContainers?.Count ?? 0), requests);
        container.RestartPolicy = sidecar ? "Always" : null;
        pod.Spec.InitContainers = [.. pod.Spec.InitContainers ?? [], container];
        return pod;
    }

    public static V1Pod WithTolerations(this V1Pod pod, params V1Toleration[] tolerations)
    {
        pod.Spec.Tolerations = tolerations;
        return pod;
    }

    public static V1Pod WithNodeSelector(this V1Pod pod, Dictionary<string, string> selector)
    {
        pod.Spec.NodeSelector = selector;
        return pod;
    }

    public static V1Pod WithNodeAffinity(this V1Pod pod, V1NodeAffinity affinity)
    {
        pod.Spec.Affinity = new V1Affinity { NodeAffinity = affinity };
        return pod;
    }

    public static V1Pod WithImages(this V1Pod pod, params string[] images)
    {
        pod.Spec.Containers = [.. images.Select((image, i) => new V1Container { Name = "c" + i, Image = image })];
        return pod;
    }

    public static V1Pod WithInitImage(this V1Pod pod, string image)
    {
        pod.Spec.InitContainers = [.. pod.Spec.InitContainers ?? [], new V1Container { Name = "init", Image = image }];
        return pod;
    }

    /// <summary>Adds (or replaces) an allocatable resource; Builders.Node shares the map with capacity.</summary>
    public static V1Node WithAllocatable(this V1Node node, string resource, string quantity)
    {
        node.Status.Allocatable[resource] = new ResourceQuantity(quantity);
        return node;
    }

    /// <summary>Adds an image to node status: its size in MiB and the names it goes by.</summary>
    public static V1Node WithImage(this V1Node node, long sizeMb, params string[] names)
    {
        node.Status.Images = [.. node.Status.Images ?? [], new V1ContainerImage { Names = names, SizeBytes = sizeMb * 1024 * 1024 }];
        return node;
    }

    public static V1Toleration Toleration(string? key, string? op, string? value, string? effect) =>
        new() { Key = key, OperatorProperty = op, Value = value, Effect = effect };

    public static V1Taint Taint(string key, string? value, string effect) => new() { Key = key, Value = value, Effect = effect };

    public static V1NodeSelectorRequirement Requirement(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    /// <summary>A node selector term from matchExpressions and matchFields (either may be empty).</summary>
    public static V1NodeSelectorTerm Term(V1NodeSelectorRequirement[] expressions, V1NodeSelectorRequirement[]? fields = null) =>
        new() { MatchExpressions = expressions, MatchFields = fields ?? [] };

    public static V1NodeAffinity Required(params V1NodeSelectorTerm[] terms) =>
        new() { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = terms } };

    public static Snapshot SnapshotOf(IEnumerable<V1Node> nodes, IEnumerable<V1Pod>? pods = null) =>
        Snapshot.Create(nodes, pods ?? []);

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Scores every node of the snapshot in order, asserting each call succeeds.</summary>
    public static NodeScore[] ScoreAll(IScorePlugin plugin, CycleState state, PodInfo pod, Snapshot snapshot)
    {
        var scores = new NodeScore[snapshot.NodeInfos.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            var (score, status) = plugin.Score(state, pod, snapshot.NodeInfos[i]);
            Assert.True(status.IsSuccess, $"Score({snapshot.NodeInfos[i].Name}): {status}");
            scores[i] = new NodeScore(snapshot.NodeInfos[i].Name, score);
        }

        return scores;
    }

    /// <summary>The names of a table's cases, as theory data (each case then shows as its own test).</summary>
    public static TheoryData<string> Names<T>(IReadOnlyDictionary<string, T> cases)
    {
        var data = new TheoryData<string>();
        foreach (var name in cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    public static void AssertStatus(Status actual, Code code, params string[] reasons)
    {
        Assert.Equal(code, actual.Code);
        Assert.Equal(reasons, actual.Reasons.ToArray());
    }

    private static V1Container Container(string name, Dictionary<string, string> requests) => new()
    {
        Name = name,
        Image = "busybox",
        Resources = new V1ResourceRequirements
        {
            Requests = requests.ToDictionary(pair => pair.Key, pair => new ResourceQuantity(pair.Value)),
        },
    };
}
