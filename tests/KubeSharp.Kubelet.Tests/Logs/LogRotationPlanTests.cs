using KubeSharp.Kubelet.Logs;

namespace KubeSharp.Kubelet.Tests.Logs;

public sealed class LogRotationPlanTests
{
    private const string Path = "/var/log/pods/ns_web_uid/app/0.log";
    private static readonly DateTimeOffset Now = new(2024, 7, 8, 9, 10, 11, TimeSpan.Zero);
    private static readonly ContainerLogRotationOptions Options = new() { MaxSize = 1000, MaxFiles = 4 };

    [Fact]
    public void The_defaults_are_upstreams()
    {
        var options = new ContainerLogRotationOptions();

        Assert.Equal(10 * 1024 * 1024, options.MaxSize);
        Assert.Equal(5, options.MaxFiles);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Period);
    }

    [Fact]
    public void A_file_within_the_limit_stays_and_nothing_is_removed()
    {
        var plan = LogRotationPlan.For(Path, 1000, [Rotated("20240101-000000"), Rotated("20240102-000000"), Rotated("20240103-000000")], Now, Options);

        Assert.Null(plan.RotateTo);
        Assert.Empty(plan.Remove);
    }

    [Fact]
    public void A_file_over_the_limit_is_renamed_with_the_time()
    {
        var plan = LogRotationPlan.For(Path, 1001, [], Now, Options);

        Assert.Equal(Path + ".20240708-091011", plan.RotateTo);
        Assert.Empty(plan.Remove);
    }

    [Fact]
    public void The_oldest_rotated_files_go_so_that_max_files_remain_with_the_new_and_the_live_one()
    {
        var plan = LogRotationPlan.For(
            Path, 5000, [Rotated("20240103-000000"), Rotated("20240101-000000"), Rotated("20240104-000000"), Rotated("20240102-000000")], Now, Options);

        Assert.Equal([Rotated("20240101-000000"), Rotated("20240102-000000")], plan.Remove);
        Assert.NotNull(plan.RotateTo);
    }

    [Fact]
    public void At_least_the_live_file_and_the_newly_rotated_one_are_kept()
    {
        var plan = LogRotationPlan.For(Path, 5000, [Rotated("20240101-000000")], Now, Options with { MaxFiles = 1 });

        Assert.Equal([Rotated("20240101-000000")], plan.Remove);
    }

    [Fact]
    public void The_live_file_is_never_taken_for_a_rotated_one()
    {
        var plan = LogRotationPlan.For(Path, 5000, [Path, Rotated("20240101-000000")], Now, Options with { MaxFiles = 2 });

        Assert.Equal([Rotated("20240101-000000")], plan.Remove);
    }

    private static string Rotated(string stamp) => Path + "." + stamp;
}
