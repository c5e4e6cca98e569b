using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KubeSharp.ApiServer.Pki;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Auth;

/// <summary>
/// Client certificates signed by the cluster CA (CN = user, O = groups) and bearer tokens from
/// the server's token file. Anything else is anonymous, which this server refuses (401).
/// </summary>
internal sealed class Authenticator(ClusterCertificates certificates, IReadOnlyDictionary<string, UserInfo> tokens, TimeProvider time)
{
    // Verifying a chain costs far more than a request; a certificate's verdict holds until it expires.
    private readonly ConcurrentDictionary<string, (UserInfo? User, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public UserInfo? Authenticate(HttpContext context)
    {
        if (context.Connection.ClientCertificate is { } certificate)
        {
            var now = time.GetUtcNow();
            if (!_verified.TryGetValue(certificate.Thumbprint, out var verdict) || verdict.Until <= now)
            {
                var user = certificates.IsTrustedClient(certificate) ? FromCertificate(certificate) : null;
                verdict = (user, user is null ? now.AddMinutes(1) : new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
                _verified[certificate.Thumbprint] = verdict;
            }

            if (verdict.User is not null)
            {
                return verdict.User;
            }
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            foreach (var (known, user) in tokens)
            {
                if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(known), Encoding.UTF8.GetBytes(token)))
                {
                    return user;
                }
            }
        }

        return null;
    }

    private static UserInfo FromCertificate(X509Certificate2 certificate)
    {
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue() ?? string.Empty)
            .Append("system:authenticated")
            .ToList();
        return new UserInfo(name, groups);
    }
}
