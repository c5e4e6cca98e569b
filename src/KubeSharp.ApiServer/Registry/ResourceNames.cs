using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Resource names in ResourceLists (container resources, quotas, limit ranges) as upstream's
/// core helper classifies them, and the name and quantity checks built on that.
/// </summary>
internal static class ResourceNames
{
    private static readonly HashSet<string> Standard =
    [
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services",
        "replicationcontrollers", "secrets", "persistentvolumeclaims", "configmaps", "storage", "requests.storage",
        "services.nodeports", "services.loadbalancers",
    ];

    private static readonly HashSet<string> StandardQuota =
    [
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "persistentvolumeclaims", "configmaps",
        "services.nodeports", "services.loadbalancers", "cpu", "memory", "ephemeral-storage", "requests.cpu",
        "requests.memory", "requests.storage", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    ];

    private static readonly HashSet<string> Integer =
    [
        "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
        "services.nodeports", "services.loadbalancers",
    ];

    public static bool IsHugePages(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal);

    /// <summary>Unprefixed, or in the kubernetes.io domain.</summary>
    public static bool IsNative(string name) => !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>A vendor resource such as example.com/gpu.</summary>
    public static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal) && ObjectNames.QualifiedNameError("requests." + name) is null;

    public static bool IsOvercommitAllowed(string name) => IsNative(name) && !IsHugePages(name);

    public static bool IsInteger(string name) => Integer.Contains(name) || IsExtended(name);

    public static bool IsStandardContainer(string name) => name is "cpu" or "memory" or "ephemeral-storage" || IsHugePages(name);

    public static bool IsStandardQuota(string name) => StandardQuota.Contains(name) || IsQuotaHugePages(name);

    /// <summary>validateResourceName: a qualified name, and a standard one unless it has a domain.</summary>
    public static void Validate(FieldErrors errors, string field, string name)
    {
        if (ObjectNames.QualifiedNameError(name) is { } problem)
        {
            errors.Invalid(field, name, problem);
            return;
        }

        if (!name.Contains('/', StringComparison.Ordinal) && !Standard.Contains(name) && !IsQuotaHugePages(name))
        {
            errors.Invalid(field, name, "must be a standard resource type or fully qualified");
        }
    }

    /// <summary>validateContainerResourceName.</summary>
    public static void ValidateContainer(FieldErrors errors, string field, string name)
    {
        Validate(errors, field, name);
        if (!name.Contains('/', StringComparison.Ordinal))
        {
            if (!IsStandardContainer(name))
            {
                errors.Invalid(field, name, "must be a standard resource for containers");
            }
        }
        else if (!IsNative(name) && !IsExtended(name))
        {
            errors.Invalid(field, name, "doesn't follow extended resource name standard");
        }
    }

    /// <summary>ValidateResourceQuotaResourceName.</summary>
    public static void ValidateQuota(FieldErrors errors, string field, string name)
    {
        Validate(errors, field, name);
        if (!name.Contains('/', StringComparison.Ordinal) && !IsStandardQuota(name))
        {
            errors.Invalid(field, name, "must be a standard resource for quota");
        }
    }

    /// <summary>ValidateResourceQuantityValue: not negative, and whole for integer resources.</summary>
    public static void ValidateQuantity(FieldErrors errors, string field, string name, JsonNode? quantity)
    {
        if (Quantities.Parse(quantity) is not { } value)
        {
            return;
        }

        if (value < 0)
        {
            errors.Invalid(field, Quantities.Text(quantity), FieldRules.NonNegativeMessage);
        }

        // Upstream compares the milli-value, rounded up, so 1.0001 is not whole either.
        if (IsInteger(name) && Math.Abs(value) < 1e24m && decimal.Ceiling(value * 1000) % 1000 != 0)
        {
            errors.Invalid(field, Quantities.Text(quantity), "must be an integer");
        }
    }

    private static bool IsQuotaHugePages(string name) =>
        IsHugePages(name) || name.StartsWith("requests.hugepages-", StringComparison.Ordinal);
}
