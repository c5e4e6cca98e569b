using k8s.Models;

namespace KubeSharp.Kubelet.Pods;

/// <summary>A pod's quality-of-service class, computed as upstream from its containers' requests and limits.</summary>
internal static class QosClass
{
    public const string Guaranteed = "Guaranteed";
    public const string Burstable = "Burstable";
    public const string BestEffort = "BestEffort";

    private static readonly string[] Tracked = ["cpu", "memory"];

    public static string Of(V1Pod pod)
    {
        var containers = (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []).ToList();
        var any = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var requests = container.Resources?.Requests;
            var limits = container.Resources?.Limits;
            foreach (var name in Tracked)
            {
                var request = Value(requests, name);
                var limit = Value(limits, name);
                if (request > 0 || limit > 0)
                {
                    any = true;
                }

                // The API defaults requests from limits, so Guaranteed means a limit on both that any request equals.
                if (limit <= 0 || (request > 0 && request != limit))
                {
                    guaranteed = false;
                }
            }
        }

        return !any ? BestEffort : guaranteed ? Guaranteed : Burstable;
    }

    private static decimal Value(IDictionary<string, ResourceQuantity>? list, string name) =>
        list is not null && list.TryGetValue(name, out var quantity) ? quantity.ToDecimal() : 0;
}
