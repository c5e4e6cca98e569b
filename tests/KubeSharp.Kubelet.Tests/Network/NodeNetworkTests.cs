using KubeSharp.Kubelet.Network;

namespace KubeSharp.Kubelet.Tests.Network;

public sealed class NodeNetworkTests
{
    private static readonly NodeNetworkOptions Options = new() { BridgeName = "ks-n1", PodCidr = "10.42.1.0/24" };

    private readonly List<string> _commands = [];
    private readonly List<string> _sysctls = [];

    [Fact]
    public async Task Set_up_makes_the_bridge_routes_and_sysctls()
    {
        await NodeNetwork.SetUpAsync(Options, Ip(bridgeExists: false), Sysctl, CancellationToken.None);

        Assert.Equal(
            [
                "link show dev ks-n1",
                "link add ks-n1 type bridge",
                "addr replace 10.42.1.1/24 dev ks-n1",
                "link set ks-n1 up",
                "route replace 10.43.0.0/16 dev ks-n1",
                "route replace blackhole 10.42.0.0/16",
            ],
            _commands);
        Assert.Equal(["net.ipv4.ip_forward=1", "net.bridge.bridge-nf-call-iptables=1"], _sysctls);
    }

    [Fact]
    public async Task An_existing_bridge_is_not_added_again()
    {
        await NodeNetwork.SetUpAsync(Options, Ip(bridgeExists: true), Sysctl, CancellationToken.None);

        Assert.DoesNotContain("link add ks-n1 type bridge", _commands);
        Assert.Contains("addr replace 10.42.1.1/24 dev ks-n1", _commands);
    }

    [Fact]
    public async Task Tear_down_removes_the_routes_and_the_bridge_by_name()
    {
        await NodeNetwork.TearDownAsync(Options, Ip(bridgeExists: true), CancellationToken.None);

        Assert.Equal(
            ["route del blackhole 10.42.0.0/16", "link show dev ks-n1", "route del 10.43.0.0/16 dev ks-n1", "link del ks-n1"],
            _commands);
    }

    [Fact]
    public async Task Tearing_down_what_is_gone_is_fine()
    {
        await NodeNetwork.TearDownAsync(
            Options,
            (arguments, _) =>
            {
                _commands.Add(string.Join(' ', arguments));
                return Task.FromResult(arguments[0] == "link"
                    ? (1, "Device \"ks-n1\" does not exist.")
                    : (2, "RTNETLINK answers: No such process"));
            },
            CancellationToken.None);

        Assert.DoesNotContain("link del ks-n1", _commands);
    }

    [Fact]
    public async Task A_failing_command_is_reported()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeNetwork.SetUpAsync(
            Options, (_, _) => Task.FromResult((2, "RTNETLINK answers: Operation not permitted")), Sysctl, CancellationToken.None));

        Assert.Contains("Operation not permitted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_cidrs_are_refused_before_anything_runs()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            NodeNetwork.SetUpAsync(Options with { PodCidr = "10.42.1.0" }, Ip(bridgeExists: false), Sysctl, CancellationToken.None));

        Assert.Empty(_commands);
    }

    private Func<IReadOnlyList<string>, CancellationToken, Task<(int ExitCode, string Error)>> Ip(bool bridgeExists) =>
        (arguments, _) =>
        {
            _commands.Add(string.Join(' ', arguments));
            var missing = !bridgeExists && arguments[0] == "link" && arguments[1] == "show";
            return Task.FromResult(missing ? (1, "Device \"ks-n1\" does not exist.") : (0, string.Empty));
        };

    private void Sysctl(string name, string value) => _sysctls.Add($"{name}={value}");
}
