using System.Globalization;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods.Environment;

namespace KubeSharp.Kubelet.Pods;

/// <summary>The CRI container configuration for one container of a pod.</summary>
internal static class ContainerConfigBuilder
{
    public sealed record Inputs(
        V1Pod Pod,
        V1Container Container,
        bool IsInit,
        uint Attempt,
        string ImageRef,
        IReadOnlyList<KeyValue> Env,
        IReadOnlyList<Mount> Mounts,
        string TerminationLogHostPath,
        string QosClass,
        long NodeMemoryCapacity,
        string NodeName);

    public static ContainerConfig Build(Inputs inputs)
    {
        var container = inputs.Container;
        var pod = inputs.Pod;
        var (command, args) = EnvironmentBuilder.ExpandCommand(container, inputs.Env);
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = container.Name, Attempt = inputs.Attempt },
            Image = new ImageSpec { Image = inputs.ImageRef },
            WorkingDir = container.WorkingDir ?? string.Empty,
            LogPath = LogPath(container.Name, inputs.Attempt),
            Stdin = container.Stdin ?? false,
            StdinOnce = container.StdinOnce ?? false,
            Tty = container.Tty ?? false,
            Linux = new LinuxContainerConfig
            {
                Resources = ContainerResources.For(container, inputs.QosClass, inputs.NodeMemoryCapacity),
                SecurityContext = SecurityContext(pod.Spec, container),
            },
        };
        config.Command.AddRange(command);
        config.Args.AddRange(args);
        config.Envs.AddRange(inputs.Env);
        config.Mounts.AddRange(inputs.Mounts);
        config.Labels[RuntimeLabels.PodUid] = pod.Metadata.Uid;
        config.Labels[RuntimeLabels.PodName] = pod.Metadata.Name;
        config.Labels[RuntimeLabels.PodNamespace] = pod.Metadata.NamespaceProperty;
        config.Labels[RuntimeLabels.ContainerName] = container.Name;
        config.Labels[RuntimeLabels.ManagedBy] = inputs.NodeName;
        config.Annotations[RuntimeLabels.ContainerHash] = ContainerHash.Of(container);
        config.Annotations[RuntimeLabels.RestartCount] = inputs.Attempt.ToString(CultureInfo.InvariantCulture);
        config.Annotations[RuntimeLabels.TerminationMessagePath] = container.TerminationMessagePath ?? "/dev/termination-log";
        config.Annotations[RuntimeLabels.TerminationLogHostPath] = inputs.TerminationLogHostPath;
        if (inputs.IsInit)
        {
            config.Annotations[RuntimeLabels.InitContainer] = "true";
        }

        return config;
    }

    /// <summary>The log file under the sandbox's log directory, as upstream: <c>&lt;container&gt;/&lt;attempt&gt;.log</c>.</summary>
    public static string LogPath(string containerName, uint attempt) =>
        Path.Combine(containerName, attempt.ToString(CultureInfo.InvariantCulture) + ".log");

    private static LinuxContainerSecurityContext SecurityContext(V1PodSpec spec, V1Container container)
    {
        var pod = spec.SecurityContext;
        var own = container.SecurityContext;
        var context = new LinuxContainerSecurityContext
        {
            NamespaceOptions = PodSandboxConfigBuilder.NamespaceOptionsFor(spec),
            Privileged = own?.Privileged ?? false,
            ReadonlyRootfs = own?.ReadOnlyRootFilesystem ?? false,
            NoNewPrivs = own?.AllowPrivilegeEscalation == false,
        };
        if ((own?.RunAsUser ?? pod?.RunAsUser) is long user)
        {
            context.RunAsUser = new Int64Value { Value = user };
        }

        if ((own?.RunAsGroup ?? pod?.RunAsGroup) is long group)
        {
            context.RunAsGroup = new Int64Value { Value = group };
        }

        foreach (var id in (pod?.SupplementalGroups ?? []).OfType<long>())
        {
            context.SupplementalGroups.Add(id);
        }

        if (pod?.FsGroup is long fsGroup)
        {
            context.SupplementalGroups.Add(fsGroup);
        }

        var capabilities = own?.Capabilities;
        if (capabilities is not null)
        {
            context.Capabilities = new Capability();
            context.Capabilities.AddCapabilities.AddRange(capabilities.Add ?? []);
            context.Capabilities.DropCapabilities.AddRange(capabilities.Drop ?? []);
        }

        return context;
    }
}
