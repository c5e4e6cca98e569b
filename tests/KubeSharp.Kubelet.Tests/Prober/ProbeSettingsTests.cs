using k8s.Models;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class ProbeSettingsTests
{
    [Fact]
    public void Unset_fields_take_upstreams_defaults()
    {
        var settings = ProbeSettings.From(new V1Probe { Exec = new V1ExecAction { Command = ["true"] } });

        Assert.Equal(new ProbeSettings(0, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 1, 3), settings);
    }

    [Fact]
    public void Set_fields_are_kept()
    {
        var settings = ProbeSettings.From(new V1Probe
        {
            InitialDelaySeconds = 5,
            PeriodSeconds = 2,
            TimeoutSeconds = 3,
            SuccessThreshold = 4,
            FailureThreshold = 6,
        });

        Assert.Equal(new ProbeSettings(5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), 4, 6), settings);
    }
}
