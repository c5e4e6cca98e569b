using System.Text;
using KubeSharp.Scheduler.Config;

namespace KubeSharp.Scheduler.Tests.Config;

public sealed class SchedulerConfigurationTests
{
    [Fact]
    public void Reads_Upstreams_Shape_With_Defaults()
    {
        var configuration = Parse("""
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            percentageOfNodesToScore: 30
            podMaxBackoffSeconds: 20
            leaderElection:
              leaderElect: false
              leaseDuration: 1m30s
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: bin-packing
              plugins:
                score:
                  disabled:
                  - name: NodeResourcesBalancedAllocation
                  enabled:
                  - name: NodeResourcesFit
                    weight: 5
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
            """);

        Assert.Equal(30, configuration.PercentageOfNodesToScore);
        Assert.Equal(TimeSpan.FromSeconds(1), configuration.PodInitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(20), configuration.PodMaxBackoff);
        Assert.False(configuration.LeaderElection.LeaderElect);
        Assert.Equal(TimeSpan.FromSeconds(90), configuration.LeaderElection.LeaseDuration);
        Assert.Equal("kube-scheduler", configuration.LeaderElection.ResourceName);
        Assert.Equal(["default-scheduler", "bin-packing"], configuration.Profiles.Select(p => p.SchedulerName));
        var packing = configuration.Profiles[1];
        Assert.Equal([new PluginRef("NodeResourcesFit", 5)], packing.For(ExtensionPoints.Score).Enabled);
        Assert.True(packing.For(ExtensionPoints.Score).IsDisabled("NodeResourcesBalancedAllocation"));
        Assert.Equal("MostAllocated", packing.PluginConfig["NodeResourcesFit"].GetProperty("scoringStrategy").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("percentageOfNodesToScore: 101", "percentageOfNodesToScore: must be a whole number from 0 to 100")]
    [InlineData("profiles:\n- schedulerName: a\n- schedulerName: a", "profiles: schedulerName \"a\" is used by more than one profile")]
    [InlineData("parallelizm: 4", "parallelizm: unknown field")]
    [InlineData("profiles:\n- plugins:\n    filters: {}", "profiles[0].plugins.filters: unknown field")]
    [InlineData("apiVersion: kubescheduler.config.k8s.io/v1beta3", "apiVersion: must be kubescheduler.config.k8s.io/v1, not \"kubescheduler.config.k8s.io/v1beta3\"")]
    [InlineData("leaderElection:\n  leaseDuration: soon", "leaseDuration: \"soon\" is not a duration such as 15s or 1m30s")]
    public void Bad_Configurations_Name_The_Field(string yaml, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Parse(yaml));
        Assert.Equal($"test.yaml: {message}", error.Message);
    }

    private static SchedulerConfiguration Parse(string yaml) => SchedulerConfiguration.Parse(Encoding.UTF8.GetBytes(yaml), "test.yaml");
}
