using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// A bounds-checked little-endian cursor over one DWARF section. Every read checks the remaining
/// bytes (against <see cref="Limit"/>, which a unit can narrow to its own end) and throws a one-line
/// <see cref="DebugInfoFormatException"/> naming the section and offset when the data runs out.
/// </summary>
internal ref struct DwarfReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly DwarfSection _section;
    private int _pos;
    private int _limit;

    public DwarfReader(DwarfSection section, int position)
        : this(section, position, section.Length)
    {
    }

    public DwarfReader(DwarfSection section, int position, int limit)
    {
        _section = section;
        _data = section.Span;
        _limit = Math.Min(limit, _data.Length);
        _pos = position;
        if ((uint)position > (uint)_limit)
            Fail(position, $"offset 0x{position:x} is past the end (0x{_limit:x})");
    }

    /// <summary>Current offset in the section.</summary>
    public int Position
    {
        readonly get => _pos;
        set
        {
            if ((uint)value > (uint)_limit)
                Fail(_pos, $"offset 0x{value:x} is past the end (0x{_limit:x})");
            _pos = value;
        }
    }

    /// <summary>Offset reads may not pass (the section end or a unit end).</summary>
    public int Limit
    {
        readonly get => _limit;
        set => _limit = Math.Min(value, _data.Length);
    }

    /// <summary>Bytes left before <see cref="Limit"/>.</summary>
    public readonly int Remaining => _limit - _pos;

    /// <summary>The section being read.</summary>
    public readonly DwarfSection Section => _section;

    /// <summary>The whole section's bytes.</summary>
    public readonly ReadOnlySpan<byte> Data => _data;

    public byte ReadU8()
    {
        if (_pos >= _limit)
            Truncated(1);
        return _data[_pos++];
    }

    public ushort ReadU16()
    {
        if (_limit - _pos < 2)
            Truncated(2);
        ushort v = BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(_pos, 2));
        _pos += 2;
        return v;
    }

    public uint ReadU24()
    {
        if (_limit - _pos < 3)
            Truncated(3);
        uint v = _data[_pos] | (uint)_data[_pos + 1] << 8 | (uint)_data[_pos + 2] << 16;
        _pos += 3;
        return v;
    }

    public uint ReadU32()
    {
        if (_limit - _pos < 4)
            Truncated(4);
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_pos, 4));
        _pos += 4;
        return v;
    }

    public ulong ReadU64()
    {
        if (_limit - _pos < 8)
            Truncated(8);
        ulong v = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_pos, 8));
        _pos += 8;
        return v;
    }

    /// <summary>A 4- or 8-byte section offset (32- or 64-bit DWARF).</summary>
    public ulong ReadOffset(int size) => size == 8 ? ReadU64() : ReadU32();

    /// <summary>An address of the unit's address size (1, 2, 4 or 8 bytes).</summary>
    public ulong ReadAddress(int size) => size switch
    {
        8 => ReadU64(),
        4 => ReadU32(),
        2 => ReadU16(),
        1 => ReadU8(),
        _ => throw _section.Error(_pos, $"address size {size} is not supported"),
    };

    /// <summary>An unsigned value of <paramref name="size"/> bytes (1..8).</summary>
    public ulong ReadUnsigned(int size) => size switch
    {
        1 => ReadU8(),
        2 => ReadU16(),
        3 => ReadU24(),
        4 => ReadU32(),
        8 => ReadU64(),
        _ => throw _section.Error(_pos, $"value size {size} is not supported"),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadULeb128()
    {
        if (_pos < _limit)
        {
            byte b = _data[_pos];
            if (b < 0x80)
            {
                _pos++;
                return b;
            }
        }
        return ReadULeb128Slow();
    }

    private ulong ReadULeb128Slow()
    {
        int n = Leb128.TryReadUnsigned(_data[_pos.._limit], out ulong v);
        if (n <= 0)
            LebError(n);
        _pos += n;
        return v;
    }

    public long ReadSLeb128()
    {
        int n = Leb128.TryReadSigned(_data[_pos.._limit], out long v);
        if (n <= 0)
            LebError(n);
        _pos += n;
        return v;
    }

    /// <summary>Skips a NUL-terminated string and returns the offset where it started.</summary>
    public int SkipCString()
    {
        int start = _pos;
        int end = _data[_pos.._limit].IndexOf((byte)0);
        if (end < 0)
            Fail(start, "string is not NUL-terminated before the end");
        _pos += end + 1;
        return start;
    }

    /// <summary>Advances by <paramref name="count"/> bytes.</summary>
    public void Skip(ulong count)
    {
        if (count > (ulong)(_limit - _pos))
            Fail(_pos, $"block of 0x{count:x} bytes runs past the end (0x{_limit:x})");
        _pos += (int)count;
    }

    /// <summary>The next <paramref name="count"/> bytes, consumed.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)(_limit - _pos))
            Fail(_pos, $"block of 0x{count:x} bytes runs past the end (0x{_limit:x})");
        ReadOnlySpan<byte> s = _data.Slice(_pos, count);
        _pos += count;
        return s;
    }

    [DoesNotReturn]
    public readonly void Fail(long offset, string reason) => throw _section.Error(offset, reason);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void Truncated(int wanted) =>
        throw _section.Error(_pos, $"{wanted}-byte value runs past the end (0x{_limit:x})");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void LebError(int code) =>
        throw _section.Error(_pos, code == 0 ? "LEB128 number runs past the end" : "LEB128 number is longer than 10 bytes or does not fit in 64 bits");
}
