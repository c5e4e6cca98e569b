namespace KubeSharp.Kubelet.Images;

/// <summary>
/// An image for <see cref="OciArchiveWriter"/>: its fully qualified name, the entries of its one
/// layer (parents before children) and the defaults of its OCI config.
/// </summary>
internal sealed record OciImageDefinition(string Name, IReadOnlyList<LayerEntry> Entries)
{
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = ["PATH=/bin:/usr/bin:/sbin:/usr/sbin"];

    public string WorkingDir { get; init; } = "/";
}
