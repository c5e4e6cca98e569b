namespace KubeSharp.Proxy;

/// <summary>Whole-table commands on an <see cref="INftRunner"/>.</summary>
internal static class NftTableCommands
{
    /// <summary>Deletes the table (on shutdown); a table that is not there is fine.</summary>
    /// <exception cref="InvalidOperationException">nft failed for another reason.</exception>
    public static async Task DeleteTableAsync(this INftRunner nft, string table, CancellationToken cancellationToken)
    {
        try
        {
            await nft.RunAsync($"delete table ip {table}\n", cancellationToken);
        }
        catch (InvalidOperationException error) when (error.Message.Contains("No such file", StringComparison.Ordinal))
        {
        }
    }
}
