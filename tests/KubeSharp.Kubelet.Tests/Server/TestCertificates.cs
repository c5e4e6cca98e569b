using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.Kubelet.Tests.Server;

/// <summary>A throwaway CA and client certificates it signs, as the cluster's PKI makes them.</summary>
internal sealed class TestCertificates : IDisposable
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    public TestCertificates()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        var now = DateTimeOffset.UtcNow;
        Authority = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    public X509Certificate2 Authority { get; }

    /// <summary>A certificate for <paramref name="subject"/> (e.g. <c>CN=user, O=group</c>) signed by the CA, with its key.</summary>
    public X509Certificate2 Client(string subject, bool serverAuth = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(serverAuth ? ServerAuth : ClientAuth)], false));
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = Authority.GetECDsaPrivateKey()!;
        using var signed = request.Create(
            Authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey), now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);

        // SslStream on Linux wants a client certificate whose key it can use; a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => Authority.Dispose();
}
