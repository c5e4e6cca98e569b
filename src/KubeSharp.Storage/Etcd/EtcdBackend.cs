using System.Collections.Concurrent;
using System.Threading.Channels;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace KubeSharp.Storage.Etcd;

/// <summary>
/// The store on a real etcd cluster (for high availability). Calls go to one member and move to
/// the next when it fails. Reads are retried; a write is retried only when it certainly never
/// reached the cluster, otherwise the caller gets <see cref="UnknownOutcomeException"/>, so nothing
/// is ever applied twice. Watches reconnect and resume from the next revision without gaps.
/// </summary>
public sealed class EtcdBackend : IStorageBackend
{
    private readonly EtcdOptions _options;
    private readonly StorageOptions _storageOptions;
    private readonly EtcdEndpoint[] _endpoints;
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<EtcdWatch, byte> _watches = new();
    private int _current;

    private EtcdBackend(EtcdOptions options, StorageOptions storageOptions)
    {
        _options = options;
        _storageOptions = storageOptions;
        _endpoints = [.. options.Endpoints.Select(address => new EtcdEndpoint(address, options))];
    }

    /// <summary>Connects and checks that a member answers.</summary>
    public static async Task<EtcdBackend> ConnectAsync(EtcdOptions options, StorageOptions? storageOptions = null, CancellationToken cancellationToken = default)
    {
        storageOptions ??= new StorageOptions();
        storageOptions.Validate();
        var backend = new EtcdBackend(options, storageOptions);
        try
        {
            await backend.GetCurrentRevisionAsync(cancellationToken);
            return backend;
        }
        catch (StorageException error)
        {
            await backend.DisposeAsync();
            throw new StorageOpenException($"cannot reach etcd at {string.Join(",", options.Endpoints)}: {error.Message}", error);
        }
    }

    public async Task<long> GetCurrentRevisionAsync(CancellationToken cancellationToken)
    {
        var response = await ReadAsync((kv, call) => kv.RangeAsync(new RangeRequest { Key = Bytes("/"), CountOnly = true }, call), cancellationToken);
        return response.Header.Revision;
    }

    public async Task<long> GetCompactedRevisionAsync(CancellationToken cancellationToken)
    {
        // etcd does not tell its compacted revision; it is the oldest revision that can still be read.
        var high = await GetCurrentRevisionAsync(cancellationToken);
        if (await Readable(1))
        {
            return 0;
        }

        long low = 1;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (await Readable(middle))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;

        async Task<bool> Readable(long revision)
        {
            try
            {
                await ReadAsync((kv, call) => kv.RangeAsync(new RangeRequest { Key = Bytes("/"), CountOnly = true, Revision = revision }, call), cancellationToken);
                return true;
            }
            catch (RpcException error) when (EtcdErrors.IsCompacted(error))
            {
                return false;
            }
        }
    }

    public async Task<KeyValue?> GetAsync(string key, long atRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        var response = await RangeAsync(new RangeRequest { Key = Bytes(key), Revision = atRevision }, cancellationToken);
        return response.Kvs.Count == 0 ? null : ToKeyValue(response.Kvs[0]);
    }

    public async Task<ListResult> ListAsync(string prefix, long atRevision, string? continueAfterKey, int limit, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var start = continueAfterKey is null || string.CompareOrdinal(continueAfterKey, prefix) < 0 ? prefix : continueAfterKey + "\0";
        var response = await RangeAsync(
            new RangeRequest { Key = Bytes(start), RangeEnd = Bytes(StorageKeys.PrefixEnd(prefix)), Revision = atRevision, Limit = limit },
            cancellationToken);
        var items = response.Kvs.Select(ToKeyValue).ToList();
        return new ListResult(items, atRevision == 0 ? response.Header.Revision : atRevision, response.More);
    }

    public async Task<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        var response = await RangeAsync(new RangeRequest { Key = Bytes(prefix), RangeEnd = Bytes(StorageKeys.PrefixEnd(prefix)), CountOnly = true }, cancellationToken);
        return response.Count;
    }

    public async Task<WriteResult> CreateAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        StorageKeys.ValidateValue(key, value, _storageOptions.ValueSizeLimit);
        var request = new TxnRequest
        {
            Compare = { new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 } },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value) } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } } },
        };
        var response = await WriteAsync(key, request, cancellationToken);
        if (response.Succeeded)
        {
            var revision = response.Header.Revision;
            return new WriteResult(WriteStatus.Ok, revision, new KeyValue(key, value, revision, revision));
        }

        return new WriteResult(WriteStatus.AlreadyExists, response.Header.Revision, ToKeyValue(response.Responses[0].ResponseRange.Kvs[0]));
    }

    public async Task<WriteResult> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        StorageKeys.ValidateValue(key, value, _storageOptions.ValueSizeLimit);
        var response = await WriteAsync(key, Conditional(key, expectedModRevision, new RequestOp
        {
            RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value), PrevKv = true },
        }), cancellationToken);
        if (!response.Succeeded)
        {
            return Failed(response);
        }

        var revision = response.Header.Revision;
        var createRevision = response.Responses[0].ResponsePut.PrevKv.CreateRevision;
        return new WriteResult(WriteStatus.Ok, revision, new KeyValue(key, value, createRevision, revision));
    }

    public async Task<WriteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        var response = await WriteAsync(key, Conditional(key, expectedModRevision, new RequestOp
        {
            RequestDeleteRange = new DeleteRangeRequest { Key = Bytes(key), PrevKv = true },
        }), cancellationToken);
        return response.Succeeded
            ? new WriteResult(WriteStatus.Ok, response.Header.Revision, ToKeyValue(response.Responses[0].ResponseDeleteRange.PrevKvs[0]))
            : Failed(response);
    }

    public ChannelReader<WatchEvent> Watch(string prefix, long fromRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        var channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(_storageOptions.WatchBufferSize) { SingleReader = true, SingleWriter = true });
        var watch = new EtcdWatch(this, prefix, fromRevision, channel.Writer, _storageOptions);
        _watches[watch] = 0;
        _ = watch.RunAsync(cancellationToken).ContinueWith(_ => _watches.TryRemove(watch, out byte _), TaskScheduler.Default);
        return channel.Reader;
    }

    public void RequestProgress()
    {
        foreach (var watch in _watches.Keys)
        {
            watch.RequestProgress();
        }
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken)
    {
        try
        {
            await ReadAsync((kv, call) => kv.CompactAsync(new CompactionRequest { Revision = revision }, call), cancellationToken);
        }
        catch (RpcException error) when (EtcdErrors.IsCompacted(error))
        {
            throw new CompactedException(revision, await GetCompactedRevisionAsync(cancellationToken));
        }
        catch (RpcException error) when (EtcdErrors.IsFutureRevision(error))
        {
            throw new StorageException($"cannot compact to revision {revision}: it is in the future");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }

        _closing.Dispose();
    }

    internal EtcdEndpoint CurrentEndpoint => _endpoints[Volatile.Read(ref _current) % _endpoints.Length];

    internal CancellationToken Closing => _closing.Token;

    internal TimeProvider Time => _storageOptions.TimeProvider;

    /// <summary>Moves later calls to the next member, unless another caller already did.</summary>
    internal void Failover(EtcdEndpoint failed)
    {
        var index = Array.IndexOf(_endpoints, failed);
        Interlocked.CompareExchange(ref _current, (index + 1) % _endpoints.Length, index);
    }

    internal static ByteString Bytes(string text) => ByteString.CopyFromUtf8(text);

    internal static KeyValue ToKeyValue(Mvccpb.KeyValue kv) =>
        new(kv.Key.ToStringUtf8(), kv.Value.ToByteArray(), kv.CreateRevision, kv.ModRevision);

    private static TxnRequest Conditional(string key, long expectedModRevision, RequestOp operation) => new()
    {
        Compare =
        {
            // Version > 0 keeps an expected revision of 0 from matching a missing key.
            new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Greater, Version = 0 },
            new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedModRevision },
        },
        Success = { operation },
        Failure = { new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } } },
    };

    private static WriteResult Failed(TxnResponse response)
    {
        var kvs = response.Responses[0].ResponseRange.Kvs;
        return kvs.Count == 0
            ? new WriteResult(WriteStatus.NotFound, response.Header.Revision, null)
            : new WriteResult(WriteStatus.Conflict, response.Header.Revision, ToKeyValue(kvs[0]));
    }

    private async Task<RangeResponse> RangeAsync(RangeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync((kv, call) => kv.RangeAsync(request, call), cancellationToken);
        }
        catch (RpcException error) when (EtcdErrors.IsCompacted(error))
        {
            throw new CompactedException(request.Revision, await GetCompactedRevisionAsync(cancellationToken));
        }
        catch (RpcException error) when (EtcdErrors.IsFutureRevision(error))
        {
            throw new StorageException($"revision {request.Revision} is in the future");
        }
    }

    /// <summary>A call that is safe to repeat: tried on each member in turn until one answers or time runs out.</summary>
    private async Task<T> ReadAsync<T>(Func<KV.KVClient, CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        var deadline = Time.GetUtcNow() + (_options.RequestTimeout * 2);
        for (var attempt = 0; ; attempt++)
        {
            var endpoint = CurrentEndpoint;
            try
            {
                return await call(endpoint.Kv, CallOptions(cancellationToken));
            }
            catch (RpcException error) when (EtcdErrors.IsTransient(error) && !cancellationToken.IsCancellationRequested)
            {
                Failover(endpoint);
                if (Time.GetUtcNow() >= deadline)
                {
                    throw new StorageUnavailableException($"etcd did not answer in time: {error.Status.Detail}", error);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * (attempt + 1), 500)), Time, cancellationToken);
            }
        }
    }

    /// <summary>A write: repeated only when the cluster certainly never saw it.</summary>
    private async Task<TxnResponse> WriteAsync(string key, TxnRequest request, CancellationToken cancellationToken)
    {
        var deadline = Time.GetUtcNow() + (_options.RequestTimeout * 2);
        for (var attempt = 0; ; attempt++)
        {
            var endpoint = CurrentEndpoint;
            try
            {
                return await endpoint.Kv.TxnAsync(request, CallOptions(cancellationToken));
            }
            catch (RpcException error) when (EtcdErrors.NotApplied(error) && !cancellationToken.IsCancellationRequested)
            {
                Failover(endpoint);
                if (Time.GetUtcNow() >= deadline)
                {
                    throw new StorageUnavailableException($"etcd did not accept the write in time: {error.Status.Detail}", error);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * (attempt + 1), 500)), Time, cancellationToken);
            }
            catch (RpcException error) when (EtcdErrors.IsTransient(error))
            {
                Failover(endpoint);
                throw new UnknownOutcomeException(key, error);
            }
        }
    }

    private CallOptions CallOptions(CancellationToken cancellationToken) =>
        new(deadline: (Time.GetUtcNow() + _options.RequestTimeout).UtcDateTime, cancellationToken: cancellationToken);
}
