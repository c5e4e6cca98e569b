using System.Globalization;
using System.Text;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>A terminal's size in characters, as client-go's TerminalSize travels on the resize stream: <c>{"Width":80,"Height":24}</c>.</summary>
internal readonly record struct TerminalSize(ushort Width, ushort Height)
{
    /// <summary>The event as client-go writes it (Go's json.Encoder: the object and a newline).</summary>
    public byte[] ToJsonLine() =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"Width\":{Width},\"Height\":{Height}}}\n"));
}
