namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/core/v1 generated.proto (v0.32): Pod, PodTemplateSpec and the PodSpec tree (containers, probes,
/// security contexts, affinity, tolerations, topology spread). A pod's status (Pod field 3) and
/// ephemeralContainers (PodSpec field 34) are not described: clients do not create pods with them, so they are skipped.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class CoreV1PodSchema
{
    private static readonly MessageSchema ContainerPort = new MessageSchema("v1.ContainerPort")
        .String(1, "name")
        .Int32(2, "hostPort")
        .Int32(3, "containerPort", keepZero: true)
        .String(4, "protocol")
        .String(5, "hostIP");

    private static readonly MessageSchema ConfigMapEnvSource = new MessageSchema("v1.ConfigMapEnvSource")
        .Inline(1, CoreV1Schema.LocalObjectReference)
        .Bool(2, "optional", keepZero: true);

    private static readonly MessageSchema SecretEnvSource = new MessageSchema("v1.SecretEnvSource")
        .Inline(1, CoreV1Schema.LocalObjectReference)
        .Bool(2, "optional", keepZero: true);

    private static readonly MessageSchema EnvFromSource = new MessageSchema("v1.EnvFromSource")
        .String(1, "prefix")
        .Message(2, "configMapRef", ConfigMapEnvSource)
        .Message(3, "secretRef", SecretEnvSource);

    private static readonly MessageSchema ConfigMapKeySelector = new MessageSchema("v1.ConfigMapKeySelector")
        .Inline(1, CoreV1Schema.LocalObjectReference)
        .String(2, "key", keepZero: true)
        .Bool(3, "optional", keepZero: true);

    private static readonly MessageSchema SecretKeySelector = new MessageSchema("v1.SecretKeySelector")
        .Inline(1, CoreV1Schema.LocalObjectReference)
        .String(2, "key", keepZero: true)
        .Bool(3, "optional", keepZero: true);

    private static readonly MessageSchema EnvVarSource = new MessageSchema("v1.EnvVarSource")
        .Message(1, "fieldRef", CoreV1VolumeSchema.ObjectFieldSelector)
        .Message(2, "resourceFieldRef", CoreV1VolumeSchema.ResourceFieldSelector)
        .Message(3, "configMapKeyRef", ConfigMapKeySelector)
        .Message(4, "secretKeyRef", SecretKeySelector);

    private static readonly MessageSchema EnvVar = new MessageSchema("v1.EnvVar")
        .String(1, "name", keepZero: true)
        .String(2, "value")
        .Message(3, "valueFrom", EnvVarSource);

    private static readonly MessageSchema ResourceClaim = new MessageSchema("v1.ResourceClaim")
        .String(1, "name", keepZero: true)
        .String(2, "request");

    private static readonly MessageSchema ResourceRequirements = new MessageSchema("v1.ResourceRequirements")
        .QuantityMap(1, "limits")
        .QuantityMap(2, "requests")
        .Messages(3, "claims", ResourceClaim);

    private static readonly MessageSchema ContainerResizePolicy = new MessageSchema("v1.ContainerResizePolicy")
        .String(1, "resourceName", keepZero: true)
        .String(2, "restartPolicy", keepZero: true);

    private static readonly MessageSchema VolumeMount = new MessageSchema("v1.VolumeMount")
        .String(1, "name", keepZero: true)
        .Bool(2, "readOnly")
        .String(7, "recursiveReadOnly", keepZero: true)
        .String(3, "mountPath", keepZero: true)
        .String(4, "subPath")
        .String(5, "mountPropagation", keepZero: true)
        .String(6, "subPathExpr");

    private static readonly MessageSchema VolumeDevice = new MessageSchema("v1.VolumeDevice")
        .String(1, "name", keepZero: true)
        .String(2, "devicePath", keepZero: true);

    private static readonly MessageSchema ExecAction = new MessageSchema("v1.ExecAction")
        .Strings(1, "command");

    private static readonly MessageSchema HttpHeader = new MessageSchema("v1.HTTPHeader")
        .String(1, "name", keepZero: true)
        .String(2, "value", keepZero: true);

    private static readonly MessageSchema HttpGetAction = new MessageSchema("v1.HTTPGetAction")
        .String(1, "path")
        .IntOrString(2, "port")
        .String(3, "host")
        .String(4, "scheme")
        .Messages(5, "httpHeaders", HttpHeader);

    private static readonly MessageSchema TcpSocketAction = new MessageSchema("v1.TCPSocketAction")
        .IntOrString(1, "port")
        .String(2, "host");

    private static readonly MessageSchema GrpcAction = new MessageSchema("v1.GRPCAction")
        .Int32(1, "port", keepZero: true)
        .String(2, "service", keepZero: true);

    private static readonly MessageSchema SleepAction = new MessageSchema("v1.SleepAction")
        .Int64(1, "seconds", keepZero: true);

    private static readonly MessageSchema ProbeHandler = new MessageSchema("v1.ProbeHandler")
        .Message(1, "exec", ExecAction)
        .Message(2, "httpGet", HttpGetAction)
        .Message(3, "tcpSocket", TcpSocketAction)
        .Message(4, "grpc", GrpcAction);

    private static readonly MessageSchema LifecycleHandler = new MessageSchema("v1.LifecycleHandler")
        .Message(1, "exec", ExecAction)
        .Message(2, "httpGet", HttpGetAction)
        .Message(3, "tcpSocket", TcpSocketAction)
        .Message(4, "sleep", SleepAction);

    private static readonly MessageSchema Probe = new MessageSchema("v1.Probe")
        .Inline(1, ProbeHandler)
        .Int32(2, "initialDelaySeconds")
        .Int32(3, "timeoutSeconds")
        .Int32(4, "periodSeconds")
        .Int32(5, "successThreshold")
        .Int32(6, "failureThreshold")
        .Int64(7, "terminationGracePeriodSeconds", keepZero: true);

    private static readonly MessageSchema Lifecycle = new MessageSchema("v1.Lifecycle")
        .Message(1, "postStart", LifecycleHandler)
        .Message(2, "preStop", LifecycleHandler);

    private static readonly MessageSchema Capabilities = new MessageSchema("v1.Capabilities")
        .Strings(1, "add")
        .Strings(2, "drop");

    private static readonly MessageSchema SeLinuxOptions = new MessageSchema("v1.SELinuxOptions")
        .String(1, "user")
        .String(2, "role")
        .String(3, "type")
        .String(4, "level");

    private static readonly MessageSchema WindowsSecurityContextOptions = new MessageSchema("v1.WindowsSecurityContextOptions")
        .String(1, "gmsaCredentialSpecName", keepZero: true)
        .String(2, "gmsaCredentialSpec", keepZero: true)
        .String(3, "runAsUserName", keepZero: true)
        .Bool(4, "hostProcess", keepZero: true);

    private static readonly MessageSchema SeccompProfile = new MessageSchema("v1.SeccompProfile")
        .String(1, "type", keepZero: true)
        .String(2, "localhostProfile", keepZero: true);

    private static readonly MessageSchema AppArmorProfile = new MessageSchema("v1.AppArmorProfile")
        .String(1, "type", keepZero: true)
        .String(2, "localhostProfile", keepZero: true);

    private static readonly MessageSchema SecurityContext = new MessageSchema("v1.SecurityContext")
        .Message(1, "capabilities", Capabilities)
        .Bool(2, "privileged", keepZero: true)
        .Message(3, "seLinuxOptions", SeLinuxOptions)
        .Message(10, "windowsOptions", WindowsSecurityContextOptions)
        .Int64(4, "runAsUser", keepZero: true)
        .Int64(8, "runAsGroup", keepZero: true)
        .Bool(5, "runAsNonRoot", keepZero: true)
        .Bool(6, "readOnlyRootFilesystem", keepZero: true)
        .Bool(7, "allowPrivilegeEscalation", keepZero: true)
        .String(9, "procMount", keepZero: true)
        .Message(11, "seccompProfile", SeccompProfile)
        .Message(12, "appArmorProfile", AppArmorProfile);

    private static readonly MessageSchema Container = new MessageSchema("v1.Container")
        .String(1, "name", keepZero: true)
        .String(2, "image")
        .Strings(3, "command")
        .Strings(4, "args")
        .String(5, "workingDir")
        .Messages(6, "ports", ContainerPort)
        .Messages(19, "envFrom", EnvFromSource)
        .Messages(7, "env", EnvVar)
        .Message(8, "resources", ResourceRequirements)
        .Messages(23, "resizePolicy", ContainerResizePolicy)
        .String(24, "restartPolicy", keepZero: true)
        .Messages(9, "volumeMounts", VolumeMount)
        .Messages(21, "volumeDevices", VolumeDevice)
        .Message(10, "livenessProbe", Probe)
        .Message(11, "readinessProbe", Probe)
        .Message(22, "startupProbe", Probe)
        .Message(12, "lifecycle", Lifecycle)
        .String(13, "terminationMessagePath")
        .String(20, "terminationMessagePolicy")
        .String(14, "imagePullPolicy")
        .Message(15, "securityContext", SecurityContext)
        .Bool(16, "stdin")
        .Bool(17, "stdinOnce")
        .Bool(18, "tty");

    private static readonly MessageSchema Sysctl = new MessageSchema("v1.Sysctl")
        .String(1, "name", keepZero: true)
        .String(2, "value", keepZero: true);

    private static readonly MessageSchema PodSecurityContext = new MessageSchema("v1.PodSecurityContext")
        .Message(1, "seLinuxOptions", SeLinuxOptions)
        .Message(8, "windowsOptions", WindowsSecurityContextOptions)
        .Int64(2, "runAsUser", keepZero: true)
        .Int64(6, "runAsGroup", keepZero: true)
        .Bool(3, "runAsNonRoot", keepZero: true)
        .Repeated(4, "supplementalGroups", ProtoKind.Int64)
        .String(12, "supplementalGroupsPolicy", keepZero: true)
        .Int64(5, "fsGroup", keepZero: true)
        .Messages(7, "sysctls", Sysctl)
        .String(9, "fsGroupChangePolicy", keepZero: true)
        .Message(10, "seccompProfile", SeccompProfile)
        .Message(11, "appArmorProfile", AppArmorProfile)
        .String(13, "seLinuxChangePolicy", keepZero: true);

    private static readonly MessageSchema NodeSelectorRequirement = new MessageSchema("v1.NodeSelectorRequirement")
        .String(1, "key", keepZero: true)
        .String(2, "operator", keepZero: true)
        .Strings(3, "values");

    private static readonly MessageSchema NodeSelectorTerm = new MessageSchema("v1.NodeSelectorTerm")
        .Messages(1, "matchExpressions", NodeSelectorRequirement)
        .Messages(2, "matchFields", NodeSelectorRequirement);

    private static readonly MessageSchema NodeSelector = new MessageSchema("v1.NodeSelector")
        .Messages(1, "nodeSelectorTerms", NodeSelectorTerm);

    private static readonly MessageSchema PreferredSchedulingTerm = new MessageSchema("v1.PreferredSchedulingTerm")
        .Int32(1, "weight", keepZero: true)
        .Message(2, "preference", NodeSelectorTerm);

    private static readonly MessageSchema NodeAffinity = new MessageSchema("v1.NodeAffinity")
        .Message(1, "requiredDuringSchedulingIgnoredDuringExecution", NodeSelector)
        .Messages(2, "preferredDuringSchedulingIgnoredDuringExecution", PreferredSchedulingTerm);

    private static readonly MessageSchema PodAffinityTerm = new MessageSchema("v1.PodAffinityTerm")
        .Message(1, "labelSelector", MetaV1Schema.LabelSelector)
        .Strings(2, "namespaces")
        .String(3, "topologyKey", keepZero: true)
        .Message(4, "namespaceSelector", MetaV1Schema.LabelSelector)
        .Strings(5, "matchLabelKeys")
        .Strings(6, "mismatchLabelKeys");

    private static readonly MessageSchema WeightedPodAffinityTerm = new MessageSchema("v1.WeightedPodAffinityTerm")
        .Int32(1, "weight", keepZero: true)
        .Message(2, "podAffinityTerm", PodAffinityTerm);

    private static readonly MessageSchema PodAffinity = new MessageSchema("v1.PodAffinity")
        .Messages(1, "requiredDuringSchedulingIgnoredDuringExecution", PodAffinityTerm)
        .Messages(2, "preferredDuringSchedulingIgnoredDuringExecution", WeightedPodAffinityTerm);

    private static readonly MessageSchema PodAntiAffinity = new MessageSchema("v1.PodAntiAffinity")
        .Messages(1, "requiredDuringSchedulingIgnoredDuringExecution", PodAffinityTerm)
        .Messages(2, "preferredDuringSchedulingIgnoredDuringExecution", WeightedPodAffinityTerm);

    private static readonly MessageSchema Affinity = new MessageSchema("v1.Affinity")
        .Message(1, "nodeAffinity", NodeAffinity)
        .Message(2, "podAffinity", PodAffinity)
        .Message(3, "podAntiAffinity", PodAntiAffinity);

    private static readonly MessageSchema Toleration = new MessageSchema("v1.Toleration")
        .String(1, "key")
        .String(2, "operator")
        .String(3, "value")
        .String(4, "effect")
        .Int64(5, "tolerationSeconds", keepZero: true);

    private static readonly MessageSchema HostAlias = new MessageSchema("v1.HostAlias")
        .String(1, "ip", keepZero: true)
        .Strings(2, "hostnames");

    private static readonly MessageSchema PodDnsConfigOption = new MessageSchema("v1.PodDNSConfigOption")
        .String(1, "name")
        .String(2, "value", keepZero: true);

    private static readonly MessageSchema PodDnsConfig = new MessageSchema("v1.PodDNSConfig")
        .Strings(1, "nameservers")
        .Strings(2, "searches")
        .Messages(3, "options", PodDnsConfigOption);

    private static readonly MessageSchema PodReadinessGate = new MessageSchema("v1.PodReadinessGate")
        .String(1, "conditionType", keepZero: true);

    private static readonly MessageSchema TopologySpreadConstraint = new MessageSchema("v1.TopologySpreadConstraint")
        .Int32(1, "maxSkew", keepZero: true)
        .String(2, "topologyKey", keepZero: true)
        .String(3, "whenUnsatisfiable", keepZero: true)
        .Message(4, "labelSelector", MetaV1Schema.LabelSelector)
        .Int32(5, "minDomains", keepZero: true)
        .String(6, "nodeAffinityPolicy", keepZero: true)
        .String(7, "nodeTaintsPolicy", keepZero: true)
        .Strings(8, "matchLabelKeys");

    private static readonly MessageSchema PodOs = new MessageSchema("v1.PodOS")
        .String(1, "name", keepZero: true);

    private static readonly MessageSchema PodSchedulingGate = new MessageSchema("v1.PodSchedulingGate")
        .String(1, "name", keepZero: true);

    private static readonly MessageSchema PodResourceClaim = new MessageSchema("v1.PodResourceClaim")
        .String(1, "name", keepZero: true)
        .String(3, "resourceClaimName", keepZero: true)
        .String(4, "resourceClaimTemplateName", keepZero: true);

    private static readonly MessageSchema PodSpec = new MessageSchema("v1.PodSpec")
        .Messages(1, "volumes", CoreV1VolumeSchema.Volume)
        .Messages(20, "initContainers", Container)
        .Messages(2, "containers", Container)
        .String(3, "restartPolicy")
        .Int64(4, "terminationGracePeriodSeconds", keepZero: true)
        .Int64(5, "activeDeadlineSeconds", keepZero: true)
        .String(6, "dnsPolicy")
        .StringMap(7, "nodeSelector")
        .String(8, "serviceAccountName")
        .String(9, "serviceAccount")
        .Bool(21, "automountServiceAccountToken", keepZero: true)
        .String(10, "nodeName")
        .Bool(11, "hostNetwork")
        .Bool(12, "hostPID")
        .Bool(13, "hostIPC")
        .Bool(27, "shareProcessNamespace", keepZero: true)
        .Message(14, "securityContext", PodSecurityContext)
        .Messages(15, "imagePullSecrets", CoreV1Schema.LocalObjectReference)
        .String(16, "hostname")
        .String(17, "subdomain")
        .Message(18, "affinity", Affinity)
        .String(19, "schedulerName")
        .Messages(22, "tolerations", Toleration)
        .Messages(23, "hostAliases", HostAlias)
        .String(24, "priorityClassName")
        .Int32(25, "priority", keepZero: true)
        .Message(26, "dnsConfig", PodDnsConfig)
        .Messages(28, "readinessGates", PodReadinessGate)
        .String(29, "runtimeClassName", keepZero: true)
        .Bool(30, "enableServiceLinks", keepZero: true)
        .String(31, "preemptionPolicy", keepZero: true)
        .QuantityMap(32, "overhead")
        .Messages(33, "topologySpreadConstraints", TopologySpreadConstraint)
        .Bool(35, "setHostnameAsFQDN", keepZero: true)
        .Message(36, "os", PodOs)
        .Bool(37, "hostUsers", keepZero: true)
        .Messages(38, "schedulingGates", PodSchedulingGate)
        .Messages(39, "resourceClaims", PodResourceClaim)
        .Message(40, "resources", ResourceRequirements);

    internal static readonly MessageSchema PodTemplateSpec = new MessageSchema("v1.PodTemplateSpec")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", PodSpec);

    internal static readonly MessageSchema Pod = new MessageSchema("v1.Pod")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", PodSpec);
}
