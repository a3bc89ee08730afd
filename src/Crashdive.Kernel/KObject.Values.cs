using System.Buffers.Binary;
using System.Text;
using Crashdive.Dumps;
using Crashdive.Symbols.Types;

namespace Crashdive.Kernel;

public readonly partial struct KObject
{
    /// <summary>Longest string <see cref="ReadString"/> reads by default.</summary>
    public const int DefaultMaxString = 4096;

    /// <summary>The object's bytes (sizeof its type, at most 16 MiB), read from memory for a reference.</summary>
    public byte[] ReadBytes()
    {
        if (_value != null)
            return _value;
        ulong size = Size;
        if (size > 16 << 20)
            throw new KernelObjectException($"{Type} is too large to read ({size} bytes)");
        var buffer = new byte[size];
        Kernel.Memory.Read(Address, buffer);
        return buffer;
    }

    /// <summary>
    /// The object's bytes as far as the dump holds them, for an object that may straddle memory the
    /// dump left out (a page makedumpfile excluded): the bytes that cannot be read are zero in the
    /// result and <paramref name="unreadable"/> lists them as address ranges [start, end), in
    /// ascending order; it is null when every byte was read. A value (not in memory) is returned
    /// whole. When the object's first byte cannot be read (a bad address rather than a straddled
    /// page), its fault is thrown, as <see cref="ReadBytes"/> does.
    /// </summary>
    public byte[] ReadAvailableBytes(out List<(ulong Start, ulong End)>? unreadable)
    {
        unreadable = null;
        if (_value != null)
            return _value;
        ulong size = Size;
        if (size > 16 << 20)
            throw new KernelObjectException($"{Type} is too large to read ({size} bytes)");
        var buffer = new byte[size];
        IAddressSpace space = Kernel.Memory.Space;
        ulong pageSize = (ulong)Math.Max(Kernel.Dump.PageSize, 1);
        int done = 0;
        while (done < buffer.Length)
        {
            ulong at = unchecked(Address + (ulong)done);
            int got = space.Read(at, buffer.AsSpan(done));
            if (done == 0 && got == 0)
                throw Kernel.Memory.Fault(Address);
            done += got;
            if (done >= buffer.Length)
                break;
            // The byte at done cannot be read: skip to the next page and try again from there.
            ulong bad = unchecked(Address + (ulong)done);
            ulong next = unchecked(bad - bad % pageSize + pageSize);
            int skip = next <= bad ? buffer.Length - done : (int)Math.Min(next - bad, (ulong)(buffer.Length - done));
            if (unreadable is { Count: > 0 } && unreadable[^1].End == bad)
                unreadable[^1] = (unreadable[^1].Start, bad + (ulong)skip);
            else
                (unreadable ??= []).Add((bad, bad + (ulong)skip));
            done += skip;
        }
        return buffer;
    }

    /// <summary>
    /// The value as an unsigned integer: integers (sign-extended to 64 bits when signed), pointers,
    /// enums, booleans and bit fields. Other types are a <see cref="KernelObjectException"/>.
    /// </summary>
    public ulong ToUInt64()
    {
        CType t = UnderlyingType;
        bool signed = IsSignedType(t);
        if (t is not (BaseType or PointerType or EnumType))
            throw new KernelObjectException($"{Type} is not a number or pointer");
        if (IsBitField)
        {
            int bytes = (BitOffset + BitSize + 7) / 8;
            Span<byte> b = stackalloc byte[8];
            b.Clear();
            Kernel.Memory.Read(Address, b[..bytes]);
            return ExtractBits(b, BitOffset, BitSize, signed);
        }
        int size = (int)Math.Clamp(t.Size ?? 8, 1, 8);
        Span<byte> buf = stackalloc byte[8];
        buf.Clear();
        if (_value != null)
            _value.AsSpan(0, Math.Min(size, _value.Length)).CopyTo(buf);
        else
            Kernel.Memory.Read(Address, buf[..size]);
        ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(buf);
        if (signed && size < 8 && (raw & (1UL << (size * 8 - 1))) != 0)
            raw |= ~0UL << (size * 8);
        return raw;
    }

    /// <summary>The value as a signed integer.</summary>
    public long ToInt64() => unchecked((long)ToUInt64());

    /// <summary>The value as a boolean (non-zero).</summary>
    public bool ToBool() => ToUInt64() != 0;

    /// <summary>The value of a float or double.</summary>
    public double ToDouble()
    {
        CType t = UnderlyingType;
        if (t is not BaseType { IsFloat: true } b)
            return IsSignedType(t) ? ToInt64() : ToUInt64();
        byte[] bytes = ReadBytes();
        return b.ByteSize == 4 ? BitConverter.ToSingle(bytes) : BitConverter.ToDouble(bytes);
    }

    /// <summary>
    /// The C string this object holds (a char array) or points to (a char pointer), up to
    /// <paramref name="max"/> bytes; bytes are taken as Latin-1 so nothing is lost.
    /// </summary>
    public string ReadString(int max = DefaultMaxString)
    {
        CType t = UnderlyingType;
        if (t is ArrayType a)
        {
            byte[] bytes = ReadBytes();
            int n = bytes.AsSpan(0, Math.Min(bytes.Length, max)).IndexOf((byte)0);
            return Encoding.Latin1.GetString(bytes, 0, n < 0 ? Math.Min(bytes.Length, max) : n);
        }
        if (t is PointerType)
            return Kernel.Memory.ReadCString(ToUInt64(), max);
        throw new KernelObjectException($"{Type} is not a string");
    }

    /// <summary>True for signed integers, signed enums and their typedefs.</summary>
    public static bool IsSignedType(CType type) => type.Underlying() switch
    {
        BaseType b => b.IsSigned,
        EnumType e => e.IsSigned,
        _ => false,
    };

    private static ulong ExtractBits(ReadOnlySpan<byte> bytes, int bitOffset, int bitSize, bool signed)
    {
        Span<byte> b = stackalloc byte[16];
        b.Clear();
        int first = bitOffset / 8;
        int count = Math.Min((bitOffset % 8 + bitSize + 7) / 8, Math.Max(0, bytes.Length - first));
        if (count > 0)
            bytes.Slice(first, count).CopyTo(b);
        UInt128 raw = BinaryPrimitives.ReadUInt128LittleEndian(b);
        ulong v = (ulong)(raw >> (bitOffset % 8));
        if (bitSize < 64)
        {
            v &= (1UL << bitSize) - 1;
            if (signed && (v & (1UL << (bitSize - 1))) != 0)
                v |= ~0UL << bitSize;
        }
        return v;
    }
}
