using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>
/// A Service's spec.selector: labels a pod must all carry (labels.SelectorFromValidatedSet). An
/// empty selector counts as none, as upstream sees it once the API server has dropped the empty map.
/// </summary>
internal static class ServiceSelectors
{
    public static bool HasSelector(V1Service service) => service.Spec?.Selector is { Count: > 0 };

    public static bool Selects(V1Service service, V1Pod pod) => Selects(service.Spec?.Selector, pod.Metadata?.Labels);

    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels)
    {
        if (selector is not { Count: > 0 })
        {
            // A nil selector matches nothing, not everything.
            return false;
        }

        foreach (var (key, value) in selector)
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }
}
