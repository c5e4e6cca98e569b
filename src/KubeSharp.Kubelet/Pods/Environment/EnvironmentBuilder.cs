using System.Globalization;
using System.Text;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Pods.Environment;

/// <summary>
/// A container's environment as upstream's makeEnvironmentVariables builds it: envFrom sources
/// first (with their prefix), then env in order, each able to refer to the variables defined
/// before it with <c>$(VAR)</c>; a later definition of a name replaces the earlier value. Missing
/// required ConfigMaps, Secrets or keys fail with upstream's message, which the kubelet reports as
/// CreateContainerConfigError.
/// </summary>
internal static class EnvironmentBuilder
{
    public const string ConfigErrorReason = "CreateContainerConfigError";

    /// <exception cref="ContainerStartException">A required source is missing or a field cannot be read.</exception>
    public static async Task<List<KeyValue>> BuildAsync(
        V1Pod pod, V1Container container, EnvironmentContext context, IPodObjectSource source, CancellationToken cancellationToken)
    {
        var objects = new PodObjects(pod.Metadata?.NamespaceProperty ?? string.Empty, source);
        var services = context.ServiceEnvironment;
        var env = new OrderedDictionary<string, string>(StringComparer.Ordinal);

        foreach (var envFrom in container.EnvFrom ?? [])
        {
            var prefix = envFrom.Prefix ?? string.Empty;
            if (envFrom.ConfigMapRef is { } configMapRef)
            {
                var configMap = await objects.ConfigMapAsync(configMapRef.Name ?? string.Empty, configMapRef.Optional == true, cancellationToken);
                foreach (var (key, value) in configMap?.Data ?? new Dictionary<string, string>())
                {
                    Add(env, prefix + key, value ?? string.Empty);
                }
            }
            else if (envFrom.SecretRef is { } secretRef)
            {
                var secret = await objects.SecretAsync(secretRef.Name ?? string.Empty, secretRef.Optional == true, cancellationToken);
                foreach (var (key, value) in secret?.Data ?? new Dictionary<string, byte[]>())
                {
                    Add(env, prefix + key, Text(value));
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            string? value;
            if (!string.IsNullOrEmpty(variable.Value))
            {
                value = VariableExpansion.Expand(variable.Value, name => env.TryGetValue(name, out var defined) ? defined : services.GetValueOrDefault(name));
            }
            else if (variable.ValueFrom is { } valueFrom)
            {
                value = await ResolveAsync(pod, container, valueFrom, context, objects, cancellationToken);
                if (value is null)
                {
                    // An optional source that is missing leaves the variable undefined.
                    continue;
                }
            }
            else
            {
                value = string.Empty;
            }

            env[variable.Name] = value;
        }

        var result = env.Select(pair => new KeyValue { Key = pair.Key, Value = pair.Value }).ToList();
        result.AddRange(services.Where(pair => !env.ContainsKey(pair.Key)).Select(pair => new KeyValue { Key = pair.Key, Value = pair.Value }));
        return result;
    }

    /// <summary>Upstream's ExpandContainerCommandAndArgs: <c>$(VAR)</c> in command and args against the final environment.</summary>
    public static (List<string> Command, List<string> Args) ExpandCommand(V1Container container, IReadOnlyList<KeyValue> env)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in env)
        {
            values[pair.Key] = pair.Value;
        }

        string? Lookup(string name) => values.TryGetValue(name, out var value) ? value : null;
        var command = (container.Command ?? []).Select(part => VariableExpansion.Expand(part, Lookup)).ToList();
        var args = (container.Args ?? []).Select(part => VariableExpansion.Expand(part, Lookup)).ToList();
        return (command, args);
    }

    /// <summary>
    /// Whether a key can become a variable name (upstream's relaxed rule: printable ASCII without
    /// '='); others are skipped, as envFrom skips keys that are not valid names.
    /// </summary>
    public static bool IsVariableName(string name) => name.Length > 0 && name.All(c => c >= ' ' && c <= '~' && c != '=');

    private static void Add(OrderedDictionary<string, string> env, string name, string value)
    {
        if (IsVariableName(name))
        {
            env[name] = value;
        }
    }

    /// <summary>A valueFrom source's value; null when an optional source is missing.</summary>
    private static async Task<string?> ResolveAsync(
        V1Pod pod, V1Container container, V1EnvVarSource valueFrom, EnvironmentContext context, PodObjects objects, CancellationToken cancellationToken)
    {
        if (valueFrom.FieldRef is { } fieldRef)
        {
            return Field(pod, fieldRef.FieldPath ?? string.Empty, context);
        }

        if (valueFrom.ResourceFieldRef is { } resourceRef)
        {
            var target = string.IsNullOrEmpty(resourceRef.ContainerName) ? container : FindContainer(pod, resourceRef.ContainerName);
            return Guard(() => ResourceFields.Value(resourceRef, target, context.Allocatable));
        }

        if (valueFrom.ConfigMapKeyRef is { } configMapKey)
        {
            var optional = configMapKey.Optional == true;
            var name = configMapKey.Name ?? string.Empty;
            var configMap = await objects.ConfigMapAsync(name, optional, cancellationToken);
            if (configMap is null)
            {
                return null;
            }

            if (configMap.Data is not null && configMap.Data.TryGetValue(configMapKey.Key, out var value))
            {
                return value ?? string.Empty;
            }

            if (optional)
            {
                return null;
            }

            throw ConfigError($"couldn't find key {configMapKey.Key} in ConfigMap {objects.Namespace}/{name}");
        }

        if (valueFrom.SecretKeyRef is { } secretKey)
        {
            var optional = secretKey.Optional == true;
            var name = secretKey.Name ?? string.Empty;
            var secret = await objects.SecretAsync(name, optional, cancellationToken);
            if (secret is null)
            {
                return null;
            }

            if (secret.Data is not null && secret.Data.TryGetValue(secretKey.Key, out var value))
            {
                return Text(value);
            }

            if (optional)
            {
                return null;
            }

            throw ConfigError($"couldn't find key {secretKey.Key} in Secret {objects.Namespace}/{name}");
        }

        return string.Empty;
    }

    /// <summary>Upstream's podFieldSelectorRuntimeValue.</summary>
    private static string Field(V1Pod pod, string fieldPath, EnvironmentContext context) => fieldPath switch
    {
        "spec.nodeName" => pod.Spec?.NodeName is { Length: > 0 } nodeName ? nodeName : context.NodeName,
        "spec.serviceAccountName" => pod.Spec?.ServiceAccountName ?? string.Empty,
        "spec.terminationGracePeriodSeconds" => (pod.Spec?.TerminationGracePeriodSeconds ?? 30).ToString(CultureInfo.InvariantCulture),
        "status.hostIP" => context.HostIp,
        "status.hostIPs" => context.HostIps.Count > 0 ? string.Join(',', context.HostIps) : context.HostIp,
        "status.podIP" => context.PodIps.Count > 0 ? context.PodIps[0] : string.Empty,
        "status.podIPs" => string.Join(',', context.PodIps),
        _ => Guard(() => PodFields.Metadata(pod, fieldPath)),
    };

    private static V1Container FindContainer(V1Pod pod, string name) =>
        (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).FirstOrDefault(c => c.Name == name)
        ?? throw ConfigError($"container {name} not found");

    private static string Guard(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException error)
        {
            throw ConfigError(error.Message);
        }
    }

    private static string Text(byte[]? value) => value is null ? string.Empty : Encoding.UTF8.GetString(value);

    private static ContainerStartException ConfigError(string message) => new(ConfigErrorReason, message);

    /// <summary>The ConfigMaps and Secrets one container's environment reads, each fetched once.</summary>
    private sealed class PodObjects(string @namespace, IPodObjectSource source)
    {
        private readonly Dictionary<string, V1ConfigMap?> _configMaps = new(StringComparer.Ordinal);
        private readonly Dictionary<string, V1Secret?> _secrets = new(StringComparer.Ordinal);

        public string Namespace => @namespace;

        /// <summary>The ConfigMap, or null when it is missing and optional.</summary>
        public async Task<V1ConfigMap?> ConfigMapAsync(string name, bool optional, CancellationToken cancellationToken)
        {
            if (!_configMaps.TryGetValue(name, out var configMap))
            {
                configMap = await source.GetConfigMapAsync(@namespace, name, cancellationToken);
                _configMaps[name] = configMap;
            }

            return configMap is null && !optional ? throw ConfigError($"configmap \"{name}\" not found") : configMap;
        }

        /// <summary>The Secret, or null when it is missing and optional.</summary>
        public async Task<V1Secret?> SecretAsync(string name, bool optional, CancellationToken cancellationToken)
        {
            if (!_secrets.TryGetValue(name, out var secret))
            {
                secret = await source.GetSecretAsync(@namespace, name, cancellationToken);
                _secrets[name] = secret;
            }

            return secret is null && !optional ? throw ConfigError($"secret \"{name}\" not found") : secret;
        }
    }
}
