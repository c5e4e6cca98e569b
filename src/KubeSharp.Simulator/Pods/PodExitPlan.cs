using System.Globalization;
using k8s.Models;

namespace KubeSharp.Simulator.Pods;

/// <summary>
/// How a pod that is not restarted ends, from its annotations: exit with
/// <see cref="SimulatorMetadata.ExitCodeAnnotation"/> after running
/// <see cref="SimulatorMetadata.RunSecondsAnnotation"/> seconds (default 0).
/// </summary>
internal readonly record struct PodExitPlan(int ExitCode, TimeSpan RunFor)
{
    /// <summary>The pod's plan; null if it has restartPolicy Always or no valid exit code, so it runs until deleted.</summary>
    public static PodExitPlan? Of(V1Pod pod)
    {
        if (pod.Spec?.RestartPolicy is not ("Never" or "OnFailure")
            || pod.Metadata?.Annotations is not { } annotations
            || !annotations.TryGetValue(SimulatorMetadata.ExitCodeAnnotation, out var code)
            || !int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exitCode))
        {
            return null;
        }

        var runFor = annotations.TryGetValue(SimulatorMetadata.RunSecondsAnnotation, out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0 and < 1e9
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.Zero;
        return new PodExitPlan(exitCode, runFor);
    }
}
