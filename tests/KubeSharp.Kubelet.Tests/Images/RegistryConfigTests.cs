using KubeSharp.Kubelet.Images;
using KubeSharp.TestSupport;

namespace KubeSharp.Kubelet.Tests.Images;

public sealed class RegistryConfigTests : IDisposable
{
    private const string Header = RegistryHostsToml.Header;

    private readonly TempDirectory _dir = new("registries");

    public void Dispose() => _dir.Dispose();

    private string HostsDir => Path.Combine(_dir.Path, "registries.d");

    [Fact]
    public void A_docker_hub_mirror_lists_its_endpoints_in_order_with_their_tls()
    {
        var config = Load("""
            mirrors:
              docker.io:
                endpoint:
                  - "https://mirror.example:5000"
                  - "http://10.0.0.5:5000"
            configs:
              "mirror.example:5000":
                tls:
                  ca_file: /etc/certs/ca.crt
                  cert_file: /etc/certs/client.crt
                  key_file: /etc/certs/client.key
                  insecure_skip_verify: true
            """);

        config.WriteHostsDirectory(HostsDir);

        Assert.Equal(
            $"""
            {Header}
            server = "https://registry-1.docker.io"

            [host."https://mirror.example:5000"]
              capabilities = ["pull", "resolve"]
              ca = "/etc/certs/ca.crt"
              client = [["/etc/certs/client.crt", "/etc/certs/client.key"]]
              skip_verify = true

            [host."http://10.0.0.5:5000"]
              capabilities = ["pull", "resolve"]

            """,
            Hosts("docker.io"));

        // The mirror's TLS also applies when an image names it directly.
        Assert.Equal(
            $"""
            {Header}
            server = "https://mirror.example:5000"
            ca = "/etc/certs/ca.crt"
            client = [["/etc/certs/client.crt", "/etc/certs/client.key"]]
            skip_verify = true

            [host."https://mirror.example:5000"]
              capabilities = ["pull", "resolve"]
              ca = "/etc/certs/ca.crt"
              client = [["/etc/certs/client.crt", "/etc/certs/client.key"]]
              skip_verify = true

            """,
            Hosts("mirror.example:5000"));
        Assert.Equal(["docker.io", "mirror.example:5000"], Folders());
        Assert.True(File.Exists(Path.Combine(HostsDir, "docker.io", ".kubesharp")));
    }

    [Fact]
    public void The_wildcard_mirror_goes_to_the_default_folder_and_to_registries_with_their_own()
    {
        var config = Load("""
            mirrors:
              "*":
                endpoint: ["https://cache.example", "https://cache.example/v2/", "https://proxy.example/registry"]
            configs:
              secure.example:
                tls:
                  ca_file: /etc/certs/secure.crt
            """);

        config.WriteHostsDirectory(HostsDir);

        const string Mirrors = """

            [host."https://cache.example"]
              capabilities = ["pull", "resolve"]

            [host."https://proxy.example/registry"]
              capabilities = ["pull", "resolve"]
              override_path = true

            """;
        Assert.Equal(Header + "\n" + Mirrors, Hosts("_default"));
        Assert.Equal(
            $"""
            {Header}
            server = "https://secure.example"
            ca = "/etc/certs/secure.crt"

            """ + Mirrors,
            Hosts("secure.example"));
        Assert.Equal(["_default", "secure.example"], Folders());
    }

    [Fact]
    public void Credentials_come_from_the_first_mirror_with_some_else_the_registry_and_name_their_host()
    {
        var config = Load("""
            mirrors:
              registry.example:
                endpoint: ["https://mirror.example:5000"]
            configs:
              index.docker.io:
                auth:
                  username: hub
                  password: "12345"
              "mirror.example:5000":
                auth:
                  identity_token: token
              "plain.example:5000":
                auth:
                  auth: dTpw
            """);

        var hub = config.AuthFor("docker.io");
        Assert.NotNull(hub);
        Assert.Equal("hub", hub.Username);
        Assert.Equal("12345", hub.Password);
        Assert.Equal("https://registry-1.docker.io", hub.ServerAddress);
        Assert.Equal(hub, config.AuthFor("index.docker.io"));

        var mirrored = config.AuthFor("registry.example");
        Assert.NotNull(mirrored);
        Assert.Equal("token", mirrored.IdentityToken);
        Assert.Equal("https://mirror.example:5000", mirrored.ServerAddress);

        var plain = config.AuthFor("plain.example:5000");
        Assert.NotNull(plain);
        Assert.Equal("dTpw", plain.Auth);
        Assert.Equal("https://plain.example:5000", plain.ServerAddress);

        Assert.Null(config.AuthFor("quay.io"));

        // Credentials never go into hosts.toml.
        config.WriteHostsDirectory(HostsDir);
        Assert.Equal(["registry.example"], Folders());
    }

    [Fact]
    public void A_missing_or_comment_only_file_configures_nothing()
    {
        var missing = RegistryConfig.Load(_dir.File("absent.yaml"));
        Assert.Null(missing.AuthFor("docker.io"));
        missing.WriteHostsDirectory(HostsDir);
        Assert.Empty(Folders());

        Assert.Null(Load("# no registries yet\n\n").AuthFor("docker.io"));
    }

    [Fact]
    public void An_unknown_top_level_key_is_refused_with_the_key_and_the_file()
    {
        var path = _dir.File("registries.yaml");
        File.WriteAllText(path, "mirrors: {}\nmirror:\n  docker.io: {}\n");

        var error = Assert.Throws<InvalidOperationException>(() => RegistryConfig.Load(path));

        Assert.Contains("\"mirror\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mirrors: [docker.io]\n", "mirrors: must be a mapping")]
    [InlineData("mirrors:\n  docker.io:\n    endpoint: https://mirror.example\n", "endpoint: must be a list")]
    [InlineData("mirrors:\n  docker.io:\n    endpoint: [\"ftp://mirror.example\"]\n", "not an http or https URL")]
    [InlineData("mirrors:\n  docker.io:\n    endpoints: [\"https://mirror.example\"]\n", "unknown key \"endpoints\"")]
    [InlineData("mirrors:\n  docker.io:\n    rewrite:\n      \"^a/(.*)\": \"b/$1\"\n", "rewrites are not supported")]
    [InlineData("mirrors:\n  https://docker.io:\n    endpoint: [\"https://mirror.example\"]\n", "not a registry host")]
    [InlineData("configs:\n  r.example:\n    auth:\n      password: 12345\n", "must be a string")]
    [InlineData("configs:\n  r.example:\n    auth:\n      auth: not-base64\n", "base64")]
    [InlineData("configs:\n  r.example:\n    tls:\n      cert_file: /etc/certs/client.crt\n", "cert_file and key_file")]
    [InlineData("configs:\n  r.example:\n    tls:\n      ca_file: certs/ca.crt\n", "absolute path")]
    [InlineData("configs:\n  r.example:\n    tls:\n      insecure_skip_verify: \"yes\"\n", "true or false")]
    [InlineData("configs:\n  docker.io: {}\n  index.docker.io: {}\n", "same registry")]
    [InlineData("mirrors: [\n", "YAML")]
    public void Bad_shapes_are_refused_with_where_and_why(string yaml, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(yaml));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folders_of_registries_no_longer_configured_go_but_unmarked_ones_stay()
    {
        Load("mirrors:\n  old.example:\n    endpoint: [\"https://m.example\"]\n  docker.io:\n    endpoint: [\"https://m.example\"]\n")
            .WriteHostsDirectory(HostsDir);
        var manual = Path.Combine(HostsDir, "manual.example");
        Directory.CreateDirectory(manual);
        File.WriteAllText(Path.Combine(manual, "hosts.toml"), "server = \"https://manual.example\"\n");

        Load("mirrors:\n  docker.io:\n    endpoint: [\"https://m.example\"]\n").WriteHostsDirectory(HostsDir);

        Assert.Equal(["docker.io", "manual.example"], Folders());
        Assert.Equal(["hosts.toml"], Directory.GetFiles(manual).Select(file => Path.GetFileName(file)));
        Assert.False(File.Exists(Path.Combine(HostsDir, "docker.io", "hosts.toml.tmp")));
    }

    [Fact]
    public void An_unmarked_folder_in_the_way_is_refused_and_left_alone()
    {
        var folder = Path.Combine(HostsDir, "docker.io");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "hosts.toml"), "# mine\n");
        var config = Load("mirrors:\n  docker.io:\n    endpoint: [\"https://m.example\"]\n");

        Assert.Throws<InvalidOperationException>(() => config.WriteHostsDirectory(HostsDir));

        Assert.Equal("# mine\n", File.ReadAllText(Path.Combine(folder, "hosts.toml")));
        Assert.False(File.Exists(Path.Combine(folder, ".kubesharp")));
    }

    [Fact]
    public void Toml_strings_escape_quotes_and_backslashes()
    {
        var config = Load("""
            mirrors:
              registry.example:
                endpoint: ["https://mirror.example"]
            configs:
              mirror.example:
                tls:
                  ca_file: '/etc/certs/a"b\c.crt'
            """);

        config.WriteHostsDirectory(HostsDir);

        Assert.Equal(
            $"""
            {Header}
            server = "https://registry.example"

            [host."https://mirror.example"]
              capabilities = ["pull", "resolve"]
              ca = "/etc/certs/a\"b\\c.crt"

            """,
            Hosts("registry.example"));
    }

    private RegistryConfig Load(string yaml)
    {
        var path = _dir.File("registries.yaml");
        File.WriteAllText(path, yaml);
        return RegistryConfig.Load(path);
    }

    private string Hosts(string folder) => File.ReadAllText(Path.Combine(HostsDir, folder, "hosts.toml"));

    private string[] Folders() =>
        Directory.Exists(HostsDir) ? [.. new DirectoryInfo(HostsDir).GetDirectories().Select(folder => folder.Name).Order(StringComparer.Ordinal)] : [];
}
