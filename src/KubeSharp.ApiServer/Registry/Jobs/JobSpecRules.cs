using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Pods;
using KubeSharp.ApiServer.Registry.Rules;

namespace KubeSharp.ApiServer.Registry.Jobs;

/// <summary>
/// Upstream's validateJobSpec: what a Job's spec and a CronJob's job template must both satisfy
/// (counts, completion mode, failure and success policies, a pod template that does not restart forever).
/// </summary>
internal static class JobSpecRules
{
    private const long MaxParallelismForIndexedJob = 100_000;
    private const long MaxFailedIndexesForIndexedJob = 100_000;
    private const long CompletionsSoftLimit = 100_000;
    private const long ParallelismLimitForHighCompletions = 10_000;
    private const long MaxFailedIndexesLimitForHighCompletions = 10_000;
    private const int MaxManagedByLength = 63;
    private const int MaxPodFailurePolicyRules = 20;
    private const int MaxOnPodConditionsPatterns = 20;
    private const int MaxOnExitCodesValues = 255;
    private const int MaxSuccessPolicyRules = 20;

    private static readonly string[] NonNegativeFields = ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"];
    private static readonly string[] PodFailurePolicyActions = ["Count", "FailIndex", "FailJob", "Ignore"];
    private static readonly string[] ExitCodeOperators = ["In", "NotIn"];
    private static readonly string[] ConditionStatuses = ["False", "True", "Unknown"];

    /// <param name="spec">The JobSpec (spec, or spec.jobTemplate.spec).</param>
    /// <param name="path">Where it is, for the causes.</param>
    public static void Validate(JsonObject spec, string path, FieldErrors errors)
    {
        foreach (var field in NonNegativeFields)
        {
            NumberRules.NonNegative(spec[field], $"{path}.{field}", errors);
        }

        if (spec["maxFailedIndexes"] is not null && spec["backoffLimitPerIndex"] is null)
        {
            errors.Required($"{path}.backoffLimitPerIndex", "when maxFailedIndexes is specified");
        }

        if (spec.GetString("managedBy") is { } managedBy)
        {
            FormatRules.ValidateDomainPrefixedPath(managedBy, $"{path}.managedBy", errors);
            if (managedBy.Length > MaxManagedByLength)
            {
                errors.TooLong($"{path}.managedBy", MaxManagedByLength);
            }
        }

        ValidateCompletionMode(spec, path, errors);
        if (spec.GetObject("podFailurePolicy") is { } podFailurePolicy)
        {
            ValidatePodFailurePolicy(spec, podFailurePolicy, $"{path}.podFailurePolicy", errors);
        }

        if (spec.GetObject("successPolicy") is { } successPolicy)
        {
            ValidateSuccessPolicy(spec, successPolicy, $"{path}.successPolicy", errors);
        }

        ValidatePodReplacementPolicy(spec, $"{path}.podReplacementPolicy", errors);
        var template = spec.GetObject("template") ?? new JsonObject();
        PodSpecRules.ValidateTemplate(template, $"{path}.template", errors);
        ValidateRestartPolicy(spec, template.GetString("spec.restartPolicy") ?? string.Empty, $"{path}.template.spec.restartPolicy", errors);
    }

    private static void ValidateCompletionMode(JsonObject spec, string path, FieldErrors errors)
    {
        var mode = spec.GetString("completionMode");
        var completions = NumberRules.Long(spec["completions"]);
        var parallelism = NumberRules.Long(spec["parallelism"]);
        var maxFailedIndexes = NumberRules.Long(spec["maxFailedIndexes"]);
        if (mode is not null and not ("NonIndexed" or "Indexed"))
        {
            errors.NotSupported($"{path}.completionMode", mode, ["NonIndexed", "Indexed"]);
        }

        if (mode == "Indexed")
        {
            if (completions is null)
            {
                errors.Required($"{path}.completions", "when completion mode is Indexed");
            }

            if (parallelism > MaxParallelismForIndexedJob)
            {
                errors.Invalid($"{path}.parallelism", parallelism, $"must be less than or equal to {MaxParallelismForIndexedJob} when completion mode is Indexed");
            }

            if (maxFailedIndexes > completions)
            {
                errors.Invalid($"{path}.maxFailedIndexes", maxFailedIndexes, "must be less than or equal to completions");
            }

            if (maxFailedIndexes > MaxFailedIndexesForIndexedJob)
            {
                errors.Invalid($"{path}.maxFailedIndexes", maxFailedIndexes, $"must be less than or equal to {MaxFailedIndexesForIndexedJob}");
            }

            if (completions > CompletionsSoftLimit && spec["backoffLimitPerIndex"] is not null)
            {
                var detail = $"must be less than or equal to {ParallelismLimitForHighCompletions} when completions are above {CompletionsSoftLimit} and used with backoff limit per index";
                if (maxFailedIndexes is null)
                {
                    errors.Required($"{path}.maxFailedIndexes", $"must be specified when completions is above {CompletionsSoftLimit}");
                }

                if (parallelism > ParallelismLimitForHighCompletions)
                {
                    errors.Invalid($"{path}.parallelism", parallelism, detail);
                }

                if (maxFailedIndexes > MaxFailedIndexesLimitForHighCompletions)
                {
                    errors.Invalid($"{path}.maxFailedIndexes", maxFailedIndexes, detail);
                }
            }
        }

        if (mode is null or "NonIndexed")
        {
            foreach (var field in new[] { "backoffLimitPerIndex", "maxFailedIndexes" })
            {
                if (NumberRules.Long(spec[field]) is { } value)
                {
                    errors.Invalid($"{path}.{field}", value, "requires indexed completion mode");
                }
            }
        }
    }

    private static void ValidatePodFailurePolicy(JsonObject spec, JsonObject policy, string path, FieldErrors errors)
    {
        var rules = policy.GetArray("rules") ?? [];
        if (rules.Count > MaxPodFailurePolicyRules)
        {
            errors.TooMany($"{path}.rules", rules.Count, MaxPodFailurePolicyRules);
        }

        var containerNames = spec.GetArray("template.spec.containers").Objects()
            .Concat(spec.GetArray("template.spec.initContainers").Objects())
            .Select(c => c.GetString("name"))
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is JsonObject rule)
            {
                ValidatePodFailurePolicyRule(spec, rule, containerNames, $"{path}.rules[{i}]", errors);
            }
        }
    }

    private static void ValidatePodFailurePolicyRule(JsonObject spec, JsonObject rule, HashSet<string?> containerNames, string path, FieldErrors errors)
    {
        var action = rule.GetString("action") ?? string.Empty;
        if (action.Length == 0)
        {
            errors.Required($"{path}.action", $"valid values: {GoList(PodFailurePolicyActions)}");
        }
        else if (action == "FailIndex")
        {
            if (spec["backoffLimitPerIndex"] is null)
            {
                errors.Invalid($"{path}.action", action, "requires the backoffLimitPerIndex to be set");
            }
        }
        else if (!PodFailurePolicyActions.Contains(action))
        {
            errors.NotSupported($"{path}.action", action, PodFailurePolicyActions);
        }

        var onExitCodes = rule.GetObject("onExitCodes");
        if (onExitCodes is not null)
        {
            ValidateOnExitCodes(onExitCodes, containerNames, $"{path}.onExitCodes", errors);
        }

        var onPodConditions = rule.GetArray("onPodConditions") ?? [];
        if (onPodConditions.Count > 0)
        {
            ValidateOnPodConditions(onPodConditions, $"{path}.onPodConditions", errors);
        }

        if (onExitCodes is not null && onPodConditions.Count > 0)
        {
            GoValues.InvalidWithoutValue(errors, path, "specifying both OnExitCodes and OnPodConditions is not supported");
        }

        if (onExitCodes is null && onPodConditions.Count == 0)
        {
            GoValues.InvalidWithoutValue(errors, path, "specifying one of OnExitCodes and OnPodConditions is required");
        }
    }

    private static void ValidateOnExitCodes(JsonObject onExitCodes, HashSet<string?> containerNames, string path, FieldErrors errors)
    {
        var op = onExitCodes.GetString("operator") ?? string.Empty;
        if (op.Length == 0)
        {
            errors.Required($"{path}.operator", $"valid values: {GoList(ExitCodeOperators)}");
        }
        else if (!ExitCodeOperators.Contains(op))
        {
            errors.NotSupported($"{path}.operator", op, ExitCodeOperators);
        }

        if (onExitCodes.GetString("containerName") is { } containerName && !containerNames.Contains(containerName))
        {
            errors.Invalid($"{path}.containerName", containerName, "must be one of the container or initContainer names in the pod template");
        }

        var values = onExitCodes.GetArray("values");
        var codes = values?.Select(NumberRules.Long).ToList() ?? [];
        var rendered = values is null ? "[]int32(nil)" : $"[]int32{{{string.Join(", ", codes)}}}";
        if (codes.Count == 0)
        {
            GoValues.Invalid(errors, $"{path}.values", rendered, "at least one value is required");
        }
        else if (codes.Count > MaxOnExitCodesValues)
        {
            errors.TooMany($"{path}.values", codes.Count, MaxOnExitCodesValues);
        }

        var seen = new HashSet<long?>();
        var ordered = true;
        for (var j = 0; j < codes.Count; j++)
        {
            if (op == "In" && codes[j] == 0)
            {
                errors.Invalid($"{path}.values[{j}]", 0L, "must not be 0 for the In operator");
            }

            if (!seen.Add(codes[j]))
            {
                errors.Duplicate($"{path}.values[{j}]", codes[j]);
            }

            if (j > 0 && codes[j - 1] > codes[j])
            {
                ordered = false;
            }
        }

        if (!ordered)
        {
            GoValues.Invalid(errors, $"{path}.values", rendered, "must be ordered");
        }
    }

    private static void ValidateOnPodConditions(JsonArray patterns, string path, FieldErrors errors)
    {
        if (patterns.Count > MaxOnPodConditionsPatterns)
        {
            errors.TooMany(path, patterns.Count, MaxOnPodConditionsPatterns);
        }

        for (var j = 0; j < patterns.Count; j++)
        {
            var pattern = patterns[j] as JsonObject ?? new JsonObject();
            var type = pattern.GetString("type") ?? string.Empty;
            if (ObjectNames.QualifiedNameError(type) is { } problem)
            {
                errors.Invalid($"{path}[{j}].type", type, problem);
            }

            var status = pattern.GetString("status") ?? string.Empty;
            if (status.Length == 0)
            {
                errors.Required($"{path}[{j}].status", $"valid values: {GoList(ConditionStatuses)}");
            }
            else if (!ConditionStatuses.Contains(status))
            {
                errors.NotSupported($"{path}[{j}].status", status, ConditionStatuses);
            }
        }
    }

    /// <summary>validateSuccessPolicy, without parsing succeededIndexes.</summary>
    private static void ValidateSuccessPolicy(JsonObject spec, JsonObject policy, string path, FieldErrors errors)
    {
        if (spec.GetString("completionMode") != "Indexed")
        {
            GoValues.Invalid(errors, path, policy.ToJsonString(), "requires indexed completion mode");
        }

        var rules = policy.GetArray("rules") ?? [];
        if (rules.Count == 0)
        {
            errors.Required($"{path}.rules", "at least one rules must be specified when the successPolicy is specified");
        }

        if (rules.Count > MaxSuccessPolicyRules)
        {
            errors.TooMany($"{path}.rules", rules.Count, MaxSuccessPolicyRules);
        }

        var completions = NumberRules.Long(spec["completions"]);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] as JsonObject ?? new JsonObject();
            var count = NumberRules.Long(rule["succeededCount"]);
            if (count is null && rule["succeededIndexes"] is null)
            {
                errors.Required($"{path}.rules[{i}]", "at least one of succeededCount or succeededIndexes must be specified");
            }

            if (count is { } succeeded)
            {
                NumberRules.NonNegative(rule["succeededCount"], $"{path}.rules[{i}].succeededCount", errors);
                if (succeeded > completions)
                {
                    errors.Invalid($"{path}.rules[{i}].succeededCount", succeeded, $"must be less than or equal to {completions} (the number of specified completions)");
                }
            }
        }
    }

    private static void ValidatePodReplacementPolicy(JsonObject spec, string path, FieldErrors errors)
    {
        if (spec.GetString("podReplacementPolicy") is not { } policy)
        {
            return;
        }

        if (spec["podFailurePolicy"] is not null)
        {
            if (policy != "Failed")
            {
                errors.NotSupported(path, policy, ["Failed"]);
            }
        }
        else if (policy is not ("Failed" or "TerminatingOrFailed"))
        {
            errors.NotSupported(path, policy, ["Failed", "TerminatingOrFailed"]);
        }
    }

    /// <summary>Job pods run to completion: OnFailure or Never (the PodSpec default Always is reported as missing).</summary>
    private static void ValidateRestartPolicy(JsonObject spec, string restartPolicy, string path, FieldErrors errors)
    {
        if (restartPolicy is "Always" or "")
        {
            errors.Required(path, "valid values: \"OnFailure\", \"Never\"");
        }
        else if (restartPolicy is not ("OnFailure" or "Never"))
        {
            errors.NotSupported(path, restartPolicy, ["OnFailure", "Never"]);
        }
        else if (spec["podFailurePolicy"] is not null && restartPolicy != "Never")
        {
            errors.Invalid(path, restartPolicy, "only \"Never\" is supported when podFailurePolicy is specified");
        }
    }

    /// <summary>Go's %q of a []string: ["a" "b"].</summary>
    private static string GoList(string[] values) => $"[{string.Join(" ", values.Select(GoValues.Quote))}]";
}
