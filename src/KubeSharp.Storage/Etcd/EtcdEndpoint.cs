using Etcdserverpb;
using Grpc.Net.Client;

namespace KubeSharp.Storage.Etcd;

/// <summary>One etcd member's gRPC channel and clients. No retry policy is configured: a retried write could apply twice.</summary>
internal sealed class EtcdEndpoint : IDisposable
{
    private readonly GrpcChannel _channel;

    public EtcdEndpoint(Uri address, EtcdOptions options)
    {
        Address = address;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = options.ConnectTimeout,
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(10),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
            MaxReceiveMessageSize = 512 * 1024 * 1024,
            MaxSendMessageSize = 16 * 1024 * 1024,
        });
        Kv = new KV.KVClient(_channel);
        Watch = new Etcdserverpb.Watch.WatchClient(_channel);
    }

    public Uri Address { get; }

    public KV.KVClient Kv { get; }

    public Etcdserverpb.Watch.WatchClient Watch { get; }

    public void Dispose() => _channel.Dispose();
}
