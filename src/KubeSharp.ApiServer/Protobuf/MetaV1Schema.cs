namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/apimachinery/pkg/apis/meta/v1 generated.proto (v0.32) messages the API kinds embed.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class MetaV1Schema
{
    private static readonly MessageSchema OwnerReference = new MessageSchema("meta/v1.OwnerReference")
        .String(5, "apiVersion", keepZero: true)
        .String(1, "kind", keepZero: true)
        .String(3, "name", keepZero: true)
        .String(4, "uid", keepZero: true)
        .Bool(6, "controller", keepZero: true)
        .Bool(7, "blockOwnerDeletion", keepZero: true);

    private static readonly MessageSchema ManagedFieldsEntry = new MessageSchema("meta/v1.ManagedFieldsEntry")
        .String(1, "manager")
        .String(2, "operation")
        .String(3, "apiVersion")
        .Time(4, "time")
        .String(6, "fieldsType")
        .Scalar(7, "fieldsV1", ProtoKind.RawJson)
        .String(8, "subresource");

    internal static readonly MessageSchema ObjectMeta = new MessageSchema("meta/v1.ObjectMeta")
        .String(1, "name")
        .String(2, "generateName")
        .String(3, "namespace")
        .String(4, "selfLink")
        .String(5, "uid")
        .String(6, "resourceVersion")
        .Int64(7, "generation")
        .Time(8, "creationTimestamp")
        .Time(9, "deletionTimestamp")
        .Int64(10, "deletionGracePeriodSeconds", keepZero: true)
        .StringMap(11, "labels")
        .StringMap(12, "annotations")
        .Messages(13, "ownerReferences", OwnerReference)
        .Strings(14, "finalizers")
        .Messages(17, "managedFields", ManagedFieldsEntry);

    internal static readonly MessageSchema LabelSelectorRequirement = new MessageSchema("meta/v1.LabelSelectorRequirement")
        .String(1, "key", keepZero: true)
        .String(2, "operator", keepZero: true)
        .Strings(3, "values");

    internal static readonly MessageSchema LabelSelector = new MessageSchema("meta/v1.LabelSelector")
        .StringMap(1, "matchLabels")
        .Messages(2, "matchExpressions", LabelSelectorRequirement);

    internal static readonly MessageSchema FieldSelectorRequirement = new MessageSchema("meta/v1.FieldSelectorRequirement")
        .String(1, "key", keepZero: true)
        .String(2, "operator", keepZero: true)
        .Strings(3, "values");

    internal static readonly MessageSchema Condition = new MessageSchema("meta/v1.Condition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Int64(3, "observedGeneration")
        .Time(4, "lastTransitionTime")
        .String(5, "reason", keepZero: true)
        .String(6, "message", keepZero: true);

    private static readonly MessageSchema Preconditions = new MessageSchema("meta/v1.Preconditions")
        .String(1, "uid", keepZero: true)
        .String(2, "resourceVersion", keepZero: true);

    internal static readonly MessageSchema DeleteOptions = new MessageSchema("meta/v1.DeleteOptions")
        .Int64(1, "gracePeriodSeconds", keepZero: true)
        .Message(2, "preconditions", Preconditions)
        .Bool(3, "orphanDependents", keepZero: true)
        .String(4, "propagationPolicy", keepZero: true)
        .Strings(5, "dryRun")
        .Bool(6, "ignoreStoreReadErrorWithClusterBreakingPotential", keepZero: true);
}
