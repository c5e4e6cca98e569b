using System.Globalization;
using System.Text;
using KubeSharp.Kubelet.Containerd;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// One containerd 1.6 hosts.toml (its docs/hosts.md): the registry's own <c>server</c> and TLS settings at
/// the top, then a <c>[host."URL"]</c> table per mirror endpoint; containerd tries the hosts in file order,
/// then the server.
/// </summary>
internal static class RegistryHostsToml
{
    public const string Header = "# Written by KubeSharp from the private registry file (registries.yaml): edits are lost.";

    // Mirrors serve pulls and resolve tags; pushes go to the registry itself.
    private const string MirrorCapabilities = "capabilities = [\"pull\", \"resolve\"]";

    public static string Render(
        RegistryEndpoint? server,
        RegistryConfig.TlsFiles? serverTls,
        IReadOnlyList<(RegistryEndpoint Endpoint, RegistryConfig.TlsFiles? Tls)> hosts)
    {
        var text = new StringBuilder().AppendLine(Header);
        if (server is not null)
        {
            text.Append("server = ").AppendLine(TomlStrings.Quote(server.Url));
            AppendTls(text, string.Empty, server, serverTls);
        }

        foreach (var (endpoint, tls) in hosts)
        {
            text.AppendLine().Append("[host.").Append(TomlStrings.Quote(endpoint.Url)).AppendLine("]");
            text.Append("  ").AppendLine(MirrorCapabilities);
            AppendTls(text, "  ", endpoint, tls);
            if (endpoint.OverridePath)
            {
                text.AppendLine("  override_path = true");
            }
        }

        return text.ToString();
    }

    private static void AppendTls(StringBuilder text, string indent, RegistryEndpoint endpoint, RegistryConfig.TlsFiles? tls)
    {
        if (tls is null)
        {
            return;
        }

        // Plain HTTP has no certificate to check or to present; skip_verify is written only when asked for.
        if (endpoint.IsHttps && tls.CaFile is not null)
        {
            text.Append(indent).Append("ca = ").AppendLine(TomlStrings.Quote(tls.CaFile));
        }

        if (endpoint.IsHttps && tls.CertFile is not null && tls.KeyFile is not null)
        {
            text.Append(indent).Append("client = [[").Append(TomlStrings.Quote(tls.CertFile)).Append(", ").Append(TomlStrings.Quote(tls.KeyFile)).AppendLine("]]");
        }

        if (tls.InsecureSkipVerify)
        {
            text.Append(indent).AppendLine("skip_verify = true");
        }
    }

}
