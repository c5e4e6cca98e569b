using KubeSharp.Kubelet.Streaming.RemoteCommand;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

/// <summary>A runtime that hands out one fake session, or refuses as told.</summary>
internal sealed class FakeRemoteCommandBackend : IRemoteCommandBackend
{
    public const string Url = "http://127.0.0.1:40000/exec/token";

    private readonly List<RemoteCommandRequest> _prepared = [];

    public FakeRemoteCommandSession Session { get; } = new();

    /// <summary>When set, CRI refuses the session with it.</summary>
    public RemoteCommandException? Refusal { get; set; }

    /// <summary>When set, the streaming server cannot be reached.</summary>
    public Exception? ConnectFailure { get; set; }

    public IReadOnlyList<RemoteCommandRequest> Prepared => _prepared;

    public Task<string> PrepareAsync(RemoteCommandRequest request, CancellationToken cancellationToken)
    {
        if (Refusal is not null)
        {
            throw Refusal;
        }

        _prepared.Add(request);
        return Task.FromResult(Url);
    }

    public Task<IRemoteCommandSession> ConnectAsync(string url, RemoteCommandRequest request, CancellationToken cancellationToken)
    {
        Assert.Equal(Url, url);
        return ConnectFailure is null ? Task.FromResult<IRemoteCommandSession>(Session) : Task.FromException<IRemoteCommandSession>(ConnectFailure);
    }
}
