using KubeSharp.CommandLine;
using KubeSharp.Kubelet.Images;

namespace KubeSharp.Commands;

/// <summary>
/// <c>kubesharp images import FILE...</c>: loads OCI or docker image archives into the node's
/// containerd (where the kubelet's pods find them), like <c>k3s ctr images import</c>.
/// </summary>
internal static class ImagesCommand
{
    public const string Usage = """
        kubesharp images import FILE... [flags]
          --data-dir DIR                  the node's data directory (default /var/lib/kubesharp)
          --container-runtime-endpoint SOCKET
                                          containerd's socket (default DIR/agent/containerd/containerd.sock)
        """;

    // The agent's default data directory (AgentCommand and ServerCommand spell it out too).
    private const string DefaultDataDir = "/var/lib/kubesharp";

    private static readonly HashSet<string> ValueFlags = ["data-dir", "container-runtime-endpoint"];

    private static readonly HashSet<string> BooleanFlags = [];

    /// <summary>Imports each file in turn; 0 when all were imported, 1 when any was refused or failed.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        if (args.Count == 0 || args[0] != "import")
        {
            throw new UsageException(args.Count == 0 ? "images needs a subcommand: import" : $"unknown images subcommand \"{args[0]}\"");
        }

        var (files, flagArgs) = SplitArguments(args.Skip(1).ToList());
        if (files.Count == 0)
        {
            throw new UsageException("images import needs at least one FILE");
        }

        var flags = Flags.Parse(flagArgs, ValueFlags, BooleanFlags);
        var dataDir = Path.GetFullPath(flags.Get("data-dir", DefaultDataDir));
        var socket = flags.Get("container-runtime-endpoint") ?? Path.Combine(dataDir, "agent", "containerd", "containerd.sock");

        var exitCode = 0;
        foreach (var file in files)
        {
            try
            {
                foreach (var name in await ImageImporter.ImportAsync(socket, file, cancellationToken))
                {
                    Console.Out.WriteLine($"imported {name}");
                }
            }
            catch (Exception error) when (error is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"kubesharp images import: {error.Message}");
                exitCode = 1;
            }
        }

        return exitCode;
    }

    // FILEs and flags may come in any order; a value flag written "--name value" takes the next argument.
    private static (List<string> Files, List<string> Flags) SplitArguments(IReadOnlyList<string> args)
    {
        var files = new List<string>();
        var flags = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                files.Add(arg);
                continue;
            }

            flags.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && ValueFlags.Contains(arg[2..]) && i + 1 < args.Count)
            {
                flags.Add(args[++i]);
            }
        }

        return (files, flags);
    }
}
