using System.Globalization;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>
/// No node fits the pod. The message has upstream's form, which users and tools read:
/// "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: gpu}. preemption: ..."
/// </summary>
internal sealed class FitError(int numAllNodes, Diagnosis diagnosis) : Exception
{
    public const string NoNodeAvailable = "0/{0} nodes are available";

    public int NumAllNodes { get; } = numAllNodes;

    public Diagnosis Diagnosis { get; } = diagnosis;

    public override string Message
    {
        get
        {
            var message = string.Format(CultureInfo.InvariantCulture, NoNodeAvailable, NumAllNodes) + ":";
            if (!string.IsNullOrEmpty(Diagnosis.PreFilterMessage))
            {
                message += $" {Diagnosis.PreFilterMessage}.";
            }
            else if (Histogram() is { Count: > 0 } reasons)
            {
                message += $" {string.Join(", ", reasons)}.";
            }

            if (!string.IsNullOrEmpty(Diagnosis.PostFilterMessage))
            {
                message += $" {Diagnosis.PostFilterMessage}.";
            }

            return message;
        }
    }

    /// <summary>"count reason" per distinct reason, sorted as strings (as upstream's sort.Strings).</summary>
    private List<string> Histogram()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var statuses = Diagnosis.NodeToStatus;
        foreach (var status in statuses.Statuses.Values)
        {
            foreach (var reason in status.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
            }
        }

        if (statuses.Statuses.Count < NumAllNodes)
        {
            foreach (var reason in statuses.AbsentNodesStatus.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + NumAllNodes - statuses.Statuses.Count;
            }
        }

        var lines = counts.Select(pair => $"{pair.Value.ToString(CultureInfo.InvariantCulture)} {pair.Key}").ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
