using k8s.Models;

namespace KubeSharp.Simulator.Tests;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_name_nodes_from_sim_node_0()
    {
        var options = new SimulatorOptions();

        Assert.Empty(options.Validate());
        Assert.Equal("sim-node-0", options.NodeName(0));
        Assert.Equal("sim-node-12", options.NodeName(12));
    }

    [Theory]
    [InlineData("--nodes")]
    [InlineData("--name-prefix")]
    [InlineData("--cpu")]
    [InlineData("--memory")]
    [InlineData("--pods")]
    [InlineData("--zones")]
    [InlineData("--taints")]
    [InlineData("--heartbeat-interval")]
    [InlineData("--status-interval")]
    [InlineData("--pod-start-delay")]
    [InlineData("--pod-cidr")]
    [InlineData("--max-grace")]
    [InlineData("--concurrency")]
    public void A_bad_option_is_reported_under_its_flag(string flag)
    {
        var valid = new SimulatorOptions();
        var options = flag switch
        {
            "--nodes" => valid with { Nodes = 0 },
            "--name-prefix" => valid with { NamePrefix = "Sim_" },
            "--cpu" => valid with { Cpu = "lots" },
            "--memory" => valid with { Memory = "-1Gi" },
            "--pods" => valid with { Pods = 0 },
            "--zones" => valid with { Zones = 27 },
            "--taints" => valid with { Taints = [new V1Taint { Key = "a", Effect = "Sometimes" }] },
            "--heartbeat-interval" => valid with { HeartbeatInterval = TimeSpan.FromSeconds(40) },
            "--status-interval" => valid with { StatusInterval = TimeSpan.Zero },
            "--pod-start-delay" => valid with { PodStartDelay = TimeSpan.FromSeconds(-1) },
            "--pod-cidr" => valid with { PodCidr = "fd00::/64" },
            "--max-grace" => valid with { MaxGrace = TimeSpan.FromSeconds(-1) },
            _ => valid with { ApiConcurrency = 0 },
        };

        var problem = Assert.Single(options.Validate());
        Assert.StartsWith(flag + ":", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_start_delay_and_zero_grace_are_allowed()
    {
        var options = new SimulatorOptions { PodStartDelay = TimeSpan.Zero, MaxGrace = TimeSpan.Zero };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Node_names_must_fit_a_label_value()
    {
        var options = new SimulatorOptions { NamePrefix = new string('a', 63), Nodes = 10 };

        Assert.Contains(options.Validate(), p => p.StartsWith("--name-prefix:", StringComparison.Ordinal));
    }
}
