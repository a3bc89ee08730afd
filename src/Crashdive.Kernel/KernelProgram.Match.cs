using System.Text;
using Crashdive.Symbols.Elf;

namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    /// <summary>
    /// Why the vmlinux does not belong to this dump, or null when it does (or nothing can tell):
    /// the dump's VMCOREINFO BUILD-ID against the vmlinux's build-id, else the kernel's
    /// <c>linux_banner</c> in memory against the one in the vmlinux file.
    /// </summary>
    public string? VmlinuxMismatch()
    {
        if (Vmlinux == null)
            return null;
        string? dumpId = VmcoreInfo?.BuildId;
        string? fileId = Vmlinux.BuildId;
        if (dumpId != null && fileId != null)
        {
            // VMCOREINFO pads the id to 20 bytes with zeros.
            string d = dumpId.Trim().ToLowerInvariant(), f = fileId.ToLowerInvariant();
            if (d.StartsWith(f, StringComparison.Ordinal) && d[f.Length..].Trim('0').Length == 0)
                return null;
            return $"vmlinux build-id {f} does not match the dump's {d}";
        }
        string? fileBanner = FileBanner();
        if (fileBanner == null)
            return null;
        string? memoryBanner = null;
        try
        {
            if (SymbolAddress("linux_banner") is ulong a)
                memoryBanner = Memory.TryReadCString(a, 512);
        }
        catch (Exception e) when (e is KernelLayoutException or Dumps.MemoryFaultException)
        {
        }
        if (memoryBanner == null || memoryBanner == fileBanner)
            return null;
        return $"vmlinux banner \"{fileBanner.TrimEnd()}\" does not match the dump's \"{memoryBanner.TrimEnd()}\"";
    }

    private string? FileBanner()
    {
        ElfImage elf = Vmlinux!.Elf;
        if (!Vmlinux.Symbols.TryFind("linux_banner", out ElfSymbol sym) || sym.SectionIndex >= elf.Sections.Count)
            return null;
        ElfSection section = elf.Sections[sym.SectionIndex];
        ulong start = elf.SectionAddress(section.Index);
        if (sym.Address < start || sym.Address - start >= section.Size)
            return null;
        ulong len = Math.Min(512, section.Size - (sym.Address - start));
        try
        {
            ReadOnlySpan<byte> bytes = elf.ReadFile((long)(section.FileOffset + (sym.Address - start)), (long)len, "linux_banner");
            int nul = bytes.IndexOf((byte)0);
            return Encoding.Latin1.GetString(nul < 0 ? bytes : bytes[..nul]);
        }
        catch (Symbols.DebugInfoFormatException)
        {
            return null;
        }
    }
}
