using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Pods.Environment;
using KubeSharp.Kubelet.Tests.Volumes;

namespace KubeSharp.Kubelet.Tests.Pods;

public sealed class EnvironmentBuilderTests
{
    private readonly FakePodObjectSource _source = new();

    private readonly EnvironmentContext _context = new()
    {
        NodeName = "node-1",
        HostIp = "192.0.2.10",
        PodIps = ["10.42.0.7", "fd00::7"],
        NodeAllocatableCpu = new ResourceQuantity("4"),
        NodeAllocatableMemory = new ResourceQuantity("1Gi"),
    };

    [Fact]
    public async Task EnvFrom_comes_first_and_env_overrides_it_in_place()
    {
        _source.WithConfigMap(TestPods.Namespace, "base", new() { ["A"] = "1", ["B"] = "2" });
        var container = Container(
            [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "base" } }],
            new V1EnvVar { Name = "C", Value = "3" },
            new V1EnvVar { Name = "B", Value = "b" });

        var env = await Build(container);

        Assert.Equal(["A=1", "B=b", "C=3"], env);
    }

    [Fact]
    public async Task References_expand_against_earlier_variables_only()
    {
        _source.WithConfigMap(TestPods.Namespace, "base", new() { ["HOST"] = "db" });
        var container = Container(
            [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "base" } }],
            new V1EnvVar { Name = "URL", Value = "tcp://$(HOST):$(PORT)/$$(HOST)/$(HOST" },
            new V1EnvVar { Name = "PORT", Value = "5432" },
            new V1EnvVar { Name = "AGAIN", Value = "$(HOST):$(PORT)" });

        var env = await Build(container);

        Assert.Equal(["HOST=db", "URL=tcp://db:$(PORT)/$(HOST)/$(HOST", "PORT=5432", "AGAIN=db:5432"], env);
    }

    [Fact]
    public async Task Prefixes_apply_and_keys_that_cannot_be_names_are_skipped()
    {
        _source.WithConfigMap(TestPods.Namespace, "base", new() { ["mode"] = "fast", ["bad=key"] = "x" });
        _source.WithSecret(TestPods.Namespace, "creds", new() { ["password"] = "s3cret" });
        var container = Container(
        [
            new V1EnvFromSource { Prefix = "APP_", ConfigMapRef = new V1ConfigMapEnvSource { Name = "base" } },
            new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "creds" } },
            new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "absent", Optional = true } },
        ]);

        var env = await Build(container);

        Assert.Equal(["APP_mode=fast", "password=s3cret"], env);
    }

    [Fact]
    public async Task Field_references_read_the_pod_and_its_addresses()
    {
        var container = Container(
            [],
            Field("NAME", "metadata.name"),
            Field("NS", "metadata.namespace"),
            Field("UID", "metadata.uid"),
            Field("TIER", "metadata.labels['tier']"),
            Field("NOTE", "metadata.annotations['note']"),
            Field("LABELS", "metadata.labels"),
            Field("NODE", "spec.nodeName"),
            Field("SA", "spec.serviceAccountName"),
            Field("HOST_IP", "status.hostIP"),
            Field("HOST_IPS", "status.hostIPs"),
            Field("POD_IP", "status.podIP"),
            Field("POD_IPS", "status.podIPs"));

        var env = await Build(container);

        Assert.Equal(
            [
                "NAME=web", "NS=team", "UID=" + TestPods.Uid, "TIER=front", "NOTE=say \"hi\"\nbye",
                "LABELS=app=\"web\"\ntier=\"front\"", "NODE=node-1", "SA=builder", "HOST_IP=192.0.2.10",
                "HOST_IPS=192.0.2.10", "POD_IP=10.42.0.7", "POD_IPS=10.42.0.7,fd00::7",
            ],
            env);
    }

    [Fact]
    public async Task Resource_references_divide_and_round_up()
    {
        var container = Container(
            [],
            Resource("CPU", "limits.cpu", null),
            Resource("CPU_MILLI", "limits.cpu", "1m"),
            Resource("MEM_MI", "limits.memory", "1Mi"),
            Resource("MEM", "limits.memory", null),
            Resource("REQ_CPU", "requests.cpu", "1m"),
            Resource("REQ_MEM", "requests.memory", null),
            Resource("DISK", "limits.ephemeral-storage", null));
        var sidecar = Resource("SIDECAR_MEM", "limits.memory", "1Mi");
        sidecar.ValueFrom.ResourceFieldRef.ContainerName = "sidecar";
        container.Env.Add(sidecar);

        var env = await Build(container);

        Assert.Equal(
            ["CPU=1", "CPU_MILLI=250", "MEM_MI=64", "MEM=67108864", "REQ_CPU=100", "REQ_MEM=0", "DISK=0", "SIDECAR_MEM=1024"],
            env);
    }

    [Fact]
    public async Task Key_references_read_configMaps_and_secrets()
    {
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["level"] = "debug" });
        _source.WithSecret(TestPods.Namespace, "creds", new() { ["password"] = "s3cret" });
        var container = Container(
            [],
            new V1EnvVar { Name = "LEVEL", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "level" } } },
            new V1EnvVar { Name = "PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "password" } } },
            new V1EnvVar { Name = "GONE", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "nope", Optional = true } } },
            new V1EnvVar { Name = "ALSO_GONE", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "absent", Key = "k", Optional = true } } },
            new V1EnvVar { Name = "EMPTY" });

        var env = await Build(container);

        Assert.Equal(["LEVEL=debug", "PASSWORD=s3cret", "EMPTY="], env);
        // settings, creds and absent, each read once although settings is referred to twice.
        Assert.Equal(3, _source.Reads);
    }

    [Theory]
    [InlineData("configMapRef", "configmap \"absent\" not found")]
    [InlineData("secretRef", "secret \"absent\" not found")]
    [InlineData("configMapKey", "couldn't find key nope in ConfigMap team/settings")]
    [InlineData("secretKey", "couldn't find key nope in Secret team/creds")]
    [InlineData("field", "unsupported fieldPath: status.phase")]
    [InlineData("resource", "unsupported container resource : limits.gpu")]
    public async Task Missing_required_sources_fail_as_a_config_error(string kind, string message)
    {
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["level"] = "debug" });
        _source.WithSecret(TestPods.Namespace, "creds", new() { ["password"] = "s3cret" });
        var container = kind switch
        {
            "configMapRef" => Container([new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "absent" } }]),
            "secretRef" => Container([new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "absent" } }]),
            "configMapKey" => Container([], new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "nope" } } }),
            "secretKey" => Container([], new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "nope" } } }),
            "field" => Container([], Field("X", "status.phase")),
            _ => Container([], Resource("X", "limits.gpu", null)),
        };

        var error = await Assert.ThrowsAsync<ContainerStartException>(() => Build(container));

        Assert.Equal("CreateContainerConfigError", error.Reason);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Service_variables_are_referable_and_come_last_unless_redefined()
    {
        var context = new EnvironmentContext
        {
            PodIps = _context.PodIps,
            ServiceEnvironment = new Dictionary<string, string>
            {
                ["KUBERNETES_SERVICE_HOST"] = "10.43.0.1",
                ["KUBERNETES_SERVICE_PORT"] = "443",
            },
        };
        var container = Container(
            [],
            new V1EnvVar { Name = "API", Value = "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)" },
            new V1EnvVar { Name = "KUBERNETES_SERVICE_PORT", Value = "6443" });

        var env = Pairs(await EnvironmentBuilder.BuildAsync(TestPods.With(), container, context, _source, CancellationToken.None));

        Assert.Equal(["API=https://10.43.0.1:443", "KUBERNETES_SERVICE_PORT=6443", "KUBERNETES_SERVICE_HOST=10.43.0.1"], env);
    }

    [Fact]
    public void Command_and_args_expand_against_the_environment()
    {
        var container = new V1Container
        {
            Name = "app",
            Command = ["sh", "-c", "echo $(GREETING) $$(GREETING) $(NOPE)"],
            Args = ["--name=$(NAME)"],
        };
        var env = new List<KeyValue> { new() { Key = "GREETING", Value = "hi" }, new() { Key = "NAME", Value = "web" } };

        var (command, args) = EnvironmentBuilder.ExpandCommand(container, env);

        Assert.Equal(["sh", "-c", "echo hi $(GREETING) $(NOPE)"], command);
        Assert.Equal(["--name=web"], args);
        Assert.Empty(EnvironmentBuilder.ExpandCommand(new V1Container { Name = "app" }, env).Command);
    }

    private async Task<List<string>> Build(V1Container container)
    {
        var pod = TestPods.With();
        pod.Spec.Containers[0] = container;
        return Pairs(await EnvironmentBuilder.BuildAsync(pod, container, _context, _source, CancellationToken.None));
    }

    private static List<string> Pairs(List<KeyValue> env) => [.. env.Select(pair => pair.Key + "=" + pair.Value)];

    /// <summary>The test pod's "app" container (64Mi and 250m limits, 100m CPU request) with this environment.</summary>
    private static V1Container Container(List<V1EnvFromSource> envFrom, params V1EnvVar[] env)
    {
        var container = TestPods.With().Spec.Containers[0];
        container.EnvFrom = envFrom;
        container.Env = [.. env];
        return container;
    }

    private static V1EnvVar Field(string name, string path) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };

    private static V1EnvVar Resource(string name, string resource, string? divisor) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource
        {
            ResourceFieldRef = new V1ResourceFieldSelector { Resource = resource, Divisor = divisor is null ? null : new ResourceQuantity(divisor) },
        },
    };
}
