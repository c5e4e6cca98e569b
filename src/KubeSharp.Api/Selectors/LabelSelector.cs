using k8s.Models;
using KubeSharp.Api.Errors;

namespace KubeSharp.Api.Selectors;

/// <summary>
/// A label selector, parsed from its string form (<c>a=b,c!=d,e in (x,y),f notin (z),g,!h</c>,
/// k8s.io/apimachinery/pkg/labels) or built from a metav1.LabelSelector. Requirements are ANDed.
/// </summary>
public sealed class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);

    /// <summary>matches nothing (a nil metav1.LabelSelector on a workload).</summary>
    public static readonly LabelSelector Nothing = new([]) { _matchesNothing = true };

    private bool _matchesNothing;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => Requirements = requirements;

    public IReadOnlyList<Requirement> Requirements { get; }

    public bool IsEverything => Requirements.Count == 0 && !_matchesNothing;

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        labels ??= EmptyLabels;

        // Indexed, not foreach: selectors are matched against every pod on every node by the scheduler.
        var requirements = Requirements;
        for (var i = 0; i < requirements.Count; i++)
        {
            if (!requirements[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="ApiException">400 when the text is not a valid selector.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new LabelSelector(new SelectorParser(text, labels: true).Parse());
    }

    /// <summary>metav1.LabelSelectorAsSelector: null matches nothing, empty matches everything.</summary>
    public static LabelSelector FromModel(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var requirements = new List<Requirement>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add(new Requirement(key, SelectorOperator.Equals, [value]));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var op = expression.OperatorProperty switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                _ => throw ApiErrors.BadRequest($"\"{expression.OperatorProperty}\" is not a valid label selector operator"),
            };
            requirements.Add(new Requirement(expression.Key, op, [.. expression.Values ?? []]));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>The selector matching what all of these match (their requirements ANDed).</summary>
    public static LabelSelector And(IEnumerable<LabelSelector> selectors)
    {
        var requirements = new List<Requirement>();
        foreach (var selector in selectors)
        {
            if (selector._matchesNothing)
            {
                return Nothing;
            }

            requirements.AddRange(selector.Requirements);
        }

        return requirements.Count == 0 ? Everything : new LabelSelector(requirements);
    }

    /// <summary>labels.SelectorFromSet: every label equal.</summary>
    public static LabelSelector FromSet(IDictionary<string, string> labels) =>
        labels.Count == 0 ? Everything : new LabelSelector([.. labels.Select(pair => new Requirement(pair.Key, SelectorOperator.Equals, [pair.Value]))]);

    public override string ToString() => string.Join(",", Requirements.Select(Format));

    private static string Format(Requirement r) => r.Operator switch
    {
        SelectorOperator.Equals => $"{r.Key}={r.Values[0]}",
        SelectorOperator.NotEquals => $"{r.Key}!={r.Values[0]}",
        SelectorOperator.In => $"{r.Key} in ({string.Join(",", r.Values)})",
        SelectorOperator.NotIn => $"{r.Key} notin ({string.Join(",", r.Values)})",
        SelectorOperator.Exists => r.Key,
        SelectorOperator.DoesNotExist => $"!{r.Key}",
        SelectorOperator.GreaterThan => $"{r.Key}>{r.Values[0]}",
        _ => $"{r.Key}<{r.Values[0]}",
    };

    private static readonly Dictionary<string, string> EmptyLabels = [];
}
