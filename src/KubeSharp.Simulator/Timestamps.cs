namespace KubeSharp.Simulator;

/// <summary>metav1.Time has whole seconds on the wire (only MicroTime, e.g. a lease's renewTime, has more); the simulator writes them so.</summary>
internal static class Timestamps
{
    public static DateTime Seconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    /// <summary>A timestamp read from the API as a point in time (the client reads them as UTC).</summary>
    public static DateTimeOffset FromApi(DateTime time) =>
        time.Kind == DateTimeKind.Local ? new DateTimeOffset(time.ToUniversalTime()) : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
