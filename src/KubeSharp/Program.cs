using KubeSharp.CommandLine;
using KubeSharp.Commands;

// kubesharp: one binary for every part of the cluster; this file only picks the command.
const string Usage = $"""
    usage: kubesharp COMMAND [flags]

    commands:
      server     run the control plane (and, as later parts land, a node)
      version    print the version

    {ServerCommand.Usage}
    """;

try
{
    return args switch
    {
        ["server", .. var rest] => await ServerCommand.RunAsync(rest),
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
