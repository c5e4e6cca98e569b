using System.IO.Pipelines;
using System.Text;

namespace KubeSharp.Kubelet.Tests.Logs;

/// <summary>A pipe to copy a log into, whose text can be read while the copy runs.</summary>
internal sealed class LogCapture : IAsyncDisposable
{
    private readonly Pipe _pipe = new();
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private readonly Task _reading;

    public LogCapture() => _reading = ReadAsync();

    public PipeWriter Writer => _pipe.Writer;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Everything written, once the writer is done: the reading runs behind the writes.</summary>
    public async Task<string> AllAsync()
    {
        await DisposeAsync();
        return Text;
    }

    public async ValueTask DisposeAsync()
    {
        await _pipe.Writer.CompleteAsync();
        await _reading;
    }

    private async Task ReadAsync()
    {
        while (true)
        {
            var result = await _pipe.Reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                lock (_gate)
                {
                    _text.Append(Encoding.UTF8.GetString(segment.Span));
                }
            }

            _pipe.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                await _pipe.Reader.CompleteAsync();
                return;
            }
        }
    }
}
