namespace KubeSharp.Scheduler.Config;

/// <summary>The extension point names of a profile's <c>plugins</c> section (camelCase as in upstream's v1 config).</summary>
public static class ExtensionPoints
{
    public const string MultiPoint = "multiPoint";
    public const string PreEnqueue = "preEnqueue";
    public const string QueueSort = "queueSort";
    public const string PreFilter = "preFilter";
    public const string Filter = "filter";
    public const string PostFilter = "postFilter";
    public const string PreScore = "preScore";
    public const string Score = "score";
    public const string Reserve = "reserve";
    public const string Permit = "permit";
    public const string PreBind = "preBind";
    public const string Bind = "bind";
    public const string PostBind = "postBind";

    public static readonly IReadOnlyList<string> All =
        [MultiPoint, PreEnqueue, QueueSort, PreFilter, Filter, PostFilter, PreScore, Score, Reserve, Permit, PreBind, Bind, PostBind];
}
