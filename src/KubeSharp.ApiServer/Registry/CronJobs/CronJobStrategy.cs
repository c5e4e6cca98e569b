using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Jobs;
using KubeSharp.ApiServer.Registry.Pods;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.CronJobs;

/// <summary>
/// batch/v1 CronJobs (pkg/registry/batch/cronjob): a cron schedule and an optional IANA time
/// zone; the job template's selector is always generated, and names leave room for the
/// 11-character suffix of the Jobs they create.
/// </summary>
internal sealed class CronJobStrategy : ResourceStrategy
{
    private const int MaxNameLength = 63 - 11;

    private static readonly TableDefinition CronJobTable = new(
        [
            TableColumn.ForName(),
            new TableColumn("Schedule", "string", string.Empty, "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
            new TableColumn("Timezone", "string", string.Empty, "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process."),
            new TableColumn("Suspend", "boolean", string.Empty, "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."),
            new TableColumn("Active", "integer", string.Empty, "A list of pointers to currently running jobs."),
            new TableColumn("Last Schedule", "string", string.Empty, "Information when was the last time the job was successfully scheduled."),
            TableColumn.Age,
            WorkloadCells.Containers,
            WorkloadCells.Images,
            WorkloadCells.Selector("A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        ],
        (item, now) =>
        [
            item.GetString("metadata.name"),
            item.GetString("spec.schedule") ?? string.Empty,
            item.GetString("spec.timeZone") ?? "<none>",
            WorkloadCells.BoolPointer(item.GetBool("spec.suspend")),
            item.GetArray("status.active")?.Count ?? 0,
            item.GetString("status.lastScheduleTime") is { } last ? HumanDuration.Since(last, now) : "<none>",
            TableDefinition.Age(item, now),
            WorkloadCells.ContainerNames(item, "spec.jobTemplate.spec.template.spec"),
            WorkloadCells.ContainerImages(item, "spec.jobTemplate.spec.template.spec"),
            WorkloadCells.FormatSelector(item.GetObject("spec.jobTemplate.spec.selector")),
        ]);

    public override bool TracksGeneration => true;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => CronJobTable;

    /// <summary>SetDefaults_CronJob; Job defaults are not applied to the template, only PodSpec ones.</summary>
    public override void Default(JsonObject item)
    {
        var spec = item.Ensure("spec");
        if (string.IsNullOrEmpty(spec.GetString("concurrencyPolicy")))
        {
            spec["concurrencyPolicy"] = "Allow";
        }

        spec.Default("suspend", false);
        spec.Default("successfulJobsHistoryLimit", 3L);
        spec.Default("failedJobsHistoryLimit", 1L);
        PodSpecRules.DefaultTemplate(item.Ensure("spec.jobTemplate.spec.template"));

        // The job template's zero metav1.Time, which upstream prints as "creationTimestamp: null".
        var metadata = item.Ensure("spec.jobTemplate.metadata");
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }
    }

    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject();

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        ValidateSpec(item, null, errors);
        var name = item.GetString("metadata.name") ?? string.Empty;
        if (name.Length > MaxNameLength)
        {
            errors.Invalid("metadata.name", name, $"must be no more than {MaxNameLength} characters");
        }
    }

    /// <summary>As on create, but names already longer than Jobs allow stay valid (so they can be updated and deleted).</summary>
    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors) => ValidateSpec(item, old, errors);

    private static void ValidateSpec(JsonObject item, JsonObject? old, FieldErrors errors)
    {
        var spec = item.GetObject("spec") ?? new JsonObject();
        var schedule = spec.GetString("schedule") ?? string.Empty;
        if (schedule.Length == 0)
        {
            errors.Required("spec.schedule");
        }
        else
        {
            ValidateSchedule(schedule, old?.GetString("spec.schedule")?.Contains("TZ", StringComparison.Ordinal) == true, spec["timeZone"] is not null, errors);
        }

        NumberRules.NonNegative(spec["startingDeadlineSeconds"], "spec.startingDeadlineSeconds", errors);
        if (old is null || !ImmutableFields.SemanticEquals(spec["timeZone"], old.Get("spec.timeZone")))
        {
            ValidateTimeZone(spec, errors);
        }

        var concurrencyPolicy = spec.GetString("concurrencyPolicy") ?? string.Empty;
        if (concurrencyPolicy.Length == 0)
        {
            errors.Required("spec.concurrencyPolicy");
        }
        else if (concurrencyPolicy is not ("Allow" or "Forbid" or "Replace"))
        {
            errors.NotSupported("spec.concurrencyPolicy", concurrencyPolicy, ["Allow", "Forbid", "Replace"]);
        }

        var jobSpec = spec.GetObject("jobTemplate.spec") ?? new JsonObject();
        JobSpecRules.Validate(jobSpec, "spec.jobTemplate.spec", errors);
        if (jobSpec.GetObject("selector") is { } selector)
        {
            GoValues.Invalid(errors, "spec.jobTemplate.spec.selector", GoValues.LabelSelector(selector), "`selector` will be auto-generated");
        }

        if (jobSpec.GetBool("manualSelector") == true)
        {
            errors.NotSupported("spec.jobTemplate.spec.manualSelector", true, ["nil", "false"]);
        }

        NumberRules.NonNegative(spec["successfulJobsHistoryLimit"], "spec.successfulJobsHistoryLimit", errors);
        NumberRules.NonNegative(spec["failedJobsHistoryLimit"], "spec.failedJobsHistoryLimit", errors);
    }

    /// <summary>The schedule parses; a time zone belongs in spec.timeZone (a TZ= prefix is only kept on CronJobs that already had one).</summary>
    private static void ValidateSchedule(string schedule, bool allowTimeZoneInSchedule, bool hasTimeZone, FieldErrors errors)
    {
        if (CronSchedule.Error(schedule) is { } problem)
        {
            errors.Invalid("spec.schedule", schedule, problem);
        }

        var scheduleHasTimeZone = schedule.Contains("TZ", StringComparison.Ordinal);
        if (allowTimeZoneInSchedule && scheduleHasTimeZone && hasTimeZone)
        {
            errors.Invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
        }
        else if (!allowTimeZoneInSchedule && scheduleHasTimeZone)
        {
            errors.Invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        }
    }

    /// <summary>validateTimeZone: an explicit IANA zone name, if any.</summary>
    private static void ValidateTimeZone(JsonObject spec, FieldErrors errors)
    {
        if (spec.GetString("timeZone") is not { } timeZone)
        {
            return;
        }

        if (timeZone.Length == 0)
        {
            errors.Invalid("spec.timeZone", timeZone, "timeZone must be nil or non-empty string");
            return;
        }

        if (!CronSchedule.IsWellFormedTimeZone(timeZone))
        {
            errors.Invalid("spec.timeZone", timeZone, $"unknown time zone {timeZone}");
            return;
        }

        if (string.Equals(timeZone, "Local", StringComparison.OrdinalIgnoreCase))
        {
            errors.Invalid("spec.timeZone", timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
        }

        if (!CronSchedule.IsKnownTimeZone(timeZone))
        {
            errors.Invalid("spec.timeZone", timeZone, $"unknown time zone {timeZone}");
        }
    }
}
