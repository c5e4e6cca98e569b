using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.Rbac;

/// <summary>What roles and bindings share (pkg/apis/rbac/validation): names that need only be URL path segments, policy rules, role references and subjects.</summary>
internal static class RbacRules
{
    public const string GroupName = "rbac.authorization.k8s.io";

    private static readonly string[] SubjectKinds = ["ServiceAccount", "User", "Group"];

    /// <summary>minimalNameRequirements: RBAC names may be anything a path segment can hold (e.g. "system:node").</summary>
    public static string? NameError(string name) => FormatRules.PathSegmentNameErrors(name).FirstOrDefault();

    /// <summary>validatePolicyRule for each of the role's rules; namespaced roles cannot grant non-resource URLs.</summary>
    public static void ValidateRules(JsonObject item, bool namespaced, FieldErrors errors)
    {
        var rules = item.GetArray("rules");
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            ValidatePolicyRule(rules![i] as JsonObject ?? new JsonObject(), namespaced, $"rules[{i}]", errors);
        }
    }

    /// <summary>SetDefaults_RoleBinding/ClusterRoleBinding and SetDefaults_Subject: the RBAC group where it goes without saying.</summary>
    public static void DefaultBinding(JsonObject item)
    {
        var roleRef = item.Ensure("roleRef");
        if (string.IsNullOrEmpty(roleRef.GetString("apiGroup")))
        {
            roleRef["apiGroup"] = GroupName;
        }

        foreach (var subject in item.GetArray("subjects").Objects())
        {
            if (string.IsNullOrEmpty(subject.GetString("apiGroup")) && subject.GetString("kind") is "User" or "Group")
            {
                subject["apiGroup"] = GroupName;
            }
        }
    }

    /// <summary>ValidateRoleBinding/ValidateClusterRoleBinding: the role reference and the subjects.</summary>
    public static void ValidateBinding(JsonObject item, bool namespaced, string[] roleKinds, FieldErrors errors)
    {
        var apiGroup = item.GetString("roleRef.apiGroup") ?? string.Empty;
        if (apiGroup != GroupName)
        {
            errors.NotSupported("roleRef.apiGroup", apiGroup, [GroupName]);
        }

        var kind = item.GetString("roleRef.kind") ?? string.Empty;
        if (!roleKinds.Contains(kind))
        {
            errors.NotSupported("roleRef.kind", kind, roleKinds);
        }

        var name = item.GetString("roleRef.name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Required("roleRef.name");
        }

        foreach (var problem in FormatRules.PathSegmentNameErrors(name))
        {
            errors.Invalid("roleRef.name", name, problem);
        }

        var subjects = item.GetArray("subjects");
        for (var i = 0; i < (subjects?.Count ?? 0); i++)
        {
            ValidateSubject(subjects![i] as JsonObject ?? new JsonObject(), namespaced, $"subjects[{i}]", errors);
        }
    }

    /// <summary>A binding's roleRef is fixed: rebinding means deleting and creating it again.</summary>
    public static void RoleRefImmutable(JsonObject item, JsonObject old, FieldErrors errors)
    {
        string[] fields = ["roleRef.apiGroup", "roleRef.kind", "roleRef.name"];
        if (fields.Any(f => item.GetString(f) != old.GetString(f)))
        {
            var rendered = $"rbac.RoleRef{{APIGroup:{GoValues.Quote(item.GetString(fields[0]) ?? string.Empty)}, Kind:{GoValues.Quote(item.GetString(fields[1]) ?? string.Empty)}, Name:{GoValues.Quote(item.GetString(fields[2]) ?? string.Empty)}}}";
            GoValues.Invalid(errors, "roleRef", rendered, "cannot change roleRef");
        }
    }

    /// <summary>printRoleBinding/printClusterRoleBinding: the role, then (-o wide) the subjects by kind.</summary>
    public static TableDefinition BindingTable(string kind, string roleRefDescription) => new(
        [
            TableColumn.ForName(),
            new TableColumn("Role", "string", string.Empty, roleRefDescription),
            TableColumn.Age,
            new TableColumn("Users", "string", string.Empty, $"Users in the {kind}", 1),
            new TableColumn("Groups", "string", string.Empty, $"Groups in the {kind}", 1),
            new TableColumn("ServiceAccounts", "string", string.Empty, $"ServiceAccounts in the {kind}", 1),
        ],
        (item, now) =>
        [
            item.GetString("metadata.name"),
            $"{item.GetString("roleRef.kind")}/{item.GetString("roleRef.name")}",
            TableDefinition.Age(item, now),
            Subjects(item, "User", s => s.GetString("name")),
            Subjects(item, "Group", s => s.GetString("name")),
            Subjects(item, "ServiceAccount", s => $"{s.GetString("namespace")}/{s.GetString("name")}"),
        ]);

    private static string Subjects(JsonObject item, string kind, Func<JsonObject, string?> show) =>
        string.Join(", ", item.GetArray("subjects").Objects().Where(s => s.GetString("kind") == kind).Select(s => show(s) ?? string.Empty));

    private static void ValidatePolicyRule(JsonObject rule, bool namespaced, string path, FieldErrors errors)
    {
        if (Count(rule, "verbs") == 0)
        {
            errors.Required(path + ".verbs", "verbs must contain at least one value");
        }

        if (Count(rule, "nonResourceURLs") > 0)
        {
            var urls = GoValues.StringSlice(rule.GetArray("nonResourceURLs"));
            if (namespaced)
            {
                GoValues.Invalid(errors, path + ".nonResourceURLs", urls, "namespaced rules cannot apply to non-resource URLs");
            }

            if (Count(rule, "apiGroups") > 0 || Count(rule, "resources") > 0 || Count(rule, "resourceNames") > 0)
            {
                GoValues.Invalid(errors, path + ".nonResourceURLs", urls, "rules cannot apply to both regular resources and non-resource URLs");
            }

            return;
        }

        if (Count(rule, "apiGroups") == 0)
        {
            errors.Required(path + ".apiGroups", "resource rules must supply at least one api group");
        }

        if (Count(rule, "resources") == 0)
        {
            errors.Required(path + ".resources", "resource rules must supply at least one resource");
        }

        if (Count(rule, "resourceNames") > 0 && Count(rule, "resources") > 1)
        {
            errors.Required(path + ".resourceNames", "resource names cannot apply to multiple resources");
        }
    }

    private static void ValidateSubject(JsonObject subject, bool namespaced, string path, FieldErrors errors)
    {
        var name = subject.GetString("name") ?? string.Empty;
        var apiGroup = subject.GetString("apiGroup") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Required(path + ".name");
        }

        switch (subject.GetString("kind") ?? string.Empty)
        {
            case "ServiceAccount":
                if (name.Length > 0 && ObjectNames.Dns1123SubdomainError(name) is { } problem)
                {
                    errors.Invalid(path + ".name", name, problem);
                }

                if (apiGroup.Length > 0)
                {
                    errors.NotSupported(path + ".apiGroup", apiGroup, [string.Empty]);
                }

                if (!namespaced && string.IsNullOrEmpty(subject.GetString("namespace")))
                {
                    errors.Required(path + ".namespace");
                }

                break;
            case "User" or "Group":
                if (name.Length == 0)
                {
                    errors.Invalid(path + ".name", name, $"{subject.GetString("kind")!.ToLowerInvariant()} name cannot be empty");
                }

                if (apiGroup != GroupName)
                {
                    errors.NotSupported(path + ".apiGroup", apiGroup, [GroupName]);
                }

                break;
            case var kind:
                errors.NotSupported(path + ".kind", kind, SubjectKinds);
                break;
        }
    }

    private static int Count(JsonObject rule, string field) => rule.GetArray(field)?.Count ?? 0;
}
