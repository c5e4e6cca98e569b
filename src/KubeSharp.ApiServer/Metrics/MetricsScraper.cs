using System.Text.Json;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Kubelet;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// Reads /stats/summary from several kubelets at once. A kubelet that fails or does not answer within
/// <see cref="Timeout"/> is left out, as metrics-server leaves out the nodes it could not scrape.
/// </summary>
internal sealed partial class MetricsScraper(IKubeletConnector kubelets, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<KubeletSummary>> ScrapeAsync(IEnumerable<V1Node> nodes, CancellationToken cancellationToken)
    {
        var summaries = await Task.WhenAll(nodes.Select(node => ScrapeAsync(node, cancellationToken)));
        return [.. summaries.OfType<KubeletSummary>()];
    }

    private async Task<KubeletSummary?> ScrapeAsync(V1Node node, CancellationToken cancellationToken)
    {
        var name = node.Metadata.Name;
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await kubelets.GetAsync(node, "/stats/summary", linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogUnavailable(logger, name, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: linked.Token);
            return KubeletSummary.Parse(name, document.RootElement, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, name, "no answer in time");
            return null;
        }
        catch (Exception error) when (error is HttpRequestException or IOException or JsonException or ApiException)
        {
            LogUnavailable(logger, name, error.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "apiserver: metrics of node {Node} left out, its kubelet's summary could not be read: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string node, string reason);
}
