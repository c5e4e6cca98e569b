using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// Image references normalised as containerd and CRI do it (the docker convention): a name with no
/// registry gets <c>docker.io</c>, a single-component docker.io name gets <c>library/</c>, a name
/// with neither tag nor digest gets <c>:latest</c>, and a tag next to a digest is dropped. CRI looks
/// images up by that normalised form, so an image stored under any other spelling is never found.
/// </summary>
internal static partial class ImageReference
{
    private const string DefaultDomain = "docker.io";
    private const string LegacyDefaultDomain = "index.docker.io";
    private const string OfficialRepository = "library/";
    private const int NameMaxLength = 255;

    // Longer input is refused before any pattern runs on it.
    private const int InputMaxLength = 1024;

    /// <summary>The normalised form of <paramref name="reference"/>, or why it is not a reference.</summary>
    public static bool TryNormalize(
        string reference, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        if (reference.Length is 0 or > InputMaxLength)
        {
            error = $"\"{Shorten(reference)}\" is not an image reference";
            return false;
        }

        if (IdentifierPattern().IsMatch(reference))
        {
            error = $"\"{reference}\" is an image ID, not a name";
            return false;
        }

        var (domain, remainder) = SplitDomain(reference);
        var tagAt = remainder.IndexOf(':', StringComparison.Ordinal);
        var repository = tagAt >= 0 ? remainder[..tagAt] : remainder;
        if (!string.Equals(repository.ToLowerInvariant(), repository, StringComparison.Ordinal))
        {
            error = $"\"{reference}\": the repository name must be lowercase";
            return false;
        }

        var match = ReferencePattern().Match(domain + "/" + remainder);
        if (!match.Success)
        {
            error = $"\"{reference}\" is not a valid image reference";
            return false;
        }

        var name = match.Groups["name"].Value;
        if (name.Length > NameMaxLength)
        {
            error = $"\"{Shorten(reference)}\": the repository name is longer than {NameMaxLength} characters";
            return false;
        }

        var digest = match.Groups["digest"];
        var tag = match.Groups["tag"];
        normalized = digest.Success ? $"{name}@{digest.Value}" : $"{name}:{(tag.Success ? tag.Value : "latest")}";
        error = null;
        return true;
    }

    /// <summary>True when the reference is already in its normalised form, as a stored image name must be.</summary>
    public static bool IsFullyQualified(string reference) =>
        TryNormalize(reference, out var normalized, out _) && string.Equals(normalized, reference, StringComparison.Ordinal);

    // The first component is a registry only if it looks like a host (a dot or port) or is localhost.
    private static (string Domain, string Remainder) SplitDomain(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        string domain;
        string remainder;
        if (slash < 0 || (reference.AsSpan(0, slash).IndexOfAny('.', ':') < 0 && reference[..slash] != "localhost"))
        {
            (domain, remainder) = (DefaultDomain, reference);
        }
        else
        {
            (domain, remainder) = (reference[..slash], reference[(slash + 1)..]);
        }

        if (domain == LegacyDefaultDomain)
        {
            domain = DefaultDomain;
        }

        if (domain == DefaultDomain && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = OfficialRepository + remainder;
        }

        return (domain, remainder);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    // The grammar of distribution's reference package; separators inside a path component are
    // never empty here, which matches the same names without the nested-quantifier backtracking.
    [GeneratedRegex(
        """
        ^(?<name>(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?\z
        """,
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("^[a-f0-9]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
