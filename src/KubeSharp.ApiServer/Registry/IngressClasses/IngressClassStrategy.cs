using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.IngressClasses;

/// <summary>networking.k8s.io/v1 IngressClasses (pkg/registry/networking/ingressclass): a fixed controller name and optional parameters.</summary>
internal sealed class IngressClassStrategy : ResourceStrategy
{
    private const int MaxControllerLength = 250;

    private static readonly TableDefinition IngressClassTable = TableDefinition.NameAge(
        (new TableColumn("Controller", "string", string.Empty, "Controller that is responsible for handling this class"), (item, _) => item.GetString("spec.controller") ?? string.Empty),
        (new TableColumn("Parameters", "string", string.Empty, "A reference to a resource with additional parameters"), (item, _) => Parameters(item)));

    public override bool TracksGeneration => true;

    public override TableDefinition Table => IngressClassTable;

    public override void Default(JsonObject item)
    {
        if (item.GetObject("spec.parameters") is { } parameters)
        {
            parameters.Default("scope", "Cluster");
        }
    }

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var controller = item.GetString("spec.controller") ?? string.Empty;
        if (controller.Length == 0)
        {
            errors.Required("spec.controller");
        }
        else
        {
            if (controller.Length > MaxControllerLength)
            {
                errors.TooLong("spec.controller", MaxControllerLength);
            }

            FormatRules.ValidateDomainPrefixedPath(controller, "spec.controller", errors);
        }

        if (item.GetObject("spec.parameters") is { } parameters)
        {
            ValidateParameters(parameters, errors);
        }
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        ImmutableFields.Check(item, old, "spec.controller", errors);
        Validate(item, errors);
    }

    /// <summary>validateIngressClassParametersReference: a kind and name, and a scope that says whether a namespace is needed.</summary>
    private static void ValidateParameters(JsonObject parameters, FieldErrors errors)
    {
        const string At = "spec.parameters";
        if (parameters.GetString("apiGroup") is { } apiGroup && ObjectNames.Dns1123SubdomainError(apiGroup) is { } groupProblem)
        {
            errors.Invalid(At + ".apiGroup", apiGroup, groupProblem);
        }

        foreach (var field in new[] { "kind", "name" })
        {
            var value = parameters.GetString(field) ?? string.Empty;
            if (value.Length == 0)
            {
                errors.Required($"{At}.{field}");
            }

            foreach (var problem in FormatRules.PathSegmentNameErrors(value))
            {
                errors.Invalid($"{At}.{field}", value, problem);
            }
        }

        switch (parameters.GetString("scope"))
        {
            case null:
                errors.Required(At + ".scope");
                break;
            case "Namespace":
                if (parameters.GetString("namespace") is not { } @namespace)
                {
                    errors.Required(At + ".namespace", "`parameters.scope` is set to 'Namespace'");
                }
                else if (ObjectNames.Dns1123LabelError(@namespace) is { } namespaceProblem)
                {
                    errors.Invalid(At + ".namespace", @namespace, namespaceProblem);
                }

                break;
            case "Cluster":
                if (parameters["namespace"] is not null)
                {
                    errors.Forbidden(At + ".namespace", "`parameters.scope` is set to 'Cluster'");
                }

                break;
            case var scope:
                errors.NotSupported(At + ".scope", scope, ["Cluster", "Namespace"]);
                break;
        }
    }

    /// <summary>The parameters reference as kind[.apiGroup]/name, or "&lt;none&gt;".</summary>
    private static string Parameters(JsonObject item)
    {
        if (item.GetObject("spec.parameters") is not { } parameters)
        {
            return "<none>";
        }

        var group = parameters.GetString("apiGroup") is { } apiGroup ? "." + apiGroup : string.Empty;
        return $"{parameters.GetString("kind")}{group}/{parameters.GetString("name")}";
    }
}
