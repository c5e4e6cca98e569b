using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

/// <summary>Which taints a node's conditions call for, and how they are swapped.</summary>
public sealed class NodeTaintsTests
{
    private static readonly DateTime Now = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("True", "")]
    [InlineData("False", NodeTaints.NotReady)]
    [InlineData("Unknown", NodeTaints.Unreachable)]
    [InlineData(null, NodeTaints.NotReady)]
    public void The_ready_condition_decides_the_not_ready_and_unreachable_no_schedule_taints(string? ready, string expected)
    {
        Assert.Equal(expected, string.Join(",", NodeTaints.WantedNoScheduleKeys(Node(ready))));
    }

    [Fact]
    public void Pressure_conditions_and_cordoning_add_their_own_taints()
    {
        var node = Node("True", ("MemoryPressure", "True"), ("DiskPressure", "False"), ("PIDPressure", "True"), ("NetworkUnavailable", "True"));
        node.Spec.Unschedulable = true;

        Assert.Equal(
            [NodeTaints.MemoryPressure, NodeTaints.PidPressure, NodeTaints.NetworkUnavailable, NodeTaints.Unschedulable],
            NodeTaints.WantedNoScheduleKeys(node));
    }

    [Fact]
    public void A_ready_node_loses_the_not_ready_taint_the_api_server_gave_it_and_keeps_everyone_elses()
    {
        var node = Node("True");
        node.Spec.Taints =
        [
            new V1Taint { Key = NodeTaints.NotReady, Effect = NodeTaints.NoSchedule },
            new V1Taint { Key = "dedicated", Value = "gpu", Effect = NodeTaints.NoSchedule },
            new V1Taint { Key = NodeTaints.Unreachable, Effect = NodeTaints.NoExecute },
        ];

        var (add, remove) = NodeTaints.NoScheduleChanges(node);

        Assert.Empty(add);
        var removed = Assert.Single(remove);
        Assert.Equal((NodeTaints.NotReady, NodeTaints.NoSchedule), (removed.Key, removed.Effect));
    }

    [Fact]
    public void A_node_turning_unknown_swaps_not_ready_for_unreachable()
    {
        var node = Node("Unknown");
        node.Spec.Taints = [new V1Taint { Key = NodeTaints.NotReady, Effect = NodeTaints.NoSchedule }];

        var (add, remove) = NodeTaints.NoScheduleChanges(node);

        Assert.Equal(NodeTaints.Unreachable, Assert.Single(add).Key);
        Assert.Equal(NodeTaints.NotReady, Assert.Single(remove).Key);
    }

    [Fact]
    public void No_execute_taints_mirror_the_ready_condition()
    {
        var (add, opposite) = NodeTaints.NoExecuteFor("False") ?? throw new InvalidOperationException("no taint for Ready=False");
        Assert.Equal((NodeTaints.NotReady, NodeTaints.NoExecute), (add.Key, add.Effect));
        Assert.Equal((NodeTaints.Unreachable, NodeTaints.NoExecute), (opposite.Key, opposite.Effect));

        (add, opposite) = NodeTaints.NoExecuteFor("Unknown") ?? throw new InvalidOperationException("no taint for Ready=Unknown");
        Assert.Equal(NodeTaints.Unreachable, add.Key);
        Assert.Equal(NodeTaints.NotReady, opposite.Key);

        Assert.Null(NodeTaints.NoExecuteFor("True"));
    }

    [Fact]
    public void A_swap_stamps_new_taints_keeps_existing_ones_and_says_when_nothing_changes()
    {
        var earlier = Now.AddMinutes(-5);
        List<V1Taint> current =
        [
            new V1Taint { Key = "dedicated", Value = "gpu", Effect = NodeTaints.NoSchedule },
            new V1Taint { Key = NodeTaints.NotReady, Effect = NodeTaints.NoExecute, TimeAdded = earlier },
        ];
        var unreachable = new V1Taint { Key = NodeTaints.Unreachable, Effect = NodeTaints.NoExecute };
        var notReady = new V1Taint { Key = NodeTaints.NotReady, Effect = NodeTaints.NoExecute };

        var swapped = NodeTaints.Swap(current, [unreachable], [notReady], Now);

        Assert.NotNull(swapped);
        Assert.Equal(["dedicated", NodeTaints.Unreachable], swapped.Select(t => t.Key));
        Assert.Equal(Now, swapped[1].TimeAdded);

        // Adding what is there keeps its timeAdded, so evictions keep counting from the first time.
        Assert.Null(NodeTaints.Swap(current, [notReady], [], Now));
        Assert.Null(NodeTaints.Swap(current, [], [unreachable], Now));
        Assert.Equal(earlier, current[1].TimeAdded);
    }

    [Fact]
    public void Removing_the_last_taint_leaves_an_empty_list()
    {
        List<V1Taint> current = [new V1Taint { Key = NodeTaints.Unreachable, Effect = NodeTaints.NoExecute, TimeAdded = Now }];

        var swapped = NodeTaints.Swap(current, [], [new V1Taint { Key = NodeTaints.Unreachable, Effect = NodeTaints.NoExecute }], Now);

        Assert.NotNull(swapped);
        Assert.Empty(swapped);
    }

    private static V1Node Node(string? ready, params (string Type, string Status)[] others)
    {
        var conditions = new List<V1NodeCondition>();
        foreach (var (type, status) in others)
        {
            conditions.Add(new V1NodeCondition { Type = type, Status = status });
        }

        if (ready is not null)
        {
            conditions.Add(new V1NodeCondition { Type = "Ready", Status = ready });
        }

        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1" },
            Spec = new V1NodeSpec(),
            Status = new V1NodeStatus { Conditions = conditions },
        };
    }
}
