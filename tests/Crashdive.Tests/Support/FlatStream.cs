using System.Buffers.Binary;

namespace Crashdive.Tests.Support;

/// <summary>Builds makedumpfile flattened streams in memory for parser tests.</summary>
public sealed class FlatStream
{
    private readonly MemoryStream _out = new();

    public FlatStream(long type = 1, long version = 1)
    {
        var head = new byte[4096];
        "makedumpfile"u8.CopyTo(head);
        BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(16), type);
        BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(24), version);
        _out.Write(head);
    }

    /// <summary>Appends a record header claiming <paramref name="size"/> bytes, then <paramref name="data"/> (which may be shorter).</summary>
    public FlatStream Record(long offset, long size, ReadOnlySpan<byte> data)
    {
        Span<byte> h = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(h, offset);
        BinaryPrimitives.WriteInt64BigEndian(h[8..], size);
        _out.Write(h);
        _out.Write(data);
        return this;
    }

    public FlatStream Record(long offset, ReadOnlySpan<byte> data) => Record(offset, data.Length, data);

    public FlatStream End(long size = -1) => Record(-1, size, []);

    public FlatStream Raw(ReadOnlySpan<byte> bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _out.ToArray();

    public MemorySource Source() => new(ToArray(), "test.flat");
}
