using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Events;

/// <summary>
/// Events, core/v1 and events.k8s.io/v1 (upstream's pkg/registry/core/event, which serves both):
/// the legacy checks for every event, the strict ones (and immutability) only through
/// events.k8s.io, the involvedObject/regarding field selectors, and kubectl's event table.
/// Field paths in errors use the internal (core) names for both APIs, as upstream's do.
/// </summary>
internal sealed class EventStrategy(bool eventsApi) : ResourceStrategy
{
    private const int ReportingInstanceLimit = 128;
    private const int ActionLimit = 128;
    private const int ReasonLimit = 128;
    private const int NoteLimit = 1024;

    private static readonly HashSet<string> CoreFields = new(StringComparer.Ordinal)
    {
        "metadata.name", "metadata.namespace", "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
        "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    };

    /// <summary>events.k8s.io's field labels, converted upstream to the core ones.</summary>
    private static readonly HashSet<string> EventsFields = new(StringComparer.Ordinal)
    {
        "metadata.name", "metadata.namespace", "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid",
        "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type",
    };

    private static readonly string[] ReferenceFields = ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"];

    public override TableDefinition Table => eventsApi ? EventTable.EventsDefinition : EventTable.CoreDefinition;

    public override IReadOnlySet<string> SelectableFields => eventsApi ? EventsFields : CoreFields;

    /// <summary>core/v1 events only need a valid path segment as name (no name rule in their validation); events.k8s.io a DNS subdomain.</summary>
    public override string? NameError(string name)
    {
        if (eventsApi)
        {
            return ObjectNames.Dns1123SubdomainError(name);
        }

        if (name is "." or "..")
        {
            return $"may not be '{name}'";
        }

        return name.Contains('/', StringComparison.Ordinal) ? "may not contain '/'" : name.Contains('%', StringComparison.Ordinal) ? "may not contain '%'" : null;
    }

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var fields = new EventFields(item, eventsApi);
        Legacy(errors, fields);
        if (!eventsApi)
        {
            return;
        }

        Series(errors, fields);
        if (fields.EventTime is null)
        {
            errors.Required("eventTime");
        }

        if (fields.Type is not ("Normal" or "Warning"))
        {
            errors.Invalid("type", string.Empty, $"has invalid value: {fields.Type}");
        }

        if (fields.FirstTimestamp is not null)
        {
            errors.Invalid("firstTimestamp", string.Empty, "needs to be unset");
        }

        if (fields.LastTimestamp is not null)
        {
            errors.Invalid("lastTimestamp", string.Empty, "needs to be unset");
        }

        if ((Number(fields.Count) ?? 0) != 0)
        {
            errors.Invalid("count", string.Empty, "needs to be unset");
        }

        if (!string.IsNullOrEmpty(Text(fields.Source["component"])) || !string.IsNullOrEmpty(Text(fields.Source["host"])))
        {
            errors.Invalid("source", string.Empty, "needs to be unset");
        }
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        var now = new EventFields(item, eventsApi);
        Legacy(errors, now);
        if (!eventsApi)
        {
            return;
        }

        var before = new EventFields(old, eventsApi);
        if (!JsonNode.DeepEquals(now.Series, before.Series))
        {
            Series(errors, now);
        }

        FieldRules.Immutable(errors, "involvedObject", now.InvolvedObjectNode, before.InvolvedObjectNode);
        FieldRules.Immutable(errors, "reason", now.ReasonNode, before.ReasonNode);
        FieldRules.Immutable(errors, "message", now.MessageNode, before.MessageNode);
        FieldRules.Immutable(errors, "source", now.SourceNode, before.SourceNode);
        FieldRules.Immutable(errors, "firstTimestamp", now.FirstTimestamp, before.FirstTimestamp);
        FieldRules.Immutable(errors, "lastTimestamp", now.LastTimestamp, before.LastTimestamp);
        FieldRules.Immutable(errors, "count", now.Count, before.Count);
        FieldRules.Immutable(errors, "reason", now.ReasonNode, before.ReasonNode);
        FieldRules.Immutable(errors, "type", now.TypeNode, before.TypeNode);
        FieldRules.Immutable(errors, "eventTime", now.EventTime, before.EventTime);
        FieldRules.Immutable(errors, "action", now.ActionNode, before.ActionNode);
        FieldRules.Immutable(errors, "related", now.Related, before.Related);
        FieldRules.Immutable(errors, "reportingController", now.ReportingControllerNode, before.ReportingControllerNode);
        FieldRules.Immutable(errors, "reportingInstance", now.ReportingInstanceNode, before.ReportingInstanceNode);
    }

    /// <summary>Upstream's ToSelectableFields: the involved object, reason, reporting component, source and type.</summary>
    public override Dictionary<string, string> Fields(JsonObject item)
    {
        var fields = new EventFields(item, eventsApi);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
            ["metadata.namespace"] = item.GetString("metadata.namespace") ?? string.Empty,
            ["reason"] = fields.Reason,
            ["type"] = fields.Type,
            [eventsApi ? "reportingController" : "reportingComponent"] = fields.ReportingController,
        };
        foreach (var field in ReferenceFields)
        {
            values[(eventsApi ? "regarding." : "involvedObject.") + field] = Text(fields.InvolvedObject[field]) ?? string.Empty;
        }

        if (!eventsApi)
        {
            values["source"] = fields.SourceComponent;
        }

        return values;
    }

    /// <summary>legacyValidateEvent: events without eventTime only need namespaces that agree; newer ones need their reporting fields.</summary>
    private void Legacy(FieldErrors errors, EventFields fields)
    {
        var involvedNamespace = Text(fields.InvolvedObject["namespace"]) ?? string.Empty;
        if (fields.EventTime is null)
        {
            var mismatch = involvedNamespace.Length == 0
                ? (fields.Namespace is not ("" or "default"))
                : fields.Namespace != involvedNamespace;
            if (mismatch)
            {
                errors.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace");
            }
        }
        else
        {
            if (involvedNamespace.Length == 0 && fields.Namespace is not ("default" or "kube-system"))
            {
                errors.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace");
            }

            // core/v1 names this field reportingComponent, and so do its errors.
            var controllerField = eventsApi ? "reportingController" : "reportingComponent";
            if (fields.ReportingController.Length == 0)
            {
                errors.Required(controllerField);
            }

            FieldRules.QualifiedName(errors, controllerField, fields.ReportingController);
            Limited(errors, "reportingInstance", fields.ReportingInstance, ReportingInstanceLimit, required: true);
            Limited(errors, "action", fields.Action, ActionLimit, required: true);
            Limited(errors, "reason", fields.Reason, ReasonLimit, required: true);
            Limited(errors, "message", fields.Message, NoteLimit, required: false);
        }

        if (ObjectNames.Dns1123SubdomainError(fields.Namespace) is { } problem)
        {
            errors.Invalid("namespace", fields.Namespace, problem);
        }
    }

    private static void Limited(FieldErrors errors, string field, string value, int limit, bool required)
    {
        if (required && value.Length == 0)
        {
            errors.Required(field);
        }

        if (Encoding.UTF8.GetByteCount(value) > limit)
        {
            errors.Invalid(field, string.Empty, $"can have at most {limit} characters");
        }
    }

    /// <summary>validateV1EventSeries.</summary>
    private static void Series(FieldErrors errors, EventFields fields)
    {
        if (fields.Series is not { } series)
        {
            return;
        }

        if ((Number(series["count"]) ?? 0) < 2)
        {
            errors.Invalid("series.count", string.Empty, "should be at least 2");
        }

        if (series["lastObservedTime"] is null)
        {
            errors.Required("series.lastObservedTime");
        }
    }
}
