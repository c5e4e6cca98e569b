namespace KubeSharp.CommandLine;

/// <summary>
/// k3s-style flags: <c>--name value</c> or <c>--name=value</c>, and bare booleans. Every flag a
/// command reads must be declared, so a misspelt flag is an error rather than silently ignored.
/// </summary>
internal sealed class Flags
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private Flags()
    {
    }

    public static Flags Parse(IReadOnlyList<string> args, IReadOnlySet<string> valueFlags, IReadOnlySet<string> booleanFlags)
    {
        var flags = new Flags();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument \"{arg}\"");
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (booleanFlags.Contains(name))
            {
                flags._values[name] = value ?? "true";
            }
            else if (valueFlags.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"flag --{name} needs a value");
                    }

                    value = args[++i];
                }

                flags._values[name] = value;
            }
            else
            {
                throw new UsageException($"unknown flag --{name}");
            }
        }

        return flags;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

    public bool IsSet(string name) => _values.GetValueOrDefault(name) is "true" or "1";
}
