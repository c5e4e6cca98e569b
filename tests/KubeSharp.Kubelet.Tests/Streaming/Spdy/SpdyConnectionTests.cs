using System.Globalization;
using System.Text;
using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

public sealed class SpdyConnectionTests
{
    private static readonly Dictionary<string, string> DataHeaders = new(StringComparer.Ordinal)
    {
        ["streamType"] = "data",
        ["port"] = "8080",
        ["requestID"] = "0",
    };

    [Fact]
    public async Task An_opened_stream_arrives_with_its_headers_and_is_replied()
    {
        await using var pair = SpdyPair.Start();

        var (client, server) = await pair.OpenAsync(DataHeaders);

        Assert.Equal(1u, client.Id);
        Assert.Equal(1u, server.Id);
        Assert.Equal(new[] { "port", "requestid", "streamtype" }, server.Headers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("data", server.Headers["streamtype"]);
        Assert.Equal("0", server.Headers["requestID"]);
        Assert.Equal(new[] { "port", "requestid", "streamtype" }, client.Headers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_side_numbers_its_streams_with_its_own_parity()
    {
        await using var pair = SpdyPair.Start();

        var first = await pair.OpenAsync(DataHeaders);
        var second = await pair.OpenAsync(DataHeaders);
        var opening = pair.Server.OpenStreamAsync(DataHeaders, SpdyPair.Bounded());
        var accepted = await pair.Client.AcceptStreamAsync(SpdyPair.Bounded());
        Assert.NotNull(accepted);
        await accepted.ReplyAsync(SpdyPair.Bounded());
        var fromServer = await opening;

        Assert.Equal((1u, 3u), (first.Client.Id, second.Client.Id));
        Assert.Equal(2u, fromServer.Id);
        Assert.Equal(2u, accepted.Id);
    }

    [Fact]
    public async Task Data_flows_both_ways()
    {
        await using var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(DataHeaders);

        await client.WriteAsync("ping"u8.ToArray(), SpdyPair.Bounded());
        var atServer = await SpdyPair.ReadExactlyAsync(server, 4);
        await server.WriteAsync("pong"u8.ToArray(), SpdyPair.Bounded());
        var atClient = await SpdyPair.ReadExactlyAsync(client, 4);

        Assert.Equal("ping", Encoding.ASCII.GetString(atServer));
        Assert.Equal("pong", Encoding.ASCII.GetString(atClient));
    }

    [Fact]
    public async Task A_half_close_ends_reading_on_the_other_side_only()
    {
        await using var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(DataHeaders);

        await client.WriteAsync("request"u8.ToArray(), SpdyPair.Bounded());
        await client.CloseWriteAsync(SpdyPair.Bounded());
        var request = await SpdyPair.ReadToEndAsync(server);
        await server.WriteAsync("response"u8.ToArray(), SpdyPair.Bounded());
        await server.CloseWriteAsync(SpdyPair.Bounded());
        var response = await SpdyPair.ReadToEndAsync(client);

        Assert.Equal("request", Encoding.ASCII.GetString(request));
        Assert.Equal("response", Encoding.ASCII.GetString(response));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WriteAsync("more"u8.ToArray(), SpdyPair.Bounded()).AsTask());
        // Closing again is nothing.
        await client.CloseWriteAsync(SpdyPair.Bounded());
    }

    [Fact]
    public async Task The_stream_view_reads_writes_and_half_closes_on_dispose()
    {
        await using var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(DataHeaders);

        await using (var view = client.AsStream())
        {
            await view.WriteAsync("through the view"u8.ToArray(), SpdyPair.Bounded());
        }

        var received = new MemoryStream();
        await server.AsStream().CopyToAsync(received, SpdyPair.Bounded());

        Assert.Equal("through the view", Encoding.ASCII.GetString(received.ToArray()));
    }

    [Fact]
    public async Task A_reset_ends_the_stream_both_ways()
    {
        await using var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(DataHeaders);
        await server.WriteAsync("unread"u8.ToArray(), SpdyPair.Bounded());

        await client.ResetAsync(SpdyPair.Bounded());

        Assert.Equal(0, await client.ReadAsync(new byte[16], SpdyPair.Bounded()));
        await Assert.ThrowsAsync<IOException>(() => client.WriteAsync("x"u8.ToArray(), SpdyPair.Bounded()).AsTask());
        Assert.Equal(0, await server.ReadAsync(new byte[16], SpdyPair.Bounded()));
        await Assert.ThrowsAsync<IOException>(() => server.WriteAsync("x"u8.ToArray(), SpdyPair.Bounded()).AsTask());
        // Other streams go on.
        var (otherClient, otherServer) = await pair.OpenAsync(DataHeaders);
        await otherClient.WriteAsync("still here"u8.ToArray(), SpdyPair.Bounded());
        Assert.Equal("still here", Encoding.ASCII.GetString(await SpdyPair.ReadExactlyAsync(otherServer, 10)));
    }

    [Fact]
    public async Task A_stream_the_peer_resets_before_replying_fails_to_open()
    {
        await using var pair = SpdyPair.Start();

        var opening = pair.Client.OpenStreamAsync(DataHeaders, SpdyPair.Bounded());
        var accepted = await pair.Server.AcceptStreamAsync(SpdyPair.Bounded());
        Assert.NotNull(accepted);
        await accepted.ResetAsync(SpdyPair.Bounded());

        await Assert.ThrowsAsync<IOException>(() => opening);
    }

    [Fact]
    public async Task Many_streams_run_at_once()
    {
        const int Streams = 40;
        const int Size = 100_000;
        await using var pair = SpdyPair.Start();
        var echoes = Task.Run(async () =>
        {
            var running = new List<Task>();
            while (await pair.Server.AcceptStreamAsync(SpdyPair.Bounded()) is { } stream)
            {
                running.Add(EchoAsync(stream));
                if (running.Count == Streams)
                {
                    break;
                }
            }

            await Task.WhenAll(running);
        });

        var exchanges = Enumerable.Range(0, Streams).Select(async index =>
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["index"] = index.ToString(CultureInfo.InvariantCulture) };
            var stream = await pair.Client.OpenStreamAsync(headers, SpdyPair.Bounded());
            var sent = SpdyPair.Pattern(Size, index);
            var reading = SpdyPair.ReadToEndAsync(stream);
            await stream.WriteAsync(sent, SpdyPair.Bounded());
            await stream.CloseWriteAsync(SpdyPair.Bounded());
            return (sent, received: await reading);
        }).ToList();

        foreach (var exchange in exchanges)
        {
            var (sent, received) = await exchange;
            Assert.Equal(sent, received);
        }

        await echoes.WaitAsync(SpdyPair.Bound);
    }

    [Fact]
    public async Task A_write_larger_than_the_window_goes_through_as_the_peer_reads()
    {
        const int Size = 1024 * 1024;
        await using var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(DataHeaders);
        var upload = SpdyPair.Pattern(Size, 1);
        var download = SpdyPair.Pattern(Size, 2);

        // Both ways at once: each side's WINDOW_UPDATEs travel between the other's DATA frames.
        var uploading = Task.Run(async () =>
        {
            await client.WriteAsync(upload, SpdyPair.Bounded());
            await client.CloseWriteAsync(SpdyPair.Bounded());
        });
        var downloading = Task.Run(async () =>
        {
            await server.WriteAsync(download, SpdyPair.Bounded());
            await server.CloseWriteAsync(SpdyPair.Bounded());
        });
        var atServer = await SpdyPair.ReadToEndAsync(server);
        var atClient = await SpdyPair.ReadToEndAsync(client);
        await Task.WhenAll(uploading, downloading).WaitAsync(SpdyPair.Bound);

        Assert.Equal(upload, atServer);
        Assert.Equal(download, atClient);
    }

    [Fact]
    public async Task Goaway_ends_both_sides()
    {
        var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(DataHeaders);
        await client.WriteAsync("last words"u8.ToArray(), SpdyPair.Bounded());

        await pair.Client.DisposeAsync();

        await pair.ServerRun.WaitAsync(SpdyPair.Bound);
        await pair.ClientRun.WaitAsync(SpdyPair.Bound);
        Assert.True(pair.Server.Completion.IsCompleted);
        Assert.Null(await pair.Server.AcceptStreamAsync(SpdyPair.Bounded()));
        // What arrived before the GOAWAY is still read, then the stream ends.
        Assert.Equal("last words", Encoding.ASCII.GetString(await SpdyPair.ReadToEndAsync(server)));
        await Assert.ThrowsAsync<IOException>(() => server.WriteAsync("x"u8.ToArray(), SpdyPair.Bounded()).AsTask());
        await Assert.ThrowsAsync<IOException>(() => pair.Server.OpenStreamAsync(DataHeaders, SpdyPair.Bounded()));
        Assert.Equal(0, await client.ReadAsync(new byte[16], SpdyPair.Bounded()));
        await pair.Server.DisposeAsync();
    }

    [Fact]
    public async Task The_end_of_the_transport_ends_the_session()
    {
        var (clientEnd, serverEnd) = DuplexPipe.Create();
        await using var server = SpdyConnection.Server(serverEnd, NullLogger.Instance);
        var run = server.RunAsync(CancellationToken.None);
        var accepting = server.AcceptStreamAsync(SpdyPair.Bounded()).AsTask();

        await clientEnd.DisposeAsync();

        await run.WaitAsync(SpdyPair.Bound);
        Assert.Null(await accepting);
    }

    [Fact]
    public async Task Cancelling_the_read_loop_ends_the_session()
    {
        var (clientEnd, serverEnd) = DuplexPipe.Create();
        await using var server = SpdyConnection.Server(serverEnd, NullLogger.Instance);
        using var stopping = new CancellationTokenSource();
        var run = server.RunAsync(stopping.Token);

        await stopping.CancelAsync();

        await run.WaitAsync(SpdyPair.Bound);
        Assert.Null(await server.AcceptStreamAsync(SpdyPair.Bounded()));
        await clientEnd.DisposeAsync();
    }

    private static async Task EchoAsync(SpdyStream stream)
    {
        await stream.ReplyAsync(SpdyPair.Bounded());
        var buffer = new byte[10_000];
        int read;
        while ((read = await stream.ReadAsync(buffer, SpdyPair.Bounded())) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), SpdyPair.Bounded());
        }

        await stream.CloseWriteAsync(SpdyPair.Bounded());
    }
}
