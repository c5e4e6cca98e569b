using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.ServiceAccounts;

/// <summary>
/// ServiceAccounts (upstream's pkg/registry/core/serviceaccount): nothing beyond metadata is
/// defaulted or validated; the table counts the listed secrets.
/// </summary>
internal sealed class ServiceAccountStrategy : ResourceStrategy
{
    private static readonly TableDefinition ServiceAccountTable = TableDefinition.NameAge(
        (ColumnDocs.Text("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a \"kubernetes.io/enforce-mountable-secrets\" annotation set to \"true\". The \"kubernetes.io/enforce-mountable-secrets\" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret"),
            (item, _) => item["secrets"] is JsonArray secrets ? secrets.Count : 0));

    public override TableDefinition Table => ServiceAccountTable;
}
