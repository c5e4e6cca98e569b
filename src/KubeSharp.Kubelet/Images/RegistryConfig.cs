using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// k3s's private registry file (<c>--private-registry</c>, registries.yaml): <c>mirrors</c> maps a registry
/// host, or "*" for every registry without its own entry, to endpoints tried before the registry itself;
/// <c>configs</c> maps a registry or endpoint host to its credentials and TLS files. containerd 1.6 takes
/// mirrors and TLS from hosts.toml files (<see cref="WriteHostsDirectory"/>) but no credentials, so the
/// kubelet passes those with each pull through CRI (<see cref="AuthFor"/>).
/// </summary>
internal sealed class RegistryConfig
{
    private const string Wildcard = "*";
    private const string DefaultFolder = "_default";
    private const string HostsFileName = "hosts.toml";
    private const string MarkerFileName = ".kubesharp";
    private const int MaxDepth = 16;

    // Keyed by canonical registry host (RegistryEndpoint.Canonical), and "*" among the mirrors.
    private readonly Dictionary<string, IReadOnlyList<RegistryEndpoint>> _mirrors;
    private readonly Dictionary<string, HostSettings> _configs;

    private RegistryConfig(Dictionary<string, IReadOnlyList<RegistryEndpoint>> mirrors, Dictionary<string, HostSettings> configs)
    {
        _mirrors = mirrors;
        _configs = configs;
    }

    public static RegistryConfig Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    /// <summary>Reads a registries.yaml; a missing file, or one of comments alone, configures nothing.</summary>
    /// <exception cref="InvalidOperationException">The file is not YAML, has an unknown key, or a value of the wrong shape.</exception>
    public static RegistryConfig Load(string path)
    {
        byte[] yaml;
        try
        {
            yaml = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return Empty;
        }

        if (IsBlank(yaml))
        {
            return Empty;
        }

        JsonObject root;
        try
        {
            root = YamlToJson.Convert(yaml, MaxDepth);
        }
        catch (ApiException error)
        {
            throw Invalid(path, error.Message, error);
        }

        var mirrors = new Dictionary<string, IReadOnlyList<RegistryEndpoint>>(StringComparer.Ordinal);
        var configs = new Dictionary<string, HostSettings>(StringComparer.Ordinal);
        foreach (var (key, value) in root)
        {
            switch (key)
            {
                case "mirrors":
                    foreach (var (name, entry) in Mapping(path, key, value))
                    {
                        var where = $"mirrors.\"{name}\"";
                        var host = name == Wildcard ? Wildcard : Host(path, where, name);
                        var endpoints = Endpoints(path, where, entry);

                        // A mirror without endpoints leaves its registry as it was.
                        if (endpoints.Count > 0 && !mirrors.TryAdd(host, endpoints))
                        {
                            throw Invalid(path, $"{where}: names the same registry as another mirror");
                        }
                    }

                    break;
                case "configs":
                    foreach (var (name, entry) in Mapping(path, key, value))
                    {
                        var where = $"configs.\"{name}\"";
                        if (name == Wildcard)
                        {
                            throw Invalid(path, $"{where}: configs are per registry host; \"*\" is for mirrors only");
                        }

                        if (!configs.TryAdd(Host(path, where, name), Settings(path, where, entry)))
                        {
                            throw Invalid(path, $"{where}: names the same registry as another config");
                        }
                    }

                    break;
                default:
                    throw Invalid(path, $"unknown key \"{key}\" (a private registry file has only \"mirrors\" and \"configs\")");
            }
        }

        return new RegistryConfig(mirrors, configs);
    }

    /// <summary>
    /// The credentials for a pull from <paramref name="registryHost"/> (an image name's registry) when the pod
    /// has none for it, or null. containerd tries the mirrors in order, then the registry itself, and a CRI
    /// pull carries one credential: it is the first of those hosts that has one. Its ServerAddress names
    /// that host, and containerd sends it nowhere else.
    /// </summary>
    public AuthConfig? AuthFor(string registryHost)
    {
        var host = RegistryEndpoint.Canonical(registryHost);
        foreach (var endpoint in EndpointsFor(host))
        {
            if (_configs.GetValueOrDefault(endpoint.ConfigKey)?.Auth is { } mirrorAuth)
            {
                return Scoped(mirrorAuth, endpoint);
            }
        }

        return _configs.GetValueOrDefault(host)?.Auth is { } auth ? Scoped(auth, RegistryEndpoint.Of(host)) : null;
    }

    /// <summary>
    /// Makes <paramref name="directory"/> (containerd's registry config_path) hold a <c>&lt;host&gt;/hosts.toml</c>
    /// for every mirrored registry ("*" in <c>_default</c>) and every registry with TLS settings, and removes
    /// the folders it wrote for registries no longer configured. Its folders carry a marker file; anything
    /// unmarked is never touched, and refused when it is in the way. Callers serialise calls.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured registry's folder exists and was not written here.</exception>
    public void WriteHostsDirectory(string directory)
    {
        var files = HostsFiles();
        Directory.CreateDirectory(directory);
        foreach (var folder in files.Keys)
        {
            var path = Path.Combine(directory, folder);
            if (Directory.Exists(path) && !IsOurs(path))
            {
                throw new InvalidOperationException(
                    $"{path} was not written by KubeSharp (it has no {MarkerFileName} file): move it away, or drop registry \"{folder}\" from the private registry file");
            }
        }

        foreach (var (folder, content) in files)
        {
            var path = Path.Combine(directory, folder);
            Directory.CreateDirectory(path);

            // Marked before its first hosts.toml, so that a folder left by an interrupted write is still cleaned up.
            var marker = Path.Combine(path, MarkerFileName);
            if (!File.Exists(marker))
            {
                File.WriteAllText(marker, "Written by KubeSharp: removed when its registry leaves the private registry file.\n");
            }

            // rename(2): containerd reads the old file or the new one, never part of one.
            var file = Path.Combine(path, HostsFileName);
            var temporary = file + ".tmp";
            File.WriteAllText(temporary, content);
            File.Move(temporary, file, overwrite: true);
        }

        foreach (var path in Directory.GetDirectories(directory))
        {
            if (!files.ContainsKey(Path.GetFileName(path)) && IsOurs(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    /// <summary>A host's TLS settings from its <c>configs</c> entry; file paths are absolute.</summary>
    internal sealed record TlsFiles(string? CaFile, string? CertFile, string? KeyFile, bool InsecureSkipVerify);

    private sealed record HostSettings(AuthConfig? Auth, TlsFiles? Tls);

    // containerd reads a registry's own folder, else _default: the "*" mirrors serve only registries without a folder.
    private IReadOnlyList<RegistryEndpoint> EndpointsFor(string host)
    {
        if (_mirrors.TryGetValue(host, out var own))
        {
            return own;
        }

        return _mirrors.TryGetValue(Wildcard, out var any) ? any : [];
    }

    /// <summary>Folder name → hosts.toml content.</summary>
    private Dictionary<string, string> HostsFiles()
    {
        // A registry with TLS settings needs its own folder even without mirrors, or containerd would not use them.
        var registries = _mirrors.Keys.Union(
            _configs.Where(entry => entry.Value.Tls is not null).Select(entry => entry.Key),
            StringComparer.Ordinal);
        return registries.ToDictionary(host => host == Wildcard ? DefaultFolder : host, HostsToml, StringComparer.Ordinal);
    }

    private string HostsToml(string host)
    {
        var mirrors = EndpointsFor(host)
            .Select(endpoint => (Endpoint: endpoint, Tls: _configs.GetValueOrDefault(endpoint.ConfigKey)?.Tls))
            .ToList();
        if (host == Wildcard)
        {
            // No server: after the mirrors, containerd pulls from whichever registry the image names.
            return RegistryHostsToml.Render(null, null, mirrors);
        }

        var server = RegistryEndpoint.Of(host);
        var tls = _configs.GetValueOrDefault(host)?.Tls;

        // containerd 1.6 refuses a hosts.toml without a host table (and falls back to loose certificate
        // files), so a registry without mirrors is also listed as its own host.
        return RegistryHostsToml.Render(server, tls, mirrors.Count > 0 ? mirrors : [(Endpoint: server, Tls: tls)]);
    }

    private static AuthConfig Scoped(AuthConfig auth, RegistryEndpoint endpoint)
    {
        // containerd compares this URL's host with every host it contacts for the pull.
        var scoped = auth.Clone();
        scoped.ServerAddress = endpoint.Scheme + "://" + endpoint.Authority;
        return scoped;
    }

    // Only a real folder with the marker is ours: a symbolic link or an unmarked folder belongs to someone else.
    private static bool IsOurs(string path) =>
        new DirectoryInfo(path).LinkTarget is null && File.Exists(Path.Combine(path, MarkerFileName));

    // YamlToJson wants exactly one document; a file of comments alone configures nothing, as in k3s.
    private static bool IsBlank(byte[] yaml) =>
        Encoding.UTF8.GetString(yaml).Split('\n').Select(line => line.Trim()).All(line => line.Length == 0 || line.StartsWith('#'));

    private static string Host(string path, string where, string name) =>
        RegistryEndpoint.IsHost(name)
            ? RegistryEndpoint.Canonical(name)
            : throw Invalid(path, $"{where}: not a registry host (host or host:port, without scheme or path)");

    private static List<RegistryEndpoint> Endpoints(string path, string where, JsonNode? node)
    {
        var endpoints = new List<RegistryEndpoint>();
        foreach (var (key, value) in Mapping(path, where, node))
        {
            switch (key)
            {
                case "endpoint":
                    var urls = List(path, $"{where}.endpoint", value);
                    for (var i = 0; i < urls.Count; i++)
                    {
                        var at = $"{where}.endpoint[{i}]";
                        if (!RegistryEndpoint.TryParse(Text(path, at, urls[i]), out var endpoint, out var error))
                        {
                            throw Invalid(path, $"{at}: {error}");
                        }

                        // Listed twice, it would be the same TOML table twice, which containerd refuses.
                        if (!endpoints.Contains(endpoint))
                        {
                            endpoints.Add(endpoint);
                        }
                    }

                    break;
                case "rewrite":
                    throw Invalid(path, $"{where}.rewrite: repository rewrites are not supported (containerd 1.6 cannot apply them)");
                default:
                    throw Invalid(path, $"{where}: unknown key \"{key}\" (a mirror has only \"endpoint\")");
            }
        }

        return endpoints;
    }

    private static HostSettings Settings(string path, string where, JsonNode? node)
    {
        AuthConfig? auth = null;
        TlsFiles? tls = null;
        foreach (var (key, value) in Mapping(path, where, node))
        {
            switch (key)
            {
                case "auth":
                    auth = ParseAuth(path, $"{where}.auth", value);
                    break;
                case "tls":
                    tls = ParseTls(path, $"{where}.tls", value);
                    break;
                default:
                    throw Invalid(path, $"{where}: unknown key \"{key}\" (a config has only \"auth\" and \"tls\")");
            }
        }

        return new HostSettings(auth, tls);
    }

    private static AuthConfig? ParseAuth(string path, string where, JsonNode? node)
    {
        var auth = new AuthConfig();
        foreach (var (key, value) in Mapping(path, where, node))
        {
            var at = $"{where}.{key}";
            switch (key)
            {
                case "username":
                    auth.Username = Text(path, at, value);
                    break;
                case "password":
                    auth.Password = Text(path, at, value);
                    break;
                case "auth":
                    auth.Auth = Text(path, at, value);
                    break;
                case "identity_token":
                    auth.IdentityToken = Text(path, at, value);
                    break;
                default:
                    throw Invalid(path, $"{where}: unknown key \"{key}\" (auth has username, password, auth and identity_token)");
            }
        }

        if (auth.Auth.Length > 0 && !IsEncodedPair(auth.Auth))
        {
            throw Invalid(path, $"{where}.auth: must be the base64 encoding of \"username:password\"");
        }

        // With no field set it would send nothing, as no auth section does.
        return auth.Equals(new AuthConfig()) ? null : auth;
    }

    private static TlsFiles? ParseTls(string path, string where, JsonNode? node)
    {
        string? caFile = null;
        string? certFile = null;
        string? keyFile = null;
        var skipVerify = false;
        foreach (var (key, value) in Mapping(path, where, node))
        {
            var at = $"{where}.{key}";
            switch (key)
            {
                case "ca_file":
                    caFile = FilePath(path, at, value);
                    break;
                case "cert_file":
                    certFile = FilePath(path, at, value);
                    break;
                case "key_file":
                    keyFile = FilePath(path, at, value);
                    break;
                case "insecure_skip_verify":
                    skipVerify = Flag(path, at, value);
                    break;
                default:
                    throw Invalid(path, $"{where}: unknown key \"{key}\" (tls has ca_file, cert_file, key_file and insecure_skip_verify)");
            }
        }

        if ((certFile is null) != (keyFile is null))
        {
            throw Invalid(path, $"{where}: cert_file and key_file go together (a client certificate and its key)");
        }

        return caFile is null && certFile is null && !skipVerify ? null : new TlsFiles(caFile, certFile, keyFile, skipVerify);
    }

    private static bool IsEncodedPair(string encoded)
    {
        var bytes = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, bytes, out var written)
            && Encoding.UTF8.GetString(bytes, 0, written).Contains(':', StringComparison.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Mapping(string path, string where, JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        return node as JsonObject ?? throw Invalid(path, $"{where}: must be a mapping");
    }

    private static IList<JsonNode?> List(string path, string where, JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        return node as JsonArray ?? throw Invalid(path, $"{where}: must be a list");
    }

    // YamlToJson types plain scalars, and turning 0123 back into text would not give what was written.
    private static string Text(string path, string where, JsonNode? node)
    {
        if (node is null)
        {
            return string.Empty;
        }

        return node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw Invalid(path, $"{where}: must be a string (quote numbers and booleans)");
    }

    private static bool Flag(string path, string where, JsonNode? node) => node?.GetValueKind() switch
    {
        null => false,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid(path, $"{where}: must be true or false"),
    };

    // containerd reads a relative path from the hosts.toml's folder, not from where it was meant.
    private static string? FilePath(string path, string where, JsonNode? node)
    {
        var file = Text(path, where, node);
        if (file.Length == 0)
        {
            return null;
        }

        return Path.IsPathFullyQualified(file) ? file : throw Invalid(path, $"{where}: \"{file}\" must be an absolute path");
    }

    private static InvalidOperationException Invalid(string path, string message, Exception? inner = null) =>
        new($"private registry file {path}: {message}", inner);
}
