using Crashdive.Dumps.Sources;

namespace Crashdive.Tests.Dumps;

/// <summary>A built synthetic core and where its parts are.</summary>
internal sealed record ElfCoreImage(byte[] Bytes, long PhOff, int PhCount, int NoteSegments, long[] NoteOffsets, int[] NoteSizes, long[] LoadOffsets, long ShOff)
{
    /// <summary>The path synthetic cores are given in messages.</summary>
    public const string Path = "synthetic.core";

    /// <summary>File offset of program header <paramref name="index"/> (notes come first, then loads).</summary>
    public long Phdr(int index) => PhOff + index * 56L;

    /// <summary>File offset of the program header of PT_LOAD number <paramref name="load"/>.</summary>
    public long LoadPhdr(int load) => Phdr(NoteSegments + load);

    /// <summary>A copy of the bytes changed by <paramref name="patch"/>.</summary>
    public byte[] With(Action<byte[]> patch)
    {
        var copy = (byte[])Bytes.Clone();
        patch(copy);
        return copy;
    }

    /// <summary>The bytes (cut to <paramref name="length"/> if given) as a file source.</summary>
    public IFileSource Source(int? length = null) => new MemorySource(Bytes.AsSpan(0, length ?? Bytes.Length).ToArray());

    /// <summary>
    /// A file in memory; nested because only these tests need it. Reads touching bytes at or
    /// past <paramref name="failFrom"/> throw an I/O error, as a failing disk or /proc/kcore can.
    /// </summary>
    internal sealed class MemorySource(byte[] bytes, string path = Path, long failFrom = long.MaxValue) : IFileSource
    {
        public string Path { get; } = path;

        public long Length => bytes.Length;

        public int ReadAt(long offset, Span<byte> buffer)
        {
            if (offset < 0 || offset >= bytes.Length)
                return 0;
            int n = (int)Math.Min(buffer.Length, bytes.Length - offset);
            if (offset + n > failFrom)
                throw new IOException("Input/output error");
            bytes.AsSpan((int)offset, n).CopyTo(buffer);
            return n;
        }

        public void Dispose()
        {
        }
    }
}
