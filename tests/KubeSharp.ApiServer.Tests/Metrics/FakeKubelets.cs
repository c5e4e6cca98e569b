using System.Collections.Concurrent;
using System.Net;
using System.Text;
using k8s.Models;
using KubeSharp.ApiServer.Kubelet;

namespace KubeSharp.ApiServer.Tests.Metrics;

/// <summary>Kubelets that answer with set bodies; a node without one refuses the connection.</summary>
internal sealed class FakeKubelets : IKubeletConnector
{
    private readonly Dictionary<string, string> _answers = [];

    /// <summary>"node/path?query" of every request, in no particular order.</summary>
    public ConcurrentQueue<string> Asked { get; } = new();

    public FakeKubelets Answer(string node, string path, string body)
    {
        _answers[node + path] = body;
        return this;
    }

    public Task<HttpResponseMessage> GetAsync(V1Node node, string pathAndQuery, CancellationToken cancellationToken)
    {
        var key = node.Metadata.Name + pathAndQuery;
        Asked.Enqueue(key);
        return _answers.TryGetValue(key, out var body)
            ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") })
            : Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused"));
    }
}
