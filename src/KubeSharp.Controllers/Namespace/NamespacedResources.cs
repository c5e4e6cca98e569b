using System.Text.Json;
using k8s;

namespace KubeSharp.Controllers.Namespace;

/// <summary>Every namespaced resource the server serves that can be deleted as a collection, from its discovery documents.</summary>
internal static class NamespacedResources
{
    public static async Task<List<string>> CollectionPathsAsync(Kubernetes client, string @namespace, CancellationToken cancellationToken)
    {
        var groupVersions = new List<string> { "api/v1" };
        using (var groups = await GetAsync(client, "apis", cancellationToken))
        {
            foreach (var group in groups.RootElement.GetProperty("groups").EnumerateArray())
            {
                groupVersions.Add("apis/" + group.GetProperty("preferredVersion").GetProperty("groupVersion").GetString());
            }
        }

        var paths = new List<string>();
        foreach (var groupVersion in groupVersions)
        {
            using var list = await GetAsync(client, groupVersion, cancellationToken);
            foreach (var resource in list.RootElement.GetProperty("resources").EnumerateArray())
            {
                var name = resource.GetProperty("name").GetString()!;
                var verbs = resource.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()).ToHashSet();
                if (resource.GetProperty("namespaced").GetBoolean() && !name.Contains('/', StringComparison.Ordinal) && verbs.Contains("deletecollection"))
                {
                    paths.Add($"{groupVersion}/namespaces/{@namespace}/{name}");
                }
            }
        }

        return paths;
    }

    public static async Task<JsonDocument> GetAsync(Kubernetes client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.HttpClient.GetAsync(new Uri(client.BaseUri, path), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }
}
