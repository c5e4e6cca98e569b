namespace KubeSharp.Dns.Server;

/// <summary>What to do with a query: send the reply of <see cref="Length"/> bytes, send nothing (length 0), or forward it.</summary>
internal readonly record struct HandlerResult(int Length, bool Forward)
{
    public static readonly HandlerResult None = default;

    public static readonly HandlerResult Forwarded = new(0, true);
}
