using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.ApiServer.Pki;

/// <summary>PEM files of one certificate and its key, written with the key readable by root only.</summary>
internal static class CertificateFiles
{
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // Kestrel needs a key it can use for TLS; a PKCS#12 round trip gives it one on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public static void Save(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(certificatePath)!);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("certificate has no ECDSA key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public static string KeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("certificate has no ECDSA key");
        return key.ExportPkcs8PrivateKeyPem();
    }

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);
}
