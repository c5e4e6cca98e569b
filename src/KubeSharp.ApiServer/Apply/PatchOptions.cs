using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Handlers;

namespace KubeSharp.ApiServer.Apply;

/// <summary>Upstream's PatchOptions validation: fieldManager required for apply, force only for apply, manager names short and printable.</summary>
internal static class PatchOptions
{
    private const int MaxManagerLength = 128;

    public static void Validate(ApiRequest request, bool apply)
    {
        var causes = new List<StatusCause>();
        var manager = request.Query("fieldManager");
        if (!apply && request.Query("force") is not null)
        {
            causes.Add(new StatusCause("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force"));
        }

        if (apply && string.IsNullOrEmpty(manager))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value: is required for apply patch", "fieldManager"));
        }

        if (manager is { Length: > MaxManagerLength })
        {
            causes.Add(new StatusCause("FieldValueTooLong", $"Too long: may not be more than {MaxManagerLength} bytes", "fieldManager"));
        }
        else if (manager is not null && manager.Any(char.IsControl))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{manager}\": must only contain printable characters", "fieldManager"));
        }

        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid("meta.k8s.io", "PatchOptions", string.Empty, causes);
        }
    }
}
