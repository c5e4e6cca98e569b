using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// Makes TCP sockets inside a pod's network namespace, as containerd's port-forward does (ns.Do), so
/// that connections reach listeners on the pod's own 127.0.0.1. A socket belongs to the namespace it
/// was made in, whatever thread later connects or uses it; only its creation has to happen inside.
/// </summary>
internal static class NetworkNamespaceSockets
{
    private const int CloneNewNet = 0x40000000;
    private const string ThreadNamespace = "/proc/thread-self/ns/net";

    /// <summary>
    /// A new socket inside the namespace at <paramref name="namespacePath"/> (e.g. /proc/PID/ns/net). setns
    /// changes only the calling thread, so it runs on a thread of its own, which goes back to its namespace
    /// and ends; the caller blocks for those few system calls. The thread queues no work and starts no
    /// threads meanwhile: a thread started from it would stay in the pod's namespace.
    /// </summary>
    public static Socket Create(string namespacePath, AddressFamily family)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                socket = CreateInside(namespacePath, family);
            }
            catch (Exception error)
            {
                failure = error;
            }
        })
        {
            IsBackground = true,
            Name = "netns socket",
        };
        thread.Start();
        thread.Join();
        if (socket is null)
        {
            ExceptionDispatchInfo.Throw(failure ?? new IOException("no socket was made"));
        }

        return socket;
    }

    private static Socket CreateInside(string namespacePath, AddressFamily family)
    {
        using var own = Open(ThreadNamespace);
        using var target = Open(namespacePath);
        Enter(target, namespacePath);
        Socket? socket = null;
        SocketException? creation = null;
        try
        {
            socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException error)
        {
            creation = error;
        }

        if (SetNamespace((int)own.DangerousGetHandle(), CloneNewNet) != 0)
        {
            socket?.Dispose();
            throw Failure("setns " + ThreadNamespace);
        }

        return socket ?? throw creation!;
    }

    private static SafeFileHandle Open(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            // The pod's sandbox process is gone.
            throw new IOException($"open {path}: no such file or directory", error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new IOException($"open {path}: permission denied", error);
        }
    }

    private static void Enter(SafeFileHandle handle, string path)
    {
        if (SetNamespace((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw Failure("setns " + path);
        }
    }

    private static IOException Failure(string what)
    {
        var message = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        return new IOException(message.Length > 0 ? $"{what}: {char.ToLowerInvariant(message[0])}{message[1..]}" : what);
    }

    // DllImport rather than LibraryImport: int arguments need no marshalling, and LibraryImport's
    // generated stub would need AllowUnsafeBlocks, which the project does not enable.
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int fd, int namespaceType);
}
