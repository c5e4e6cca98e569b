using System.Text;
using k8s.Models;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// <c>$(VAR)</c> references in an exec probe's command, expanded from the container's own env values only
/// (upstream's ExpandContainerCommandOnlyStatic): <c>$$</c> is a literal <c>$</c>, and an unknown or
/// unclosed reference stays as written.
/// </summary>
internal static class CommandExpansion
{
    public static IReadOnlyList<string> ExpandStatic(IList<string> command, IList<V1EnvVar>? env)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in env ?? [])
        {
            // Variables set from a source (valueFrom) have no static value: they expand to nothing, as upstream.
            values[variable.Name] = variable.Value ?? string.Empty;
        }

        return [.. command.Select(part => Expand(part, values))];
    }

    internal static string Expand(string input, IReadOnlyDictionary<string, string> values)
    {
        var output = new StringBuilder(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            if (input[i] != '$' || i + 1 == input.Length)
            {
                output.Append(input[i]);
                i++;
                continue;
            }

            var next = input[i + 1];
            if (next == '(')
            {
                var close = input.IndexOf(')', i + 2);
                if (close >= 0)
                {
                    var name = input[(i + 2)..close];
                    output.Append(values.TryGetValue(name, out var value) ? value : $"$({name})");
                    i = close + 1;
                    continue;
                }
            }

            // "$$" is an escaped "$"; a "$" before anything else (or an unclosed "$(") is kept as it is.
            if (next == '$')
            {
                output.Append('$');
            }
            else
            {
                output.Append('$').Append(next);
            }

            i += 2;
        }

        return output.ToString();
    }
}
