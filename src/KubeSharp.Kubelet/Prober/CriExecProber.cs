using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// Exec probes through the runtime's ExecSync, as upstream's exec prober over the CRI: exit code 0
/// succeeds, any other fails with stdout then stderr (at most 10 KiB) as the message, a command that
/// outlives its timeout fails with upstream's "command timed out" message, and a runtime error is
/// unknown (retried, then thrown away).
/// </summary>
internal sealed class CriExecProber(CriClient cri) : IProbeExecutor
{
    private const int MaxOutputBytes = 10 * 1024;

    // Upstream gives the call the kubelet's runtime request timeout on top of the command's own, for
    // the runtime to clean up; the runtime itself ends the command at its timeout.
    private static readonly TimeSpan RuntimeRequestTimeout = TimeSpan.FromMinutes(2);

    public async Task<ProbeResult> ExecAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new ExecSyncRequest { ContainerId = containerId, Timeout = (long)timeout.TotalSeconds, Cmd = { command } };
        try
        {
            // A gRPC deadline is wall-clock time by design: the runtime is told it too.
            var response = await cri.Runtime.ExecSyncAsync(
                request, deadline: DateTime.UtcNow + timeout + RuntimeRequestTimeout, cancellationToken: cancellationToken);
            return FromResponse(response);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.DeadlineExceeded)
        {
            return ProbeResult.Failure(TimedOut(command, timeout));
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Unknown(GoStatus(error));
        }
    }

    /// <summary>Exit code 0 succeeds; the output is stdout followed by stderr (not interleaved), cut at 10 KiB, as upstream.</summary>
    internal static ProbeResult FromResponse(ExecSyncResponse response)
    {
        var output = Combine(response.Stdout, response.Stderr);
        return response.ExitCode == 0 ? ProbeResult.Success(output) : ProbeResult.Failure(output);
    }

    /// <summary>Upstream's message: <c>command timed out: "cat /tmp/healthy" timed out after 1s</c>.</summary>
    internal static string TimedOut(IReadOnlyList<string> command, TimeSpan timeout) =>
        $"command timed out: {GoQuote(string.Join(' ', command))} timed out after {GoDuration(timeout)}";

    private static string Combine(ByteString stdout, ByteString stderr)
    {
        var bytes = new byte[Math.Min(stdout.Length + stderr.Length, MaxOutputBytes)];
        var fromStdout = Math.Min(stdout.Length, bytes.Length);
        stdout.Span[..fromStdout].CopyTo(bytes);
        stderr.Span[..(bytes.Length - fromStdout)].CopyTo(bytes.AsSpan(fromStdout));
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A gRPC error as Go's status error prints it: <c>rpc error: code = NotFound desc = ...</c>.</summary>
    private static string GoStatus(RpcException error)
    {
        var code = error.StatusCode == StatusCode.Cancelled ? "Canceled" : error.StatusCode.ToString();
        return $"rpc error: code = {code} desc = {error.Status.Detail}";
    }

    /// <summary>Whole seconds as Go's time.Duration prints them: 1s, 1m30s, 1h0m0s.</summary>
    private static string GoDuration(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        var (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return hours > 0 ? string.Create(CultureInfo.InvariantCulture, $"{hours}h{minutes}m{rest}s")
            : minutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m{rest}s")
            : string.Create(CultureInfo.InvariantCulture, $"{rest}s");
    }

    /// <summary>Go's %q for the plain text of a command line: quotes, with backslashes, quotes and control characters escaped.</summary>
    private static string GoQuote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                < ' ' => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
