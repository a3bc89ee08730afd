using System.Buffers.Binary;

namespace Crashdive.Tests.Support;

/// <summary>Little-endian patches of an in-memory copy.</summary>
public static class MemorySourcePatches
{
    public static MemorySource Put32(this MemorySource s, long offset, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s.Data.AsSpan((int)offset), value);
        return s;
    }

    public static MemorySource Put64(this MemorySource s, long offset, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(s.Data.AsSpan((int)offset), value);
        return s;
    }
}
