namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// LEB128 decoding (DWARF 5 section 7.6). Padded encodings (0x80 0x80 0x00 for 0), which linkers
/// use, are accepted up to the 10 bytes a 64-bit value can need; longer ones, and ones whose value
/// does not fit in 64 bits, are refused, as is an encoding cut off by the end of the data.
/// </summary>
public static class Leb128
{
    /// <summary>Most bytes a 64-bit value takes.</summary>
    public const int MaxLength = 10;

    /// <summary>
    /// Decodes an unsigned LEB128 at the start of <paramref name="data"/>. Returns the number of bytes
    /// used, 0 when the data ends inside the number, or -1 when it is longer than 10 bytes or overflows 64 bits.
    /// </summary>
    public static int TryReadUnsigned(ReadOnlySpan<byte> data, out ulong value)
    {
        value = 0;
        int shift = 0;
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            if (i == MaxLength - 1)
            {
                // Bit 63 only: any other payload bit or a continuation is out of range.
                if ((b & 0xfe) != 0)
                    return -1;
                value |= (ulong)b << 63;
                return MaxLength;
            }
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return i + 1;
            shift += 7;
        }
        value = 0;
        return 0;
    }

    /// <summary>
    /// Decodes a signed LEB128 at the start of <paramref name="data"/>. Returns the number of bytes
    /// used, 0 when the data ends inside the number, or -1 when it is longer than 10 bytes or overflows 64 bits.
    /// </summary>
    public static int TryReadSigned(ReadOnlySpan<byte> data, out long value)
    {
        ulong result = 0;
        int shift = 0;
        value = 0;
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            if (i == MaxLength - 1)
            {
                // The last byte holds bit 63; its other payload bits must repeat it (sign extension).
                if ((b & 0x80) != 0 || ((b & 0x7f) != 0 && (b & 0x7f) != 0x7f))
                    return -1;
                result |= (ulong)b << 63;
                value = (long)result;
                return MaxLength;
            }
            result |= (ulong)(b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                if ((b & 0x40) != 0)
                    result |= ~0UL << shift;
                value = (long)result;
                return i + 1;
            }
        }
        return 0;
    }
}
