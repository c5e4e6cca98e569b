using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Handlers;
using KubeSharp.ApiServer.Registry.Pods;
using KubeSharp.ApiServer.Registry.Rules;

namespace KubeSharp.ApiServer.Registry.Workloads;

/// <summary>
/// What upstream's apps and batch strategies share: a selector that must select the pod
/// template, and the template of pods that keep running.
/// </summary>
internal static class WorkloadRules
{
    public const string SelectorMismatch = "`selector` does not match template `labels`";

    /// <summary>PodSpec defaults for spec.template; upstream's template is a value, so it always exists.</summary>
    public static void DefaultTemplate(JsonObject item) => PodSpecRules.DefaultTemplate(item.Ensure("spec.template"));

    /// <summary>spec.selector is required, valid, and not empty ("empty selector is invalid for deployment").</summary>
    public static void RequireSelector(JsonObject item, string kind, FieldErrors errors)
    {
        var selector = item.GetObject("spec.selector");
        if (selector is null)
        {
            errors.Required("spec.selector");
            return;
        }

        LabelSelectors.Validate(selector, "spec.selector", errors);
        if (LabelSelectors.IsEmpty(selector))
        {
            GoValues.Invalid(errors, "spec.selector", GoValues.LabelSelector(selector), $"empty selector is invalid for {kind}");
        }
    }

    /// <summary>
    /// The selector (a missing one selects nothing, an empty one everything) must select the
    /// template's labels. False, with nothing reported, when the selector cannot be converted.
    /// </summary>
    public static bool SelectorMatchesTemplate(JsonObject item, string selectorPath, string templatePath, FieldErrors errors)
    {
        if (!LabelSelectors.TryConvert(item.GetObject(selectorPath), out var selector))
        {
            return false;
        }

        var labelsPath = templatePath + ".metadata.labels";
        if (!selector.Matches(item.GetStringMap(labelsPath)))
        {
            GoValues.Invalid(errors, labelsPath, GoValues.StringMap(item.GetObject(labelsPath)), SelectorMismatch);
        }

        return true;
    }

    /// <summary>ValidateDeploymentSpec/ValidateReplicaSetSpec's selector and template (the message says "deployment" for both, as upstream's).</summary>
    public static void ValidateReplicaSetSelectorAndTemplate(JsonObject item, FieldErrors errors)
    {
        RequireSelector(item, "deployment", errors);
        if (!SelectorMatchesTemplate(item, "spec.selector", "spec.template", errors))
        {
            GoValues.Invalid(errors, "spec.selector", GoValues.LabelSelector(item.GetObject("spec.selector")), "invalid label selector");
            return;
        }

        ValidateRunningTemplate(item, "ReplicaSet", errors);
    }

    /// <summary>The template of pods a controller keeps running: fully valid, restartPolicy Always, no deadline.</summary>
    public static void ValidateRunningTemplate(JsonObject item, string kind, FieldErrors errors)
    {
        var template = item.GetObject("spec.template") ?? new JsonObject();
        PodSpecRules.ValidateTemplate(template, "spec.template", errors);
        RequireRestartAlways(template, kind, errors);
    }

    public static void RequireRestartAlways(JsonObject template, string kind, FieldErrors errors)
    {
        var restartPolicy = template.GetString("spec.restartPolicy") ?? string.Empty;
        if (restartPolicy != "Always")
        {
            errors.NotSupported("spec.template.spec.restartPolicy", restartPolicy, ["Always"]);
        }

        if (template.Get("spec.activeDeadlineSeconds") is not null)
        {
            errors.Forbidden("spec.template.spec.activeDeadlineSeconds", $"activeDeadlineSeconds in {kind} is not Supported");
        }
    }

    /// <summary>A template's labels and annotations, which is all StatefulSets validate of their template.</summary>
    public static void ValidateTemplateMetadata(JsonObject? template, string path, FieldErrors errors)
    {
        var metadata = template?.GetObject("metadata") ?? new JsonObject();
        LabelSelectors.ValidateLabels(metadata.GetObject("labels"), path + ".labels", errors);
        var size = 0;
        foreach (var (key, value) in metadata.GetStringMap("annotations"))
        {
            if (ObjectNames.QualifiedNameError(key.ToLowerInvariant()) is { } problem)
            {
                errors.Invalid(path + ".annotations", key, problem);
            }

            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (size > ObjectMetaRules.TotalAnnotationSizeLimit)
        {
            errors.TooLong(path + ".annotations", ObjectMetaRules.TotalAnnotationSizeLimit);
        }
    }

    /// <summary>spec.selector may not change once set (upstream exempts only the long-gone beta versions).</summary>
    public static void SelectorImmutable(JsonObject item, JsonObject old, FieldErrors errors) =>
        ImmutableFields.Check(item, old, "spec.selector", errors, node => GoValues.LabelSelector(node as JsonObject));
}
