using System.Text;
using k8s.Models;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Tests.Volumes;

/// <summary>ConfigMaps and Secrets kept in memory, by namespace and name.</summary>
internal sealed class FakePodObjectSource : IPodObjectSource
{
    private readonly Dictionary<(string Namespace, string Name), V1ConfigMap> _configMaps = new();
    private readonly Dictionary<(string Namespace, string Name), V1Secret> _secrets = new();

    public int Reads { get; private set; }

    public FakePodObjectSource WithConfigMap(string ns, string name, Dictionary<string, string> data)
    {
        _configMaps[(ns, name)] = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Data = data };
        return this;
    }

    public FakePodObjectSource WithSecret(string ns, string name, Dictionary<string, string> data)
    {
        _secrets[(ns, name)] = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Data = data.ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetBytes(pair.Value)),
        };
        return this;
    }

    public void RemoveConfigMap(string ns, string name) => _configMaps.Remove((ns, name));

    public Task<V1ConfigMap?> GetConfigMapAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<V1ConfigMap?>(_configMaps.GetValueOrDefault((namespaceName, name)));
    }

    public Task<V1Secret?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<V1Secret?>(_secrets.GetValueOrDefault((namespaceName, name)));
    }
}
