namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// Who an object is as the graph knows it (upstream's objectReference): an owner reference's
/// coordinates plus a namespace. A virtual owner gets its dependent's namespace, which is only a
/// guess until the owner is observed (a cluster-scoped owner has none).
/// </summary>
internal sealed record ObjectIdentity(string ApiVersion, string Kind, string Name, string Uid, string Namespace)
{
    public static ObjectIdentity Of(OwnerReference owner, string @namespace) => new(owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, @namespace);

    /// <summary>upstream's referenceLessThan: kind, then apiVersion, namespace, name and uid.</summary>
    public static int Compare(ObjectIdentity a, ObjectIdentity b)
    {
        var order = string.CompareOrdinal(a.Kind, b.Kind);
        if (order == 0)
        {
            order = string.CompareOrdinal(a.ApiVersion, b.ApiVersion);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(a.Namespace, b.Namespace);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(a.Name, b.Name);
        }

        return order == 0 ? string.CompareOrdinal(a.Uid, b.Uid) : order;
    }

    public override string ToString() => $"[{ApiVersion}/{Kind}, namespace: {Namespace}, name: {Name}, uid: {Uid}]";
}
