namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// The result of a plugin call: a code, the reasons shown to users (they are counted into the
/// "0/5 nodes are available: ..." message), and the plugin that failed.
/// </summary>
public sealed class Status
{
    public static readonly Status Success = new(Code.Success, []);

    public static readonly Status Skip = new(Code.Skip, []);

    public Status(Code code, IReadOnlyList<string> reasons, string? plugin = null)
    {
        Code = code;
        Reasons = reasons;
        Plugin = plugin;
    }

    public Code Code { get; }

    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The plugin that returned this status (set by the framework).</summary>
    public string? Plugin { get; }

    public bool IsSuccess => Code == Code.Success;

    public bool IsRejected => Code is Code.Unschedulable or Code.UnschedulableAndUnresolvable;

    public string Message => string.Join(", ", Reasons);

    public static Status Unschedulable(params string[] reasons) => new(Code.Unschedulable, reasons);

    public static Status Unresolvable(params string[] reasons) => new(Code.UnschedulableAndUnresolvable, reasons);

    public static Status Error(string reason) => new(Code.Error, [reason]);

    public Status WithPlugin(string plugin) => Plugin == plugin || IsSuccess ? this : new Status(Code, Reasons, plugin);

    public override string ToString() => $"{Code}: {Message}";
}
