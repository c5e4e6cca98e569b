namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/rbac/v1 generated.proto (v0.32): Role, ClusterRole, RoleBinding, ClusterRoleBinding.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class RbacV1Schema
{
    private static readonly MessageSchema PolicyRule = new MessageSchema("rbac/v1.PolicyRule")
        .Strings(1, "verbs")
        .Strings(2, "apiGroups")
        .Strings(3, "resources")
        .Strings(4, "resourceNames")
        .Strings(5, "nonResourceURLs");

    private static readonly MessageSchema Subject = new MessageSchema("rbac/v1.Subject")
        .String(1, "kind", keepZero: true)
        .String(2, "apiGroup")
        .String(3, "name", keepZero: true)
        .String(4, "namespace");

    private static readonly MessageSchema RoleRef = new MessageSchema("rbac/v1.RoleRef")
        .String(1, "apiGroup", keepZero: true)
        .String(2, "kind", keepZero: true)
        .String(3, "name", keepZero: true);

    private static readonly MessageSchema AggregationRule = new MessageSchema("rbac/v1.AggregationRule")
        .Messages(1, "clusterRoleSelectors", MetaV1Schema.LabelSelector);

    internal static readonly MessageSchema Role = new MessageSchema("rbac/v1.Role")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Messages(2, "rules", PolicyRule);

    internal static readonly MessageSchema ClusterRole = new MessageSchema("rbac/v1.ClusterRole")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Messages(2, "rules", PolicyRule)
        .Message(3, "aggregationRule", AggregationRule);

    internal static readonly MessageSchema RoleBinding = new MessageSchema("rbac/v1.RoleBinding")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Messages(2, "subjects", Subject)
        .Message(3, "roleRef", RoleRef);

    internal static readonly MessageSchema ClusterRoleBinding = new MessageSchema("rbac/v1.ClusterRoleBinding")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Messages(2, "subjects", Subject)
        .Message(3, "roleRef", RoleRef);
}
