using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry.Rules;

/// <summary>Integer fields: reading them from JSON, and upstream's ValidateNonnegativeField.</summary>
internal static class NumberRules
{
    public const string IsNegative = "must be greater than or equal to 0";

    /// <summary>The field's integer value, or null when it is absent (or not an integer).</summary>
    public static long? Long(JsonNode? value) => JsonValues.Number(value);

    /// <summary>ValidateNonnegativeField; an absent field is Go's zero, which passes.</summary>
    public static void NonNegative(JsonNode? value, string path, FieldErrors errors)
    {
        if (Long(value) is { } number && number < 0)
        {
            errors.Invalid(path, number, IsNegative);
        }
    }
}
