namespace KubeSharp.Storage;

/// <summary>A key or prefix the store does not accept; nothing was read or written.</summary>
public sealed class InvalidKeyException(string key, string reason)
    : StorageException($"invalid storage key \"{Printable(key)}\": {reason}")
{
    public string Key { get; } = key;

    private static string Printable(string key) =>
        key.Length > 80 ? string.Concat(Escape(key.AsSpan(0, 80)), "...") : Escape(key);

    private static string Escape(ReadOnlySpan<char> text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return builder.ToString();
    }
}
