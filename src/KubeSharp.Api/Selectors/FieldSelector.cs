using KubeSharp.Api.Errors;

namespace KubeSharp.Api.Selectors;

/// <summary>A field selector (<c>metadata.name=x,spec.nodeName!=</c>); each resource says which fields it supports.</summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);

    private FieldSelector(IReadOnlyList<Requirement> requirements) => Requirements = requirements;

    public IReadOnlyList<Requirement> Requirements { get; }

    public bool IsEverything => Requirements.Count == 0;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new FieldSelector(new SelectorParser(text, labels: false).Parse());
    }

    /// <summary>Throws 400 for a field the resource cannot be selected by, as upstream does.</summary>
    public void EnsureSupported(IReadOnlySet<string> supported)
    {
        foreach (var requirement in Requirements)
        {
            if (!supported.Contains(requirement.Key))
            {
                throw ApiErrors.BadRequest($"field label not supported: {requirement.Key}");
            }
        }
    }

    /// <summary>The value the selector pins a field to with '=' (e.g. metadata.name for a single-object watch), if any.</summary>
    public string? RequiredValue(string field) =>
        Requirements.FirstOrDefault(r => r.Key == field && r.Operator == SelectorOperator.Equals)?.Values[0];

    public bool Matches(IReadOnlyDictionary<string, string> fields)
    {
        foreach (var requirement in Requirements)
        {
            var value = fields.TryGetValue(requirement.Key, out var found) ? found : string.Empty;
            var equal = value == requirement.Values[0];
            if (requirement.Operator == SelectorOperator.Equals ? !equal : equal)
            {
                return false;
            }
        }

        return true;
    }
}
