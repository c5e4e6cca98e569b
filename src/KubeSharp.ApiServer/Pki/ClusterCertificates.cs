using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.ApiServer.Pki;

/// <summary>
/// The cluster's certificates, made on first start under &lt;data-dir&gt;/server/tls and kept
/// across restarts: the cluster CA, the API server's serving certificate, and the admin's client
/// certificate (O=system:masters) that the kubeconfig carries.
/// </summary>
internal sealed class ClusterCertificates
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);

    private ClusterCertificates(X509Certificate2 authority, X509Certificate2 serving, X509Certificate2 admin)
    {
        Authority = authority;
        Serving = serving;
        Admin = admin;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Serving { get; }

    public X509Certificate2 Admin { get; }

    public static ClusterCertificates LoadOrCreate(string directory, IReadOnlyList<string> serverNames, IReadOnlyList<IPAddress> serverAddresses, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        var now = time.GetUtcNow();
        var authority = LoadOrCreate(directory, "server-ca", () => CreateAuthority(now));
        var serving = LoadOrCreate(directory, "serving-kube-apiserver", () => CreateLeaf(authority, "kube-apiserver", null, serverNames, serverAddresses, server: true, now));
        if (!Covers(serving, serverNames, serverAddresses))
        {
            // New addresses or names (e.g. another --bind-address): re-issue the serving certificate only.
            serving = CreateLeaf(authority, "kube-apiserver", null, serverNames, serverAddresses, server: true, now);
            CertificateFiles.Save(serving, Path.Combine(directory, "serving-kube-apiserver.crt"), Path.Combine(directory, "serving-kube-apiserver.key"));
            serving = CertificateFiles.Load(Path.Combine(directory, "serving-kube-apiserver.crt"), Path.Combine(directory, "serving-kube-apiserver.key"));
        }

        var admin = LoadOrCreate(directory, "client-admin", () => CreateLeaf(authority, "system:admin", "system:masters", [], [], server: false, now));
        return new ClusterCertificates(authority, serving, admin);
    }

    /// <summary>Issues a client certificate for a component or user (CN = user, O = group).</summary>
    public X509Certificate2 IssueClient(string user, string? group, TimeProvider time) =>
        CreateLeaf(Authority, user, group, [], [], server: false, time.GetUtcNow());

    /// <summary>True if the chain ends at our CA and the certificate is valid for client auth now.</summary>
    public bool IsTrustedClient(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    private static X509Certificate2 LoadOrCreate(string directory, string name, Func<X509Certificate2> create)
    {
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return CertificateFiles.Load(certificatePath, keyPath);
        }

        using var created = create();
        CertificateFiles.Save(created, certificatePath, keyPath);
        return CertificateFiles.Load(certificatePath, keyPath);
    }

    private static X509Certificate2 CreateAuthority(DateTimeOffset now)
    {
        using var key = CertificateFiles.NewKey();
        var request = new CertificateRequest("CN=kubesharp-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now + CaLifetime);
    }

    private static X509Certificate2 CreateLeaf(
        X509Certificate2 authority, string commonName, string? organization, IReadOnlyList<string> names, IReadOnlyList<IPAddress> addresses, bool server, DateTimeOffset now)
    {
        using var key = CertificateFiles.NewKey();
        var subject = organization is null ? $"CN={commonName}" : $"CN={commonName}, O={organization}";
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (names.Count > 0 || addresses.Count > 0)
        {
            var alternative = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                alternative.AddDnsName(name);
            }

            foreach (var address in addresses)
            {
                alternative.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(alternative.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var authorityKey = authority.GetECDsaPrivateKey()!;
        using var signed = request.Create(authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey), now.AddMinutes(-5), now + LeafLifetime, serial);
        return signed.CopyWithPrivateKey(key);
    }

    private static bool Covers(X509Certificate2 certificate, IReadOnlyList<string> names, IReadOnlyList<IPAddress> addresses)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return false;
        }

        var dnsNames = extension.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ips = extension.EnumerateIPAddresses().ToHashSet();
        return names.All(dnsNames.Contains) && addresses.All(ips.Contains);
    }
}
