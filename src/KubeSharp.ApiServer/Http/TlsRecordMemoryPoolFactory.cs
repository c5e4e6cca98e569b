using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace KubeSharp.ApiServer.Http;

/// <summary>Gives Kestrel (its socket transport, and through it the TLS layer) <see cref="TlsRecordMemoryPool"/>s.</summary>
internal sealed class TlsRecordMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new TlsRecordMemoryPool();
}
