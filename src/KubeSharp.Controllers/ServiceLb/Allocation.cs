namespace KubeSharp.Controllers.ServiceLb;

/// <summary>What a Service got from the pool: an address, or why it got none.</summary>
internal sealed record Allocation(uint? Address, string? Failure)
{
    public static Allocation Assigned(uint address) => new(address, null);

    public static Allocation Failed(string reason) => new(null, reason);
}
