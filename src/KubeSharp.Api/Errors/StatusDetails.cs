namespace KubeSharp.Api.Errors;

/// <summary>The details block of a Status: which object, and the field causes.</summary>
public sealed record StatusDetails(string? Name, string? Group, string? Kind, IReadOnlyList<StatusCause>? Causes = null, string? Uid = null);
