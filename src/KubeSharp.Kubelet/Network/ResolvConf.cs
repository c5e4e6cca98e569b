namespace KubeSharp.Kubelet.Network;

/// <summary>
/// A resolv.conf as kubelet reads it: nameserver lines accumulate, the last search line and the
/// last options line win, a search domain's trailing dot is dropped, '#' lines are comments.
/// </summary>
internal sealed record ResolvConf(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options)
{
    private static readonly char[] Whitespace = [' ', '\t', '\r'];

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">See <see cref="Parse"/>.</exception>
    public static ResolvConf Read(string path) => Parse(File.ReadAllText(path));

    /// <exception cref="FormatException">A nameserver line names no server (upstream refuses the file).</exception>
    public static ResolvConf Parse(string text)
    {
        var nameservers = new List<string>();
        IReadOnlyList<string> searches = [];
        IReadOnlyList<string> options = [];
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('#'))
            {
                continue;
            }

            var fields = trimmed.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            switch (fields[0])
            {
                case "nameserver" when fields.Length < 2:
                    throw new FormatException("resolv.conf: nameserver list is empty");
                case "nameserver":
                    nameservers.Add(fields[1]);
                    break;
                case "search":
                    searches = [.. fields.Skip(1).Select(domain => domain.EndsWith('.') ? domain[..^1] : domain)];
                    break;
                case "options":
                    options = [.. fields.Skip(1)];
                    break;
            }
        }

        return new ResolvConf(nameservers, searches, options);
    }
}
