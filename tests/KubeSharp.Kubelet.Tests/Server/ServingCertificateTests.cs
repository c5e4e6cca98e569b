using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KubeSharp.Kubelet.Server;
using KubeSharp.TestSupport;

namespace KubeSharp.Kubelet.Tests.Server;

public sealed class ServingCertificateTests : IDisposable
{
    private readonly TempDirectory _dir = new("kubelet-tls");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_first_start_makes_a_self_signed_serving_certificate_naming_the_node()
    {
        using var certificate = ServingCertificate.LoadOrCreate(_dir.Path, "node-1", [IPAddress.Parse("10.0.0.5")], TimeProvider.System);

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["node-1"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.5")], names.EnumerateIPAddresses());
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(usages.Cast<Oid>()).Value);
        using var key = certificate.GetECDsaPublicKey();
        Assert.Equal(256, key?.KeySize);
        Assert.True(File.Exists(_dir.File(ServingCertificate.CertificateFile)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File(ServingCertificate.KeyFile)));
    }

    [Fact]
    public void Later_starts_reuse_it()
    {
        using var first = ServingCertificate.LoadOrCreate(_dir.Path, "node-1", [IPAddress.Loopback], TimeProvider.System);
        using var second = ServingCertificate.LoadOrCreate(_dir.Path, "node-1", [IPAddress.Loopback], TimeProvider.System);

        Assert.Equal(first.Thumbprint, second.Thumbprint);
    }

    [Fact]
    public void A_new_address_makes_a_new_one()
    {
        using var first = ServingCertificate.LoadOrCreate(_dir.Path, "node-1", [IPAddress.Loopback], TimeProvider.System);
        using var second = ServingCertificate.LoadOrCreate(_dir.Path, "node-1", [IPAddress.Loopback, IPAddress.Parse("10.0.0.6")], TimeProvider.System);

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
    }
}
