using Crashdive.Symbols.Dwarf;

namespace Crashdive.Tests.Symbols;

/// <summary>Table-driven LEB128 cases: minimal, padded (overlong but legal), too long, overflowing, truncated.</summary>
public sealed class Leb128Tests
{
    // bytes (hex), expected length (0 = truncated, -1 = refused), expected value
    public static TheoryData<string, int, ulong> UnsignedCases => new()
    {
        { "00", 1, 0 },
        { "01", 1, 1 },
        { "7f", 1, 127 },
        { "8001", 2, 128 },
        { "e58e26", 3, 624485 },
        { "808000", 3, 0 },                                  // padded zero, as linkers emit
        { "ff00", 2, 127 },                                  // padded 127
        { "ffffffffffffffffff01", 10, ulong.MaxValue },
        { "80808080808080808000", 10, 0 },                   // padded to the full 10 bytes
        { "ffffffffffffffffff02", -1, 0 },                   // bit 64 set: does not fit
        { "ffffffffffffffffff81", -1, 0 },                   // an 11th byte would follow
        { "8080808080808080808000", -1, 0 },                 // 11 bytes: longer than any 64-bit value
        { "", 0, 0 },
        { "80", 0, 0 },                                      // continuation bit, then end of data
        { "ffffff", 0, 0 },
    };

    public static TheoryData<string, int, long> SignedCases => new()
    {
        { "00", 1, 0 },
        { "02", 1, 2 },
        { "7e", 1, -2 },
        { "ff00", 2, 127 },
        { "817f", 2, -127 },
        { "8001", 2, 128 },
        { "807f", 2, -128 },
        { "c0bb78", 3, -123456 },
        { "ffffffffffffffff7f", 9, -1 },                     // padded -1
        { "8080808080808080807f", 10, long.MinValue },
        { "ffffffffffffffffff00", 10, long.MaxValue },
        { "ffffffffffffffffff01", -1, 0 },                   // 10th byte's payload must repeat the sign bit
        { "8080808080808080803f", -1, 0 },
        { "ffffffffffffffffff80", -1, 0 },                   // continuation on the 10th byte
        { "", 0, 0 },
        { "ff", 0, 0 },
    };

    [Theory]
    [MemberData(nameof(UnsignedCases))]
    public void Unsigned(string hex, int length, ulong value)
    {
        int n = Leb128.TryReadUnsigned(Convert.FromHexString(hex), out ulong v);
        Assert.Equal(length, n);
        if (n > 0)
            Assert.Equal(value, v);
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Signed(string hex, int length, long value)
    {
        int n = Leb128.TryReadSigned(Convert.FromHexString(hex), out long v);
        Assert.Equal(length, n);
        if (n > 0)
            Assert.Equal(value, v);
    }

    [Fact]
    public void Round_trips_every_encoder_output()
    {
        ulong[] values = [0, 1, 63, 64, 127, 128, 300, 16383, 16384, uint.MaxValue, 1UL << 56, ulong.MaxValue - 1, ulong.MaxValue];
        foreach (ulong u in values)
        {
            byte[] e = new ByteWriter().ULeb(u).ToArray();
            Assert.Equal(e.Length, Leb128.TryReadUnsigned(e, out ulong back));
            Assert.Equal(u, back);
            long s = (long)u;
            byte[] se = new ByteWriter().SLeb(s).ToArray();
            Assert.Equal(se.Length, Leb128.TryReadSigned(se, out long sback));
            Assert.Equal(s, sback);
            byte[] ne = new ByteWriter().SLeb(-s).ToArray();
            Assert.Equal(ne.Length, Leb128.TryReadSigned(ne, out long nback));
            Assert.Equal(-s, nback);
        }
    }
}
