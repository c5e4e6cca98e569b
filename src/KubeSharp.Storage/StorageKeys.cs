namespace KubeSharp.Storage;

/// <summary>
/// What a key may be: printable ASCII without spaces, starting with '/', at most
/// <see cref="MaxKeyLength"/> characters. Keys compare bytewise, as in etcd, so ASCII keeps
/// string order, UTF-8 order and SQLite's BINARY order the same.
/// </summary>
internal static class StorageKeys
{
    public const int MaxKeyLength = 2048;

    public static void ValidateKey(string key)
    {
        ValidateCommon(key);
        if (key.EndsWith('/'))
        {
            throw new InvalidKeyException(key, "a key must not end with '/'");
        }
    }

    public static void ValidatePrefix(string prefix) => ValidateCommon(prefix);

    public static void ValidateValue(string key, byte[] value, long limit)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.LongLength > limit)
        {
            throw new ValueTooLargeException(key, value.LongLength, limit);
        }
    }

    /// <summary>The smallest key greater than every key that starts with <paramref name="prefix"/>.</summary>
    public static string PrefixEnd(string prefix) =>
        string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());

    private static void ValidateCommon(string key)
    {
        if (key is null || key.Length == 0)
        {
            throw new InvalidKeyException(key ?? string.Empty, "a key must not be empty");
        }

        if (key.Length > MaxKeyLength)
        {
            throw new InvalidKeyException(key, $"a key must be at most {MaxKeyLength} characters");
        }

        if (key[0] != '/')
        {
            throw new InvalidKeyException(key, "a key must start with '/'");
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                throw new InvalidKeyException(key, "a key may hold only printable ASCII characters without spaces");
            }
        }

        if (key.Contains("//", StringComparison.Ordinal))
        {
            throw new InvalidKeyException(key, "a key must not contain an empty segment ('//')");
        }
    }
}
