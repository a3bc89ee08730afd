namespace Crashdive.Symbols.Elf;

public sealed partial class ElfImage
{
    private readonly SectionData?[] _sectionData;
    private readonly Lock _dataLock = new();

    /// <summary>
    /// The contents of <paramref name="section"/> ready to parse: inflated if compressed, and in a
    /// relocatable file, with its relocations applied when it is a .debug_* section. Computed once
    /// and kept; uncompressed sections of executables are a window of the mapping (no copy).
    /// </summary>
    public ReadOnlySpan<byte> GetSectionData(ElfSection section) => GetSectionDataObject(section).Span;

    internal SectionData GetSectionDataObject(ElfSection section)
    {
        SectionData? data = Volatile.Read(ref _sectionData[section.Index]);
        if (data != null)
            return data;
        lock (_dataLock)
        {
            data = _sectionData[section.Index];
            if (data == null)
            {
                data = LoadSectionData(section);
                Volatile.Write(ref _sectionData[section.Index], data);
            }
        }
        return data;
    }

    private unsafe SectionData LoadSectionData(ElfSection section)
    {
        if (section.IsNoBits || section.Type == ElfConstants.SectionTypeNull)
            return SectionData.Empty;
        if (section.Size > int.MaxValue)
            throw new DebugInfoFormatException(Path, section.HeaderOffset, $"section {section.Name} is larger than 2 GiB, which this reader does not support");
        ReadOnlySpan<byte> raw = GetRawSection(section);

        byte[]? copy = null;
        if (section.IsCompressed)
            copy = SectionDecompressor.DecompressElf(Path, section, raw);
        else if (section.Name.StartsWith(".zdebug_", StringComparison.Ordinal))
            copy = SectionDecompressor.DecompressGnu(Path, section, raw);

        if (IsRelocatable && IsDebugSectionName(section.Name) && ElfRelocator.HasRelocations(this, section.Index))
        {
            copy ??= raw.ToArray();
            ElfRelocator.Apply(this, section, copy);
        }

        if (copy != null)
            return new SectionData(copy);
        return new SectionData(_file.Pointer + (long)section.FileOffset, (int)section.Size);
    }

    private static bool IsDebugSectionName(string name) =>
        name.StartsWith(".debug_", StringComparison.Ordinal) || name.StartsWith(".zdebug_", StringComparison.Ordinal);
}
