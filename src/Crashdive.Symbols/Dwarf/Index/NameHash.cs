using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// The 64-bit hash of names in the index. Stable across runs and machines (it is stored in the
/// cache file; changing it needs a new index format version). Collisions are harmless: every hit
/// is checked against the DIE's real name.
/// </summary>
internal static class NameHash
{
    private const ulong Seed = 0x9E3779B97F4A7C15;
    private const ulong Prime = 0xff51afd7ed558ccd;

    /// <summary>Hash of UTF-8 <paramref name="name"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan: tier-0 code made the first scan ~2x slower (bench/)
    public static ulong Of(ReadOnlySpan<byte> name)
    {
        ulong h = Seed ^ (ulong)name.Length;
        while (name.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(name)) * Prime;
            h = BitOperations.RotateLeft(h, 31);
            name = name[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < name.Length; i++)
            tail |= (ulong)name[i] << (8 * i);
        h = (h ^ tail) * Prime;
        return Finish(h);
    }

    /// <summary>Hash of <paramref name="name"/> in UTF-8.</summary>
    public static ulong Of(string name)
    {
        Span<byte> buffer = stackalloc byte[256];
        int max = Encoding.UTF8.GetMaxByteCount(name.Length);
        byte[]? rented = max > buffer.Length ? new byte[max] : null;
        Span<byte> b = rented ?? buffer;
        int n = Encoding.UTF8.GetBytes(name, b);
        return Of(b[..n]);
    }

    /// <summary>Mixes two numbers into one (for entry discriminators and checksums).</summary>
    public static ulong Mix(ulong a, ulong b) => Finish((a ^ BitOperations.RotateLeft(b, 29)) * Prime + b);

    /// <summary>Checksum of a block of 64-bit words.</summary>
    public static ulong Checksum(ReadOnlySpan<ulong> words)
    {
        // Four independent lanes so the loop is not one long multiply chain.
        ulong h0 = Seed, h1 = Seed + 1, h2 = Seed + 2, h3 = Seed + 3;
        int i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            h0 = BitOperations.RotateLeft((h0 ^ words[i]) * Prime, 31);
            h1 = BitOperations.RotateLeft((h1 ^ words[i + 1]) * Prime, 31);
            h2 = BitOperations.RotateLeft((h2 ^ words[i + 2]) * Prime, 31);
            h3 = BitOperations.RotateLeft((h3 ^ words[i + 3]) * Prime, 31);
        }
        for (; i < words.Length; i++)
            h0 = BitOperations.RotateLeft((h0 ^ words[i]) * Prime, 31);
        return Finish(Mix(Mix(h0, h1), Mix(h2, h3)) ^ (ulong)words.Length);
    }

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        h ^= h >> 33;
        return h;
    }
}
