using System.Text;

namespace KubeSharp.Kubelet.Pods.Environment;

/// <summary>
/// Upstream's <c>$(VAR)</c> syntax (third_party/forked/golang/expansion): <c>$$</c> is a literal
/// <c>$</c>, a reference the lookup cannot resolve stays as written, and an unclosed <c>$(</c>
/// or a <c>$</c> before anything else is copied unchanged.
/// </summary>
internal static class VariableExpansion
{
    private const char Operator = '$';
    private const char Opener = '(';
    private const char Closer = ')';

    /// <param name="input">The text to expand.</param>
    /// <param name="lookup">A variable's value, or null when it is not defined.</param>
    public static string Expand(string input, Func<string, string?> lookup)
    {
        if (!input.Contains(Operator, StringComparison.Ordinal))
        {
            return input;
        }

        var output = new StringBuilder(input.Length);
        var checkpoint = 0;
        for (var cursor = 0; cursor < input.Length; cursor++)
        {
            if (input[cursor] != Operator || cursor + 1 >= input.Length)
            {
                continue;
            }

            output.Append(input, checkpoint, cursor - checkpoint);
            var start = cursor + 1;
            var advance = 1;
            switch (input[start])
            {
                case Operator:
                    output.Append(Operator);
                    break;
                case Opener:
                    var close = input.IndexOf(Closer, start + 1);
                    if (close < 0)
                    {
                        output.Append(Operator).Append(Opener);
                        break;
                    }

                    var name = input[(start + 1)..close];
                    output.Append(lookup(name) ?? $"$({name})");
                    advance = close - start + 1;
                    break;
                default:
                    output.Append(Operator).Append(input[start]);
                    break;
            }

            cursor += advance;
            checkpoint = cursor + 1;
        }

        output.Append(input, checkpoint, input.Length - checkpoint);
        return output.ToString();
    }
}
