using System.Buffers.Binary;
using System.Text;

namespace Crashdive.Tests.Symbols;

/// <summary>A growable little-endian byte buffer for building synthetic ELF and DWARF.</summary>
internal sealed class ByteWriter
{
    private readonly List<byte> _bytes = [];

    public int Position => _bytes.Count;

    public ByteWriter U8(byte v)
    {
        _bytes.Add(v);
        return this;
    }

    public ByteWriter U16(ushort v) => Raw(BitConverter.GetBytes(v));

    public ByteWriter U32(uint v) => Raw(BitConverter.GetBytes(v));

    public ByteWriter U64(ulong v) => Raw(BitConverter.GetBytes(v));

    public ByteWriter Raw(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            _bytes.Add(b);
        return this;
    }

    public ByteWriter ULeb(ulong v)
    {
        do
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            if (v != 0)
                b |= 0x80;
            _bytes.Add(b);
        }
        while (v != 0);
        return this;
    }

    public ByteWriter SLeb(long v)
    {
        while (true)
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            _bytes.Add(done ? b : (byte)(b | 0x80));
            if (done)
                return this;
        }
    }

    public ByteWriter CString(string s) => Raw(Encoding.UTF8.GetBytes(s)).U8(0);

    public ByteWriter Align(int alignment)
    {
        while (_bytes.Count % alignment != 0)
            _bytes.Add(0);
        return this;
    }

    public void PatchU32(int at, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        for (int i = 0; i < 4; i++)
            _bytes[at + i] = b[i];
    }

    public byte[] ToArray() => _bytes.ToArray();
}
