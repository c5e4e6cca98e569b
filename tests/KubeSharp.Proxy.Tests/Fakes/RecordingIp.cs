using KubeSharp.Proxy.LoadBalancer;

namespace KubeSharp.Proxy.Tests.Fakes;

/// <summary>Records each ip command; commands listed in <see cref="Errors"/> fail with that error.</summary>
internal sealed class RecordingIp : IIpRunner
{
    public List<string> Commands { get; } = [];

    public Dictionary<string, string> Errors { get; } = [];

    public Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var command = string.Join(' ', arguments);
        Commands.Add(command);
        if (Errors.Remove(command, out var error))
        {
            throw new InvalidOperationException("ip " + command + " exited with 2: " + error);
        }

        return Task.CompletedTask;
    }
}
