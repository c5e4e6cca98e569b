using System.Globalization;
using k8s.Models;
using KubeSharp.Api;

namespace KubeSharp.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// A parsed node selector term (component-helpers' nodeSelectorTerm): matchExpressions on labels and
/// matchFields on metadata.name, all ANDed. A term with invalid requirements matches no node; its
/// problems are kept in <see cref="Errors"/>.
/// </summary>
internal sealed class NodeSelectorTermMatcher
{
    public const string NodeNameField = "metadata.name";

    private readonly List<LabelRequirement>? _labels;
    private readonly List<FieldRequirement>? _fields;

    public NodeSelectorTermMatcher(V1NodeSelectorTerm term, string path)
    {
        if (term.MatchExpressions is { Count: > 0 } expressions)
        {
            _labels = [];
            for (var i = 0; i < expressions.Count; i++)
            {
                if (ParseLabelRequirement(expressions[i], $"{path}.matchExpressions[{i}]", Errors) is { } requirement)
                {
                    _labels.Add(requirement);
                }
            }
        }

        if (term.MatchFields is { Count: > 0 } fields)
        {
            _fields = [];
            for (var i = 0; i < fields.Count; i++)
            {
                if (ParseFieldRequirement(fields[i], $"{path}.matchFields[{i}]", Errors) is { } requirement)
                {
                    _fields.Add(requirement);
                }
            }
        }
    }

    public List<string> Errors { get; } = [];

    /// <summary>A term without requirements selects nothing; selectors leave such terms out.</summary>
    public static bool IsEmpty(V1NodeSelectorTerm? term) =>
        term is null || ((term.MatchExpressions?.Count ?? 0) == 0 && (term.MatchFields?.Count ?? 0) == 0);

    public bool Matches(V1Node node)
    {
        if (Errors.Count > 0)
        {
            return false;
        }

        if (_labels is not null)
        {
            var labels = node.Metadata?.Labels;
            foreach (var requirement in _labels)
            {
                if (!requirement.Matches(labels))
                {
                    return false;
                }
            }
        }

        // Only metadata.name is a node field; a node without a name has no fields to check.
        var name = node.Metadata?.Name;
        if (_fields is not null && !string.IsNullOrEmpty(name))
        {
            foreach (var requirement in _fields)
            {
                var value = requirement.Key == NodeNameField ? name : string.Empty;
                if ((value == requirement.Value) != requirement.Equal)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>labels.NewRequirement's checks: a qualified key, values valid for the operator.</summary>
    private static LabelRequirement? ParseLabelRequirement(V1NodeSelectorRequirement expression, string path, List<string> errors)
    {
        var count = errors.Count;
        var key = expression.Key ?? string.Empty;
        var values = expression.Values ?? [];
        if (ObjectNames.QualifiedNameError(key) is { } keyProblem)
        {
            errors.Add($"{path}.key: Invalid value: \"{key}\": {keyProblem}");
        }

        long number = 0;
        switch (expression.OperatorProperty)
        {
            case "In" or "NotIn":
                if (values.Count == 0)
                {
                    errors.Add($"{path}.values: Invalid value: for 'in', 'notin' operators, values set can't be empty");
                }

                break;
            case "Exists" or "DoesNotExist":
                if (values.Count != 0)
                {
                    errors.Add($"{path}.values: Invalid value: values set must be empty for exists and does not exist");
                }

                break;
            case "Gt" or "Lt":
                if (values.Count != 1)
                {
                    errors.Add($"{path}.values: Invalid value: for 'Gt', 'Lt' operators, exactly one value is required");
                }
                else if (!TryParseInteger(values[0], out number))
                {
                    errors.Add($"{path}.values[0]: Invalid value: \"{values[0]}\": for 'Gt', 'Lt' operators, the value must be an integer");
                }

                break;
            default:
                errors.Add($"{path}.operator: Unsupported value: \"{expression.OperatorProperty}\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\"");
                break;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (ObjectNames.LabelValueError(values[i] ?? string.Empty) is { } valueProblem)
            {
                errors.Add($"{path}.values[{i}]: Invalid value: \"{values[i]}\": {valueProblem}");
            }
        }

        return errors.Count == count ? new LabelRequirement(key, expression.OperatorProperty!, [.. values], number) : null;
    }

    /// <summary>Field requirements allow In and NotIn with exactly one value.</summary>
    private static FieldRequirement? ParseFieldRequirement(V1NodeSelectorRequirement expression, string path, List<string> errors)
    {
        var values = expression.Values ?? [];
        if (expression.OperatorProperty is not ("In" or "NotIn"))
        {
            errors.Add($"{path}.operator: Unsupported value: \"{expression.OperatorProperty}\": supported values: \"In\", \"NotIn\"");
            return null;
        }

        if (values.Count != 1)
        {
            errors.Add($"{path}.values: Invalid value: must have one element");
            return null;
        }

        return new FieldRequirement(expression.Key ?? string.Empty, values[0] ?? string.Empty, Equal: expression.OperatorProperty == "In");
    }

    /// <summary>strconv.ParseInt(s, 10, 64): an optional sign and decimal digits.</summary>
    private static bool TryParseInteger(string? text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values, long Number)
    {
        public bool Matches(IDictionary<string, string>? labels)
        {
            string? value = null;
            var present = labels is not null && labels.TryGetValue(Key, out value);
            return Operator switch
            {
                "In" => present && Values.Contains(value!),
                "NotIn" => !present || !Values.Contains(value!),
                "Exists" => present,
                "DoesNotExist" => !present,
                "Gt" => present && TryParseInteger(value, out var greater) && greater > Number,
                "Lt" => present && TryParseInteger(value, out var less) && less < Number,
                _ => false,
            };
        }
    }

    private sealed record FieldRequirement(string Key, string Value, bool Equal);
}
