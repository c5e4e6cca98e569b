using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Registry.Workloads;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.Jobs;

/// <summary>
/// batch/v1 Jobs (pkg/registry/batch/job): unless manualSelector is set, the selector and the
/// template's labels are generated from the Job's uid and name; most of the spec is fixed once created.
/// </summary>
internal sealed class JobStrategy : ResourceStrategy
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";

    /// <summary>The spec fields an update may not change (besides selector, completions and template, checked apart).</summary>
    private static readonly string[] ImmutableSpecFields = ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"];

    /// <summary>What a suspended Job that never started may change in its template.</summary>
    private static readonly string[] MutableSchedulingFields = ["metadata.labels", "metadata.annotations", "spec.nodeSelector", "spec.tolerations", "spec.schedulingGates", "spec.affinity.nodeAffinity"];

    private static readonly TableDefinition JobTable = new(
        [
            TableColumn.ForName(),
            new TableColumn("Status", "string", string.Empty, "Status of the job."),
            new TableColumn("Completions", "string", string.Empty, "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs."),
            new TableColumn("Duration", "string", string.Empty, "Time required to complete the job."),
            TableColumn.Age,
            WorkloadCells.Containers,
            WorkloadCells.Images,
            WorkloadCells.Selector("A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        ],
        (item, now) =>
        [
            item.GetString("metadata.name"),
            Status(item),
            Completions(item),
            Duration(item, now),
            TableDefinition.Age(item, now),
            WorkloadCells.ContainerNames(item, "spec.template.spec"),
            WorkloadCells.ContainerImages(item, "spec.template.spec"),
            WorkloadCells.FormatSelector(item.GetObject("spec.selector")),
        ]);

    public override bool TracksGeneration => true;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => JobTable;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "metadata.namespace", "status.successful" };

    public override Dictionary<string, string> Fields(JsonObject item)
    {
        var fields = base.Fields(item);
        fields["status.successful"] = WorkloadCells.Count(item, "status.succeeded").ToString(CultureInfo.InvariantCulture);
        return fields;
    }

    public override void Default(JsonObject item)
    {
        var spec = item.Ensure("spec");
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1L;
            spec["parallelism"] = 1L;
        }

        spec.Default("parallelism", 1L);
        spec.Default("backoffLimit", spec["backoffLimitPerIndex"] is null ? 6L : int.MaxValue);
        CopyTemplateLabels(item);
        spec.Default("completionMode", "NonIndexed");
        spec.Default("suspend", false);
        foreach (var rule in spec.GetArray("podFailurePolicy.rules").Objects())
        {
            foreach (var pattern in rule.GetArray("onPodConditions").Objects())
            {
                if (string.IsNullOrEmpty(pattern.GetString("status")))
                {
                    pattern["status"] = "True";
                }
            }
        }

        spec.Default("podReplacementPolicy", spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        spec.Default("manualSelector", false);
        WorkloadRules.DefaultTemplate(item);

        // Upstream generates these in PrepareForCreate and defaults again when the Job is read
        // back, so a Job without labels ends up with the generated ones; the uid is set by now.
        if (spec.GetBool("manualSelector") != true && item.GetString("metadata.uid") is { Length: > 0 } uid)
        {
            GenerateSelector(item, uid);
            CopyTemplateLabels(item);
        }
    }

    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject();

    public override void Validate(JsonObject item, FieldErrors errors) => ValidateJob(item, requirePrefixedLabels: true, errors);

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        // Jobs created before the prefixed labels existed are not required to have them.
        var oldLabels = old.GetObject("spec.template.metadata.labels");
        var hadPrefixedLabels = oldLabels is not null && oldLabels.ContainsKey(JobNameLabel) && oldLabels.ContainsKey(ControllerUidLabel);
        ValidateJob(item, hadPrefixedLabels, errors);
        ValidateCompletionsUpdate(item, old, errors);
        WorkloadRules.SelectorImmutable(item, old, errors);
        ValidateTemplateUpdate(item, old, errors);
        foreach (var field in ImmutableSpecFields)
        {
            ImmutableFields.Check(item, old, "spec." + field, errors);
        }
    }

    private static void ValidateJob(JsonObject item, bool requirePrefixedLabels, FieldErrors errors)
    {
        ValidateGeneratedSelector(item, requirePrefixedLabels, errors);
        var spec = item.GetObject("spec") ?? new JsonObject();
        JobSpecRules.Validate(spec, "spec", errors);
        if (spec.GetObject("selector") is { } selector)
        {
            LabelSelectors.Validate(selector, "spec.selector", errors);
        }
        else
        {
            errors.Required("spec.selector");
        }

        WorkloadRules.SelectorMatchesTemplate(item, "spec.selector", "spec.template", errors);

        // An indexed Job's pods are named (and hostnamed) <job>-<index>.
        if (spec.GetString("completionMode") == "Indexed" && NumberRules.Long(spec["completions"]) is { } completions && completions > 0)
        {
            var name = item.GetString("metadata.name") ?? string.Empty;
            var hostname = $"{name}-{completions - 1}";
            if (ObjectNames.Dns1123LabelError(hostname) is not null)
            {
                errors.Invalid("metadata.name", name, $"will not able to create pod with invalid DNS label: {hostname}");
            }
        }
    }

    /// <summary>validateGeneratedSelector: the generated labels are on the template and the selector selects them.</summary>
    private static void ValidateGeneratedSelector(JsonObject item, bool requirePrefixedLabels, FieldErrors errors)
    {
        var selector = item.GetObject("spec.selector");
        if (item.GetBool("spec.manualSelector") == true || selector is null)
        {
            return;
        }

        var uid = item.GetString("metadata.uid") ?? string.Empty;
        var name = item.GetString("metadata.name") ?? string.Empty;
        if (uid.Length == 0)
        {
            errors.Required("metadata.uid");
        }

        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LegacyControllerUidLabel] = uid,
            [LegacyJobNameLabel] = name,
        };
        if (requirePrefixedLabels)
        {
            expected[ControllerUidLabel] = uid;
            expected[JobNameLabel] = name;
        }

        var labels = item.GetObject("spec.template.metadata.labels");
        var actual = item.GetStringMap("spec.template.metadata.labels");
        foreach (var (key, value) in expected)
        {
            var path = $"spec.template.metadata.labels[{key}]";
            if (!actual.TryGetValue(key, out var found))
            {
                errors.Required(path, $"must be '{value}'");
            }
            else if (found != value)
            {
                GoValues.Invalid(errors, path, GoValues.StringMap(labels), $"must be '{value}'");
            }
        }

        if (LabelSelectors.TryConvert(selector, out var converted) && !converted.Matches(expected))
        {
            GoValues.Invalid(errors, "spec.selector", GoValues.LabelSelector(selector), "`selector` not auto-generated");
        }
    }

    /// <summary>Completions are fixed, except that an indexed Job may scale them together with parallelism.</summary>
    private static void ValidateCompletionsUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        if (item.GetString("spec.completionMode") != "Indexed")
        {
            ImmutableFields.Check(item, old, "spec.completions", errors);
            return;
        }

        var completions = NumberRules.Long(item.Get("spec.completions"));
        if (completions is not null && completions != NumberRules.Long(old.Get("spec.completions")) && completions != NumberRules.Long(item.Get("spec.parallelism")))
        {
            errors.Invalid("spec.completions", completions, "can only be modified in tandem with spec.parallelism");
        }
    }

    /// <summary>
    /// The template is fixed, except that a suspended Job that never started may change where
    /// its pods are scheduled (node affinity, node selector, tolerations, gates) and their labels and annotations.
    /// </summary>
    private static void ValidateTemplateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        var mutableScheduling = old.GetBool("spec.suspend") == true && old.Get("status.startTime") is null;
        var now = Comparable(item, mutableScheduling);
        if (!ImmutableFields.SemanticEquals(now, Comparable(old, mutableScheduling)))
        {
            GoValues.Invalid(errors, "spec.template", item.Get("spec.template")?.ToJsonString() ?? "\"null\"", ImmutableFields.Message);
        }
    }

    private static JsonObject Comparable(JsonObject item, bool withoutScheduling)
    {
        var template = (JsonObject?)item.Get("spec.template")?.DeepClone() ?? new JsonObject();
        if (withoutScheduling)
        {
            // An affinity left empty compares equal to none, as upstream clears it.
            foreach (var path in MutableSchedulingFields)
            {
                JsonPaths.Remove(template, path);
            }
        }

        return template;
    }

    /// <summary>A Job without labels takes its template's (SetDefaults_Job).</summary>
    private static void CopyTemplateLabels(JsonObject item)
    {
        if (item.GetObject("spec.template.metadata.labels") is { } labels && (item.GetObject("metadata.labels")?.Count ?? 0) == 0)
        {
            item.Ensure("metadata")["labels"] = labels.DeepClone();
        }
    }

    /// <summary>generateSelector: job-name and controller-uid labels (legacy and prefixed) on the template, the prefixed uid in the selector.</summary>
    private static void GenerateSelector(JsonObject item, string uid)
    {
        var name = item.GetString("metadata.name") ?? string.Empty;
        var labels = item.Ensure("spec.template.metadata.labels");
        foreach (var (key, value) in new[] { (LegacyJobNameLabel, name), (JobNameLabel, name), (LegacyControllerUidLabel, uid), (ControllerUidLabel, uid) })
        {
            // Labels the user set are kept; a conflict is then reported by validation.
            if (!labels.ContainsKey(key))
            {
                labels[key] = value;
            }
        }

        var matchLabels = item.Ensure("spec.selector.matchLabels");
        if (!matchLabels.ContainsKey(ControllerUidLabel))
        {
            matchLabels[ControllerUidLabel] = uid;
        }
    }

    /// <summary>printJob's status: the first condition of a type decides whether it holds.</summary>
    private static string Status(JsonObject item)
    {
        bool Has(string type) => item.GetArray("status.conditions").Objects().FirstOrDefault(c => c.GetString("type") == type)?.GetString("status") == "True";

        if (Has("Complete"))
        {
            return "Complete";
        }

        if (Has("Failed"))
        {
            return "Failed";
        }

        if (item.GetString("metadata.deletionTimestamp") is not null)
        {
            return "Terminating";
        }

        return Has("Suspended") ? "Suspended" : Has("FailureTarget") ? "FailureTarget" : "Running";
    }

    private static string Completions(JsonObject item)
    {
        var succeeded = WorkloadCells.Count(item, "status.succeeded");
        if (item.GetInt64("spec.completions") is { } completions)
        {
            return $"{succeeded}/{completions}";
        }

        var parallelism = WorkloadCells.Count(item, "spec.parallelism");
        return parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
    }

    private static string Duration(JsonObject item, DateTimeOffset now)
    {
        if (WorkloadCells.Time(item.GetString("status.startTime")) is not { } start)
        {
            return string.Empty;
        }

        var end = WorkloadCells.Time(item.GetString("status.completionTime")) ?? now;
        return HumanDuration.Format(end - start);
    }
}
