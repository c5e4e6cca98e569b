using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Registry;

/// <summary>metav1validation.ValidateLabelSelector: matchLabels as labels, matchExpressions' operators, keys and values.</summary>
internal static class LabelSelectorRules
{
    public static void Validate(FieldErrors errors, string field, JsonNode? selector)
    {
        if (selector is not JsonObject labelSelector)
        {
            return;
        }

        FieldRules.Labels(errors, field + ".matchLabels", labelSelector["matchLabels"]);
        var index = 0;
        foreach (var requirement in (labelSelector["matchExpressions"] as JsonArray).Objects())
        {
            var at = $"{field}.matchExpressions[{index++}]";
            var values = JsonValues.Texts(requirement["values"]);
            var op = JsonValues.Text(requirement["operator"]) ?? string.Empty;
            switch (op)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Required(at + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errors.Forbidden(at + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    }

                    break;
                default:
                    errors.Invalid(at + ".operator", op, "not a valid selector operator");
                    break;
            }

            FieldRules.QualifiedName(errors, at + ".key", JsonValues.Text(requirement["key"]) ?? string.Empty);
            for (var i = 0; i < values.Count; i++)
            {
                if (ObjectNames.LabelValueError(values[i]) is { } problem)
                {
                    errors.Invalid($"{at}.values[{i}]", values[i], problem);
                }
            }
        }
    }
}
