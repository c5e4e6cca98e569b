using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>Owner references as controllers use them (metav1.GetControllerOf, NewControllerRef).</summary>
public static class Owners
{
    /// <summary>The owner reference with controller=true, if any.</summary>
    public static V1OwnerReference? ControllerOf(IKubernetesObject<V1ObjectMeta> item) =>
        item.Metadata.OwnerReferences?.FirstOrDefault(reference => reference.Controller == true);

    /// <summary>A controller reference to the owner, blocking its foreground deletion until the dependent is gone.</summary>
    public static V1OwnerReference ControllerReference(IKubernetesObject<V1ObjectMeta> owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
