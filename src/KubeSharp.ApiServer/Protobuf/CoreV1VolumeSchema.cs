namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/core/v1 generated.proto (v0.32): Volume with the common sources (hostPath, emptyDir, secret, nfs,
/// persistentVolumeClaim, downwardAPI, configMap, projected, csi, ephemeral, image) and PersistentVolumeClaim.
/// The in-tree cloud and legacy sources (gcePersistentDisk, awsElasticBlockStore, gitRepo, iscsi, rbd, cephfs...)
/// are not described, so their fields are skipped on the wire.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class CoreV1VolumeSchema
{
    internal static readonly MessageSchema ObjectFieldSelector = new MessageSchema("v1.ObjectFieldSelector")
        .String(1, "apiVersion")
        .String(2, "fieldPath", keepZero: true);

    internal static readonly MessageSchema ResourceFieldSelector = new MessageSchema("v1.ResourceFieldSelector")
        .String(1, "containerName")
        .String(2, "resource", keepZero: true)
        .Quantity(3, "divisor");

    private static readonly MessageSchema KeyToPath = new MessageSchema("v1.KeyToPath")
        .String(1, "key", keepZero: true)
        .String(2, "path", keepZero: true)
        .Int32(3, "mode", keepZero: true);

    private static readonly MessageSchema HostPathVolumeSource = new MessageSchema("v1.HostPathVolumeSource")
        .String(1, "path", keepZero: true)
        .String(2, "type", keepZero: true);

    private static readonly MessageSchema EmptyDirVolumeSource = new MessageSchema("v1.EmptyDirVolumeSource")
        .String(1, "medium")
        .Quantity(2, "sizeLimit");

    private static readonly MessageSchema SecretVolumeSource = new MessageSchema("v1.SecretVolumeSource")
        .String(1, "secretName")
        .Messages(2, "items", KeyToPath)
        .Int32(3, "defaultMode", keepZero: true)
        .Bool(4, "optional", keepZero: true);

    private static readonly MessageSchema NfsVolumeSource = new MessageSchema("v1.NFSVolumeSource")
        .String(1, "server", keepZero: true)
        .String(2, "path", keepZero: true)
        .Bool(3, "readOnly");

    private static readonly MessageSchema PersistentVolumeClaimVolumeSource = new MessageSchema("v1.PersistentVolumeClaimVolumeSource")
        .String(1, "claimName", keepZero: true)
        .Bool(2, "readOnly");

    private static readonly MessageSchema DownwardApiVolumeFile = new MessageSchema("v1.DownwardAPIVolumeFile")
        .String(1, "path", keepZero: true)
        .Message(2, "fieldRef", ObjectFieldSelector)
        .Message(3, "resourceFieldRef", ResourceFieldSelector)
        .Int32(4, "mode", keepZero: true);

    private static readonly MessageSchema DownwardApiVolumeSource = new MessageSchema("v1.DownwardAPIVolumeSource")
        .Messages(1, "items", DownwardApiVolumeFile)
        .Int32(2, "defaultMode", keepZero: true);

    private static readonly MessageSchema ConfigMapVolumeSource = new MessageSchema("v1.ConfigMapVolumeSource")
        .Inline(1, CoreV1Schema.LocalObjectReference)
        .Messages(2, "items", KeyToPath)
        .Int32(3, "defaultMode", keepZero: true)
        .Bool(4, "optional", keepZero: true);

    private static readonly MessageSchema SecretProjection = new MessageSchema("v1.SecretProjection")
        .Inline(1, CoreV1Schema.LocalObjectReference)
        .Messages(2, "items", KeyToPath)
        .Bool(4, "optional", keepZero: true);

    private static readonly MessageSchema DownwardApiProjection = new MessageSchema("v1.DownwardAPIProjection")
        .Messages(1, "items", DownwardApiVolumeFile);

    private static readonly MessageSchema ConfigMapProjection = new MessageSchema("v1.ConfigMapProjection")
        .Inline(1, CoreV1Schema.LocalObjectReference)
        .Messages(2, "items", KeyToPath)
        .Bool(4, "optional", keepZero: true);

    private static readonly MessageSchema ServiceAccountTokenProjection = new MessageSchema("v1.ServiceAccountTokenProjection")
        .String(1, "audience")
        .Int64(2, "expirationSeconds", keepZero: true)
        .String(3, "path", keepZero: true);

    private static readonly MessageSchema ClusterTrustBundleProjection = new MessageSchema("v1.ClusterTrustBundleProjection")
        .String(1, "name", keepZero: true)
        .String(2, "signerName", keepZero: true)
        .Message(3, "labelSelector", MetaV1Schema.LabelSelector)
        .Bool(5, "optional", keepZero: true)
        .String(4, "path", keepZero: true);

    private static readonly MessageSchema VolumeProjection = new MessageSchema("v1.VolumeProjection")
        .Message(1, "secret", SecretProjection)
        .Message(2, "downwardAPI", DownwardApiProjection)
        .Message(3, "configMap", ConfigMapProjection)
        .Message(4, "serviceAccountToken", ServiceAccountTokenProjection)
        .Message(5, "clusterTrustBundle", ClusterTrustBundleProjection);

    private static readonly MessageSchema ProjectedVolumeSource = new MessageSchema("v1.ProjectedVolumeSource")
        .Messages(1, "sources", VolumeProjection)
        .Int32(2, "defaultMode", keepZero: true);

    private static readonly MessageSchema CsiVolumeSource = new MessageSchema("v1.CSIVolumeSource")
        .String(1, "driver", keepZero: true)
        .Bool(2, "readOnly", keepZero: true)
        .String(3, "fsType", keepZero: true)
        .StringMap(4, "volumeAttributes")
        .Message(5, "nodePublishSecretRef", CoreV1Schema.LocalObjectReference);

    private static readonly MessageSchema VolumeResourceRequirements = new MessageSchema("v1.VolumeResourceRequirements")
        .QuantityMap(1, "limits")
        .QuantityMap(2, "requests");

    private static readonly MessageSchema TypedObjectReference = new MessageSchema("v1.TypedObjectReference")
        .String(1, "apiGroup", keepZero: true)
        .String(2, "kind", keepZero: true)
        .String(3, "name", keepZero: true)
        .String(4, "namespace", keepZero: true);

    private static readonly MessageSchema PersistentVolumeClaimSpec = new MessageSchema("v1.PersistentVolumeClaimSpec")
        .Strings(1, "accessModes")
        .Message(4, "selector", MetaV1Schema.LabelSelector)
        .Message(2, "resources", VolumeResourceRequirements)
        .String(3, "volumeName")
        .String(5, "storageClassName", keepZero: true)
        .String(6, "volumeMode", keepZero: true)
        .Message(7, "dataSource", CoreV1Schema.TypedLocalObjectReference)
        .Message(8, "dataSourceRef", TypedObjectReference)
        .String(9, "volumeAttributesClassName", keepZero: true);

    /// <summary>A claim as a StatefulSet's volumeClaimTemplates hold it; its status (field 3) is skipped.</summary>
    internal static readonly MessageSchema PersistentVolumeClaim = new MessageSchema("v1.PersistentVolumeClaim")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", PersistentVolumeClaimSpec);

    private static readonly MessageSchema PersistentVolumeClaimTemplate = new MessageSchema("v1.PersistentVolumeClaimTemplate")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", PersistentVolumeClaimSpec);

    private static readonly MessageSchema EphemeralVolumeSource = new MessageSchema("v1.EphemeralVolumeSource")
        .Message(1, "volumeClaimTemplate", PersistentVolumeClaimTemplate);

    private static readonly MessageSchema ImageVolumeSource = new MessageSchema("v1.ImageVolumeSource")
        .String(1, "reference")
        .String(2, "pullPolicy");

    private static readonly MessageSchema VolumeSource = new MessageSchema("v1.VolumeSource")
        .Message(1, "hostPath", HostPathVolumeSource)
        .Message(2, "emptyDir", EmptyDirVolumeSource)
        .Message(6, "secret", SecretVolumeSource)
        .Message(7, "nfs", NfsVolumeSource)
        .Message(10, "persistentVolumeClaim", PersistentVolumeClaimVolumeSource)
        .Message(16, "downwardAPI", DownwardApiVolumeSource)
        .Message(19, "configMap", ConfigMapVolumeSource)
        .Message(26, "projected", ProjectedVolumeSource)
        .Message(28, "csi", CsiVolumeSource)
        .Message(29, "ephemeral", EphemeralVolumeSource)
        .Message(30, "image", ImageVolumeSource);

    internal static readonly MessageSchema Volume = new MessageSchema("v1.Volume")
        .String(1, "name", keepZero: true)
        .Inline(2, VolumeSource);
}
