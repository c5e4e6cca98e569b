using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.Kubelet.Server;

/// <summary>
/// The kubelet's HTTPS serving certificate: self-signed, as upstream's kubelet makes one when given
/// none (the API server does not verify it unless told to). Made on first start as PEM files
/// (kubelet.crt, kubelet.key readable by root only) and kept; made again when it has expired or no
/// longer names the node and its addresses.
/// </summary>
internal static class ServingCertificate
{
    public const string CertificateFile = "kubelet.crt";
    public const string KeyFile = "kubelet.key";

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>The certificate with its key, in a form Kestrel can serve with.</summary>
    public static X509Certificate2 LoadOrCreate(string directory, string nodeName, IReadOnlyList<IPAddress> addresses, TimeProvider time)
    {
        var certificatePath = Path.Combine(directory, CertificateFile);
        var keyPath = Path.Combine(directory, KeyFile);
        var now = time.GetUtcNow();
        if (File.Exists(certificatePath) && File.Exists(keyPath) && TryLoad(certificatePath, keyPath) is { } existing)
        {
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(1) && Covers(existing, nodeName, addresses))
            {
                return existing;
            }

            existing.Dispose();
        }

        Directory.CreateDirectory(directory);
        using (var created = Create(nodeName, addresses, now))
        {
            using var key = created.GetECDsaPrivateKey()!;
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.WriteAllText(certificatePath, created.ExportCertificatePem());
        }

        return TryLoad(certificatePath, keyPath) ?? throw new CryptographicException($"the serving certificate just written to {certificatePath} does not load");
    }

    private static X509Certificate2 Create(string nodeName, IReadOnlyList<IPAddress> addresses, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(nodeName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(nodeName);
        foreach (var address in addresses.Distinct())
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);
    }

    private static X509Certificate2? TryLoad(string certificatePath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

            // Kestrel needs a key it can use for TLS; a PKCS#12 round trip gives it one on Linux.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static bool Covers(X509Certificate2 certificate, string nodeName, IReadOnlyList<IPAddress> addresses)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return names is not null
            && names.EnumerateDnsNames().Contains(nodeName, StringComparer.OrdinalIgnoreCase)
            && addresses.All(names.EnumerateIPAddresses().Contains);
    }
}
