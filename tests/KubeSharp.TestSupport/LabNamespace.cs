namespace KubeSharp.TestSupport;

/// <summary>
/// The network safety net of end-to-end tests: they run real nodes only inside a lab network
/// namespace (tests/lab.sh) with no route off the machine, so pod, service and node addresses
/// can never reach a real network.
/// </summary>
public static class LabNamespace
{
    /// <summary>The address tests/lab.sh gives the lab's node (a veth inside the namespace).</summary>
    public static string NodeIp => Environment.GetEnvironmentVariable("KUBESHARP_LAB_NODE_IP") ?? "127.0.0.1";

    /// <summary>Throws unless this process runs in a network namespace without a default route.</summary>
    public static void Require()
    {
        var routes = File.ReadAllLines("/proc/net/route").Skip(1)
            .Select(line => line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(fields => fields.Length > 1);
        if (routes.Any(fields => fields[1] == "00000000"))
        {
            throw new InvalidOperationException(
                "end-to-end tests run real nodes and must run inside a lab network namespace without a default route: " +
                "tests/lab.sh dotnet test tests/KubeSharp.E2E.Tests (./test.sh does this)");
        }
    }
}
