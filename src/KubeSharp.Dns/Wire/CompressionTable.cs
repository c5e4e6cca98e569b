namespace KubeSharp.Dns.Wire;

/// <summary>
/// Where the names already in a message start (RFC 1035 4.1.4): suffix hash → offset, in an
/// open-addressed table that is reused for every message of one worker. A stamp per message
/// empties it without clearing. Offsets past 0x3FFF cannot be pointed at and are not kept.
/// </summary>
internal sealed class CompressionTable
{
    public const int MaxPointerOffset = 0x3FFF;

    private const int Slots = 1024;
    private const int MaxEntries = Slots / 2;

    private readonly int[] _hashes = new int[Slots];
    private readonly int[] _offsets = new int[Slots];
    private readonly int[] _stamps = new int[Slots];
    private int _stamp;
    private int _count;

    /// <summary>Forgets every entry, for the next message.</summary>
    public void Reset()
    {
        _count = 0;
        _stamp++;
        if (_stamp == 0)
        {
            Array.Clear(_stamps);
            _stamp = 1;
        }
    }

    public void Add(int hash, int offset)
    {
        if (offset > MaxPointerOffset || _count >= MaxEntries)
        {
            return;
        }

        var slot = hash & (Slots - 1);
        while (_stamps[slot] == _stamp)
        {
            slot = (slot + 1) & (Slots - 1);
        }

        _stamps[slot] = _stamp;
        _hashes[slot] = hash;
        _offsets[slot] = offset;
        _count++;
    }

    /// <summary>
    /// The next offset whose suffix hash is <paramref name="hash"/>, or -1; <paramref name="cursor"/>
    /// starts at -1 and keeps the place between calls (equal hashes still need comparing).
    /// </summary>
    public int Next(int hash, ref int cursor)
    {
        var slot = cursor < 0 ? hash & (Slots - 1) : (cursor + 1) & (Slots - 1);
        while (_stamps[slot] == _stamp)
        {
            if (_hashes[slot] == hash)
            {
                cursor = slot;
                return _offsets[slot];
            }

            slot = (slot + 1) & (Slots - 1);
        }

        cursor = slot;
        return -1;
    }
}
