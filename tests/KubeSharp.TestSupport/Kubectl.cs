using System.Diagnostics;

namespace KubeSharp.TestSupport;

/// <summary>
/// The real kubectl: /usr/bin/kubectl (a dispatcher that picks the binary matching the server) or
/// one version of /usr/lib/google-cloud-sdk/bin/kubectl.1.NN, against a kubeconfig, with a private cache dir.
/// </summary>
public sealed class Kubectl(string kubeconfig, string cacheDirectory, string binary = Kubectl.Dispatcher)
{
    public const string Dispatcher = "/usr/bin/kubectl";

    public string Binary { get; } = binary;

    public static string Version(int minor) => $"/usr/lib/google-cloud-sdk/bin/kubectl.1.{minor}";

    public Kubectl WithVersion(int minor) => new(kubeconfig, cacheDirectory, Version(minor));

    public async Task<KubectlResult> RunAsync(string arguments, string? input = null, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(cacheDirectory);
        foreach (var argument in Split(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Binary} did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {arguments} did not finish; output so far: {await output}{await error}");
        }

        return new KubectlResult(process.ExitCode, await output, await error, arguments);
    }

    /// <summary>Runs and requires success.</summary>
    public async Task<string> OkAsync(string arguments, string? input = null)
    {
        var result = await RunAsync(arguments, input);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {arguments} exited {result.ExitCode}:\n{result.Output}\n{result.Error}");
        }

        return result.Output;
    }

    /// <summary>Splits on spaces, keeping 'single-quoted' parts whole (enough for test command lines).</summary>
    private static IEnumerable<string> Split(string arguments)
    {
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in arguments)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                continue;
            }

            if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
