using System.Text.Json.Nodes;
using k8s;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>Models as JSON nodes for patches, through the client's own serializer (camelCase, nulls left out, Kubernetes timestamps).</summary>
internal static class ModelJson
{
    public static JsonNode? From(object value) => JsonNode.Parse(KubernetesJson.Serialize(value));
}
