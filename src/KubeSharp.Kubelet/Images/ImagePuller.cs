using System.Text;
using System.Text.Json;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// Makes a container's image present as its pull policy asks (upstream's image manager): pulls
/// through CRI with credentials from the pod's imagePullSecrets (else the node's registries.yaml),
/// and backs off failed pulls.
/// </summary>
internal sealed class ImagePuller(CriClient cri, IPodObjectSource objects, RegistryConfig registries, TimeProvider time)
{
    private readonly RestartBackoff _backoff = new(time);

    /// <summary>The image reference to create the container from.</summary>
    /// <exception cref="ContainerStartException">ErrImageNeverPull, ErrImagePull or ImagePullBackOff.</exception>
    public async Task<string> EnsureAsync(V1Pod pod, V1Container container, Action<string, string, string> record, CancellationToken cancellationToken)
    {
        var image = container.Image ?? string.Empty;
        var policy = container.ImagePullPolicy ?? DefaultPolicy(image);
        var present = await PresentAsync(image, cancellationToken);
        if (present is not null && policy != "Always")
        {
            record(EventTypes.Normal, "Pulled", $"Container image \"{image}\" already present on machine");
            return present;
        }

        if (policy == "Never")
        {
            var message = $"Container image \"{image}\" is not present with pull policy of Never";
            record(EventTypes.Warning, "ErrImageNeverPull", message);
            throw new ContainerStartException("ErrImageNeverPull", message);
        }

        var key = image;
        var wait = _backoff.Remaining(key, time.GetUtcNow());
        if (wait > TimeSpan.Zero)
        {
            var message = $"Back-off pulling image \"{image}\"";
            record(EventTypes.Normal, "BackOff", message);
            throw new ContainerStartException("ImagePullBackOff", message, wait);
        }

        record(EventTypes.Normal, "Pulling", $"Pulling image \"{image}\"");
        var started = time.GetTimestamp();
        try
        {
            var request = new PullImageRequest { Image = new ImageSpec { Image = image } };
            var auth = await AuthForAsync(pod, image, cancellationToken) ?? registries.AuthFor(RegistryOf(image));
            if (auth is not null)
            {
                request.Auth = auth;
            }

            var pulled = await cri.Images.PullImageAsync(request, cancellationToken: cancellationToken);
            record(EventTypes.Normal, "Pulled", $"Successfully pulled image \"{image}\" in {time.GetElapsedTime(started).TotalMilliseconds:F0}ms");
            return pulled.ImageRef;
        }
        catch (RpcException error)
        {
            _backoff.Next(key, time.GetUtcNow());
            var message = $"Failed to pull image \"{image}\": {error.Status.Detail}";
            record(EventTypes.Warning, "Failed", message);
            throw new ContainerStartException("ErrImagePull", message);
        }
    }

    /// <summary>Upstream's default: Always for :latest or no tag (and no digest), else IfNotPresent.</summary>
    public static string DefaultPolicy(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }

    private async Task<string?> PresentAsync(string image, CancellationToken cancellationToken)
    {
        var status = await cri.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image } }, cancellationToken: cancellationToken);
        return status.Image is { Id.Length: > 0 } found ? found.Id : null;
    }

    private async Task<AuthConfig?> AuthForAsync(V1Pod pod, string image, CancellationToken cancellationToken)
    {
        var registry = RegistryOf(image);
        foreach (var reference in pod.Spec?.ImagePullSecrets ?? [])
        {
            if (string.IsNullOrEmpty(reference.Name))
            {
                continue;
            }

            var secret = await objects.GetSecretAsync(pod.Metadata.NamespaceProperty, reference.Name, cancellationToken);
            var data = secret?.Data;
            if (data is null)
            {
                continue;
            }

            var json = data.TryGetValue(".dockerconfigjson", out var config) ? config
                : data.TryGetValue(".dockercfg", out var legacy) ? legacy : null;
            if (json is null)
            {
                continue;
            }

            var auth = FindAuth(json, registry);
            if (auth is not null)
            {
                return auth;
            }
        }

        return null;
    }

    internal static string RegistryOf(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "docker.io";
        }

        var first = image[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : "docker.io";
    }

    /// <summary>Reads docker's config.json form (<c>{"auths": {...}}</c>) or the legacy .dockercfg (the map alone).</summary>
    internal static AuthConfig? FindAuth(byte[] json, string registry)
    {
        using var document = JsonDocument.Parse(json);
        var auths = document.RootElement.TryGetProperty("auths", out var inner) ? inner : document.RootElement;
        if (auths.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var entry in auths.EnumerateObject())
        {
            if (!SameRegistry(entry.Name, registry))
            {
                continue;
            }

            // containerd sends the credentials only to the host this URL names.
            var server = RegistryEndpoint.Of(registry);
            var auth = new AuthConfig { ServerAddress = server.Scheme + "://" + server.Authority };
            if (entry.Value.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String)
            {
                auth.Username = user.GetString() ?? string.Empty;
            }

            if (entry.Value.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String)
            {
                auth.Password = password.GetString() ?? string.Empty;
            }

            if (entry.Value.TryGetProperty("auth", out var encoded) && encoded.ValueKind == JsonValueKind.String && auth.Username.Length == 0)
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.GetString() ?? string.Empty));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    auth.Username = pair[..colon];
                    auth.Password = pair[(colon + 1)..];
                }
            }

            return auth;
        }

        return null;
    }

    private static bool SameRegistry(string key, string registry)
    {
        var host = key;
        if (host.StartsWith("https://", StringComparison.Ordinal) || host.StartsWith("http://", StringComparison.Ordinal))
        {
            host = new Uri(host).Authority;
        }

        host = host.Split('/')[0];
        if (host is "index.docker.io" or "registry-1.docker.io")
        {
            host = "docker.io";
        }

        return string.Equals(host, registry, StringComparison.OrdinalIgnoreCase);
    }
}
