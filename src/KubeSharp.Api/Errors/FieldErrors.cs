using System.Text.Json;

namespace KubeSharp.Api.Errors;

/// <summary>
/// k8s.io/apimachinery/pkg/util/validation/field: the causes a validation collects, formatted as
/// upstream's ErrorList is, e.g. <c>Invalid value: "Foo": a lowercase RFC 1123 ...</c>.
/// </summary>
public sealed class FieldErrors : List<StatusCause>
{
    public void Required(string field, string detail = "") =>
        Add(new StatusCause("FieldValueRequired", Join("Required value", detail), field));

    public void Invalid(string field, object? value, string detail) =>
        Add(new StatusCause("FieldValueInvalid", Join($"Invalid value: {Render(value)}", detail), field));

    public void Duplicate(string field, object? value) =>
        Add(new StatusCause("FieldValueDuplicate", $"Duplicate value: {Render(value)}", field));

    public void NotSupported(string field, object? value, IEnumerable<string> supported) =>
        Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}", field));

    public void Forbidden(string field, string detail) =>
        Add(new StatusCause("FieldValueForbidden", Join("Forbidden", detail), field));

    public void TooLong(string field, int maxLength) =>
        Add(new StatusCause("FieldValueTooLong", $"Too long: may not be more than {maxLength} bytes", field));

    public void TooMany(string field, int actual, int max) =>
        Add(new StatusCause("FieldValueTooMany", $"Too many: {actual}: must have at most {max} items", field));

    private static string Join(string head, string detail) => string.IsNullOrEmpty(detail) ? head : $"{head}: {detail}";

    /// <summary>Strings quoted, numbers and booleans bare, as Go's %#v of upstream's values.</summary>
    private static string Render(object? value) => value switch
    {
        null => "null",
        string text => JsonSerializer.Serialize(text),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value.ToString()),
    };
}
