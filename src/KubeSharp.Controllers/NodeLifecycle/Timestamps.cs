namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>Timestamps between the API and the controller's clock.</summary>
internal static class Timestamps
{
    /// <summary>API timestamps are UTC; a DateTime that lost its kind is read as UTC, not as local time.</summary>
    public static DateTimeOffset Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Unspecified => new DateTimeOffset(value, TimeSpan.Zero),
        _ => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
    };

    /// <summary>metav1.Time carries whole seconds on the wire, so the controller writes them so.</summary>
    public static DateTime Seconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
