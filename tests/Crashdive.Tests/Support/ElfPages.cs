using System.Buffers.Binary;

namespace Crashdive.Tests.Support;

/// <summary>
/// A deliberately tiny reader of an ELF64 vmcore's PT_LOAD segments, private to the tests, so that
/// kdump pages can be checked against the ELF dump of the same crash independently of the project's
/// own ELF reader. Bytes a segment covers in memory but not in the file (p_memsz beyond p_filesz)
/// read as zeros, as the ELF specification says.
/// </summary>
public sealed class ElfPages : IDisposable
{
    private readonly FileStream _file;
    private readonly List<(ulong Paddr, ulong FileSize, ulong MemSize, long Offset)> _loads = [];

    public ElfPages(string path)
    {
        _file = File.OpenRead(path);
        var eh = new byte[64];
        _file.ReadExactly(eh);
        if (eh[0] != 0x7f || eh[1] != 'E' || eh[2] != 'L' || eh[3] != 'F' || eh[4] != 2)
            throw new InvalidDataException($"{path}: not an ELF64 file");
        long phoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(eh.AsSpan(32));
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(eh.AsSpan(54));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(eh.AsSpan(56));
        var ph = new byte[phentsize * phnum];
        _file.Position = phoff;
        _file.ReadExactly(ph);
        for (int i = 0; i < phnum; i++)
        {
            var p = ph.AsSpan(i * phentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(p) != 1) // PT_LOAD
                continue;
            _loads.Add((BinaryPrimitives.ReadUInt64LittleEndian(p[24..]), BinaryPrimitives.ReadUInt64LittleEndian(p[32..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[40..]), (long)BinaryPrimitives.ReadUInt64LittleEndian(p[8..])));
        }
    }

    /// <summary>Fills <paramref name="page"/> with the bytes at physical <paramref name="paddr"/>; false when no PT_LOAD covers it.</summary>
    public bool TryRead(ulong paddr, Span<byte> page)
    {
        foreach (var l in _loads)
        {
            if (paddr < l.Paddr || paddr + (ulong)page.Length > l.Paddr + l.MemSize)
                continue;
            ulong inSeg = paddr - l.Paddr;
            page.Clear();
            if (inSeg < l.FileSize)
            {
                int n = (int)Math.Min((ulong)page.Length, l.FileSize - inSeg);
                _file.Position = l.Offset + (long)inSeg;
                _file.ReadExactly(page[..n]);
            }
            return true;
        }
        return false;
    }

    public void Dispose() => _file.Dispose();
}
