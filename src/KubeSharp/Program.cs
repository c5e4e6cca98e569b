using KubeSharp.CommandLine;
using KubeSharp.Commands;

// kubesharp: one binary for every part of the cluster; this file only picks the command.
const string Usage = $"""
    usage: kubesharp COMMAND [flags]

    commands:
      server     run the control plane and a node on this machine
      agent      run a node (kubelet and containerd) joined to a cluster
      images     import image archives into this node's containerd
      killall    remove what a stopped node left (containers, mounts, cgroups, bridge, routes, rules)
      proxy      run kube-proxy alone for this machine against an API server
      scheduler  run the scheduler alone against an API server
      controller-manager  run the controllers alone against an API server
      sim        simulated nodes (like kwok) for scale tests, against any API server
      version    print the version

    {ServerCommand.Usage}
    {AgentCommand.Usage}
    {ImagesCommand.Usage}
    {KillallCommand.Usage}
    {ProxyCommand.Usage}
    {SchedulerCommand.Usage}
    {ControllerManagerCommand.Usage}
    {SimCommand.Usage}
    """;

try
{
    return args switch
    {
        ["server", .. var rest] => await ServerCommand.RunAsync(rest),
        ["agent", .. var rest] => await AgentCommand.RunAsync(rest),
        ["images", .. var rest] => await ImagesCommand.RunAsync(rest),
        ["killall", .. var rest] => await KillallCommand.RunAsync(rest),
        ["proxy", .. var rest] => await ProxyCommand.RunAsync(rest),
        ["scheduler", .. var rest] => await SchedulerCommand.RunAsync(rest),
        ["controller-manager", .. var rest] => await ControllerManagerCommand.RunAsync(rest),
        ["sim", .. var rest] => await SimCommand.RunAsync(rest),
        ["version"] => PrintVersion(),
        [] or ["help" or "--help" or "-h"] => PrintUsage(Console.Out, 0),
        _ => throw new UsageException($"unknown command \"{args[0]}\""),
    };
}
catch (UsageException error)
{
    Console.Error.WriteLine($"kubesharp: {error.Message}");
    return PrintUsage(Console.Error, 2);
}

int PrintUsage(TextWriter writer, int exitCode)
{
    writer.WriteLine(Usage);
    return exitCode;
}

static int PrintVersion()
{
    Console.WriteLine($"kubesharp {typeof(UsageException).Assembly.GetName().Version}");
    return 0;
}
