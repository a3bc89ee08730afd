using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Kdump;

/// <summary>
/// One bitmap of a kdump file (bit n set = page frame n is RAM, or is dumped), held as 64-bit words,
/// with a rank table so that "how many set bits come before pfn" costs one table read and at most
/// eight popcounts: the position of a page's descriptor is that count.
/// </summary>
internal sealed class KdumpBitmap
{
    // One prefix sum per 8 words (512 page frames): the table is 1/8 the size of the bitmap, and a
    // lookup popcounts at most 7 whole words plus one masked word.
    private const int WordsPerRankBlock = 8;
    private const int RankBlockShift = 9; // log2(64 * WordsPerRankBlock)

    private readonly ulong[] _words;
    private readonly long[] _rank;

    private KdumpBitmap(ulong[] words, ulong bits)
    {
        _words = words;
        Bits = bits;
        _rank = new long[(words.Length + WordsPerRankBlock - 1) / WordsPerRankBlock + 1];
        long sum = 0;
        for (int w = 0; w < words.Length; w++)
        {
            if ((w & (WordsPerRankBlock - 1)) == 0)
                _rank[w / WordsPerRankBlock] = sum;
            sum += BitOperations.PopCount(words[w]);
        }
        _rank[^1] = sum;
        Count = sum;
    }

    /// <summary>How many page frames the bitmap covers.</summary>
    public ulong Bits { get; }

    /// <summary>How many bits are set.</summary>
    public long Count { get; }

    /// <summary>
    /// Reads <paramref name="bits"/> bits stored at <paramref name="offset"/> (bit n in byte n/8, bit n%8).
    /// The caller has checked that the bytes lie inside the file; bits past <paramref name="bits"/> in the
    /// last word are cleared so that ranks never count them.
    /// </summary>
    public static KdumpBitmap Read(IFileSource source, long offset, ulong bits, string what)
    {
        long words = (long)((bits + 63) / 64);
        var data = new ulong[words];
        long bytes = (long)((bits + 7) / 8);
        var span = MemoryMarshal.AsBytes(data.AsSpan())[..checked((int)bytes)];
        const int Chunk = 1 << 20;
        for (int done = 0; done < span.Length; done += Chunk)
        {
            int n = Math.Min(Chunk, span.Length - done);
            source.ReadExactly(offset + done, span.Slice(done, n), what);
        }
        if (!BitConverter.IsLittleEndian)
            for (long i = 0; i < words; i++)
                data[i] = BinaryPrimitives.ReverseEndianness(data[i]);
        int tail = (int)(bits % 64);
        if (tail != 0)
            data[^1] &= (1UL << tail) - 1;
        return new KdumpBitmap(data, bits);
    }

    /// <summary>True when bit <paramref name="pfn"/> is set; false past the end.</summary>
    public bool IsSet(ulong pfn) =>
        pfn < Bits && (_words[pfn >> 6] & (1UL << (int)(pfn & 63))) != 0;

    /// <summary>How many bits are set below <paramref name="pfn"/> (all of them when past the end).</summary>
    public long Rank(ulong pfn)
    {
        if (pfn >= Bits)
            return Count;
        long word = (long)(pfn >> 6);
        long r = _rank[pfn >> RankBlockShift];
        for (long w = (long)((pfn >> RankBlockShift) * WordsPerRankBlock); w < word; w++)
            r += BitOperations.PopCount(_words[w]);
        ulong below = (1UL << (int)(pfn & 63)) - 1;
        return r + BitOperations.PopCount(_words[word] & below);
    }

    /// <summary>
    /// The first page frame at or after <paramref name="pfn"/> whose bit equals <paramref name="set"/>,
    /// or <see cref="Bits"/> when there is none. Skips whole words at a time.
    /// </summary>
    public ulong NextWith(ulong pfn, bool set)
    {
        while (pfn < Bits)
        {
            ulong word = _words[pfn >> 6];
            if (!set)
                word = ~word;
            word &= ~0UL << (int)(pfn & 63);
            if (word != 0)
                return Math.Min(Bits, (pfn & ~63UL) + (ulong)BitOperations.TrailingZeroCount(word));
            pfn = (pfn & ~63UL) + 64;
        }
        return Bits;
    }
}
