namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/batch/v1 generated.proto (v0.32): Job and CronJob.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class BatchV1Schema
{
    private static readonly MessageSchema PodFailurePolicyOnExitCodesRequirement = new MessageSchema("batch/v1.PodFailurePolicyOnExitCodesRequirement")
        .String(1, "containerName", keepZero: true)
        .String(2, "operator", keepZero: true)
        .Repeated(3, "values", ProtoKind.Int32);

    private static readonly MessageSchema PodFailurePolicyOnPodConditionsPattern = new MessageSchema("batch/v1.PodFailurePolicyOnPodConditionsPattern")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true);

    private static readonly MessageSchema PodFailurePolicyRule = new MessageSchema("batch/v1.PodFailurePolicyRule")
        .String(1, "action", keepZero: true)
        .Message(2, "onExitCodes", PodFailurePolicyOnExitCodesRequirement)
        .Messages(3, "onPodConditions", PodFailurePolicyOnPodConditionsPattern);

    private static readonly MessageSchema PodFailurePolicy = new MessageSchema("batch/v1.PodFailurePolicy")
        .Messages(1, "rules", PodFailurePolicyRule);

    private static readonly MessageSchema SuccessPolicyRule = new MessageSchema("batch/v1.SuccessPolicyRule")
        .String(1, "succeededIndexes", keepZero: true)
        .Int32(2, "succeededCount", keepZero: true);

    private static readonly MessageSchema SuccessPolicy = new MessageSchema("batch/v1.SuccessPolicy")
        .Messages(1, "rules", SuccessPolicyRule);

    private static readonly MessageSchema JobSpec = new MessageSchema("batch/v1.JobSpec")
        .Int32(1, "parallelism", keepZero: true)
        .Int32(2, "completions", keepZero: true)
        .Int64(3, "activeDeadlineSeconds", keepZero: true)
        .Message(11, "podFailurePolicy", PodFailurePolicy)
        .Message(16, "successPolicy", SuccessPolicy)
        .Int32(7, "backoffLimit", keepZero: true)
        .Int32(12, "backoffLimitPerIndex", keepZero: true)
        .Int32(13, "maxFailedIndexes", keepZero: true)
        .Message(4, "selector", MetaV1Schema.LabelSelector)
        .Bool(5, "manualSelector", keepZero: true)
        .Message(6, "template", CoreV1PodSchema.PodTemplateSpec)
        .Int32(8, "ttlSecondsAfterFinished", keepZero: true)
        .String(9, "completionMode", keepZero: true)
        .Bool(10, "suspend", keepZero: true)
        .String(14, "podReplacementPolicy", keepZero: true)
        .String(15, "managedBy", keepZero: true);

    private static readonly MessageSchema JobCondition = new MessageSchema("batch/v1.JobCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Time(3, "lastProbeTime")
        .Time(4, "lastTransitionTime")
        .String(5, "reason")
        .String(6, "message");

    private static readonly MessageSchema UncountedTerminatedPods = new MessageSchema("batch/v1.UncountedTerminatedPods")
        .Strings(1, "succeeded")
        .Strings(2, "failed");

    private static readonly MessageSchema JobStatus = new MessageSchema("batch/v1.JobStatus")
        .Messages(1, "conditions", JobCondition)
        .Time(2, "startTime")
        .Time(3, "completionTime")
        .Int32(4, "active")
        .Int32(5, "succeeded")
        .Int32(6, "failed")
        .Int32(11, "terminating", keepZero: true)
        .String(7, "completedIndexes")
        .String(10, "failedIndexes", keepZero: true)
        .Message(8, "uncountedTerminatedPods", UncountedTerminatedPods)
        .Int32(9, "ready", keepZero: true);

    internal static readonly MessageSchema Job = new MessageSchema("batch/v1.Job")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", JobSpec)
        .Message(3, "status", JobStatus);

    private static readonly MessageSchema JobTemplateSpec = new MessageSchema("batch/v1.JobTemplateSpec")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", JobSpec);

    private static readonly MessageSchema CronJobSpec = new MessageSchema("batch/v1.CronJobSpec")
        .String(1, "schedule", keepZero: true)
        .String(8, "timeZone", keepZero: true)
        .Int64(2, "startingDeadlineSeconds", keepZero: true)
        .String(3, "concurrencyPolicy")
        .Bool(4, "suspend", keepZero: true)
        .Message(5, "jobTemplate", JobTemplateSpec)
        .Int32(6, "successfulJobsHistoryLimit", keepZero: true)
        .Int32(7, "failedJobsHistoryLimit", keepZero: true);

    private static readonly MessageSchema CronJobStatus = new MessageSchema("batch/v1.CronJobStatus")
        .Messages(1, "active", CoreV1Schema.ObjectReference)
        .Time(4, "lastScheduleTime")
        .Time(5, "lastSuccessfulTime");

    internal static readonly MessageSchema CronJob = new MessageSchema("batch/v1.CronJob")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", CronJobSpec)
        .Message(3, "status", CronJobStatus);
}
