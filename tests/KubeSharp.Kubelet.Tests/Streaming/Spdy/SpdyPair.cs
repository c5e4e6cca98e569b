using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

/// <summary>A client and a server connection talking over an in-memory duplex pipe, both reading.</summary>
internal sealed class SpdyPair : IAsyncDisposable
{
    /// <summary>A generous real-time bound, so that a bug fails a test instead of hanging it.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private SpdyPair(SpdyConnection client, SpdyConnection server)
    {
        Client = client;
        Server = server;
        ClientRun = client.RunAsync(CancellationToken.None);
        ServerRun = server.RunAsync(CancellationToken.None);
    }

    public SpdyConnection Client { get; }

    public SpdyConnection Server { get; }

    public Task ClientRun { get; }

    public Task ServerRun { get; }

    public static SpdyPair Start()
    {
        var (clientEnd, serverEnd) = DuplexPipe.Create();
        return new SpdyPair(SpdyConnection.Client(clientEnd, NullLogger.Instance), SpdyConnection.Server(serverEnd, NullLogger.Instance));
    }

    /// <summary>A token that cancels after <see cref="Bound"/>.</summary>
    public static CancellationToken Bounded() => new CancellationTokenSource(Bound).Token;

    /// <summary>The client opens a stream; the server accepts and replies to it.</summary>
    public async Task<(SpdyStream Client, SpdyStream Server)> OpenAsync(IReadOnlyDictionary<string, string> headers)
    {
        var opening = Client.OpenStreamAsync(headers, Bounded());
        var accepted = await Server.AcceptStreamAsync(Bounded()) ?? throw new InvalidOperationException("the server accepted no stream");
        await accepted.ReplyAsync(Bounded());
        return (await opening, accepted);
    }

    /// <summary>Everything the stream's peer sends until it half-closes.</summary>
    public static async Task<byte[]> ReadToEndAsync(SpdyStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, Bounded())) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }

    /// <summary>Exactly <paramref name="count"/> bytes of the stream.</summary>
    public static async Task<byte[]> ReadExactlyAsync(SpdyStream stream, int count)
    {
        var received = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await stream.ReadAsync(received.AsMemory(filled), Bounded());
            Assert.NotEqual(0, read);
            filled += read;
        }

        return received;
    }

    /// <summary>Bytes that tell their position, so a lost, doubled or reordered piece shows.</summary>
    public static byte[] Pattern(int length, int seed = 0)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + (i >> 8) + seed);
        }

        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
