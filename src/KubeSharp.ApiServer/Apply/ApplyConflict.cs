using System.Net;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Apply;

/// <summary>Upstream's 409 for an apply that would change fields other managers own.</summary>
internal static class ApplyConflict
{
    public static ApiException Error(IReadOnlyList<(ManagedEntry Owner, string Path)> conflicts)
    {
        var causes = conflicts
            .Select(c => new StatusCause("FieldManagerConflict", $"conflict with {c.Owner.Describe()}", FieldSet.Describe(c.Path)))
            .ToList();
        string detail;
        if (conflicts.Count == 1)
        {
            detail = $"conflict with {conflicts[0].Owner.Describe()}: {FieldSet.Describe(conflicts[0].Path)}";
        }
        else
        {
            // Grouped by manager, one "- path" line per field, as structured-merge-diff words it.
            var groups = conflicts.GroupBy(c => c.Owner.Describe()).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            detail = "conflicts with" + string.Concat(groups.Select(g =>
                (groups.Count == 1 ? $" {g.Key}:" : $"\n{g.Key}:") + string.Concat(g.Select(c => "\n- " + FieldSet.Describe(c.Path)))));
        }

        var message = $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? string.Empty : "s")}: {detail}";
        return new ApiException(HttpStatusCode.Conflict, "Conflict", message, new StatusDetails(null, null, null, causes));
    }
}
