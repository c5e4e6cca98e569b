using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client.Events;

/// <summary>
/// Records core/v1 Events as client-go's recorder does: callers never wait (events go out from a
/// bounded background queue, dropped if it is full), and an event repeated for the same object,
/// type, reason and message bumps the existing Event's count and lastTimestamp instead of making a
/// new one.
/// </summary>
public sealed partial class EventRecorder : IAsyncDisposable
{
    private const int QueueLength = 1000;
    private const int RememberedEvents = 4096;

    private static readonly ConcurrentDictionary<Type, (string? Kind, string? ApiVersion)> TypeMeta = new();

    private readonly IKubernetes _client;
    private readonly string _component;
    private readonly string _host;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<string, (string Namespace, string Name, int Count)> _recorded = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Task _sender;
    private long _sequence;

    public EventRecorder(IKubernetes client, string component, string host, TimeProvider time, ILogger logger)
    {
        _client = client;
        _component = component;
        _host = host;
        _time = time;
        _logger = logger;
        _sender = Task.Run(SendAsync);
    }

    /// <summary>Records an event about <paramref name="involved"/>; type is "Normal" or "Warning".</summary>
    public void Event(IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message) =>
        _queue.Writer.TryWrite(new Pending(involved, type, reason, message, _time.GetUtcNow()));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _sender;
    }

    private async Task SendAsync()
    {
        await foreach (var pending in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await SendOneAsync(pending);
            }
            catch (Exception error) when (error is HttpRequestException or k8s.Autorest.HttpOperationException)
            {
                LogDropped(pending.Reason, error.Message);
            }
        }
    }

    private async Task SendOneAsync(Pending pending)
    {
        var involved = pending.Involved;

        // Objects from a list carry no kind; the model type knows it.
        var (typeKind, typeApiVersion) = TypeMeta.GetOrAdd(involved.GetType(), TypeMetaOf);
        var kind = involved.Kind ?? typeKind;
        var apiVersion = involved.ApiVersion ?? typeApiVersion;
        var ns = string.IsNullOrEmpty(involved.Metadata.NamespaceProperty) ? "default" : involved.Metadata.NamespaceProperty;
        var key = string.Join('\u0001', kind, ns, involved.Metadata.Name, involved.Metadata.Uid, pending.Type, pending.Reason, pending.Message);
        var timestamp = pending.At.UtcDateTime;
        if (_recorded.TryGetValue(key, out var seen))
        {
            var count = seen.Count + 1;
            var patch = $"{{\"count\":{count.ToString(CultureInfo.InvariantCulture)},\"lastTimestamp\":\"{timestamp:yyyy-MM-dd'T'HH:mm:ss'Z'}\"}}";
            try
            {
                await _client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), seen.Name, seen.Namespace);
                _recorded[key] = (seen.Namespace, seen.Name, count);
                return;
            }
            catch (k8s.Autorest.HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Expired meanwhile: record it anew.
            }
        }

        // Upstream names events "<object>.<unix nanoseconds in hex>"; the sequence keeps same-tick events apart.
        var nanoseconds = ((pending.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) + (++_sequence % 100);
        var name = $"{involved.Metadata.Name}.{nanoseconds.ToString("x", CultureInfo.InvariantCulture)}";
        await _client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                Kind = kind,
                ApiVersion = apiVersion,
                Name = involved.Metadata.Name,
                NamespaceProperty = involved.Metadata.NamespaceProperty,
                Uid = involved.Metadata.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Type = pending.Type,
            Reason = pending.Reason,
            Message = pending.Message,
            Count = 1,
            FirstTimestamp = timestamp,
            LastTimestamp = timestamp,
            Source = new V1EventSource { Component = _component, Host = _host },
            ReportingComponent = _component,
            ReportingInstance = _host,
        }, ns);
        Remember(key, (ns, name, 1));
    }

    /// <summary>Read once per type: attribute reflection builds invoker code on every call.</summary>
    private static (string? Kind, string? ApiVersion) TypeMetaOf(Type type)
    {
        var entity = type.GetCustomAttributes(typeof(KubernetesEntityAttribute), false).OfType<KubernetesEntityAttribute>().FirstOrDefault();
        return entity is null ? (null, null) : (entity.Kind, string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}");
    }

    private void Remember(string key, (string Namespace, string Name, int Count) value)
    {
        if (_recorded.Count >= RememberedEvents && _order.TryDequeue(out var oldest))
        {
            _recorded.Remove(oldest);
        }

        _recorded[key] = value;
        _order.Enqueue(key);
    }

    private sealed record Pending(IKubernetesObject<V1ObjectMeta> Involved, string Type, string Reason, string Message, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "event {Reason} dropped: {Error}")]
    private partial void LogDropped(string reason, string error);
}
