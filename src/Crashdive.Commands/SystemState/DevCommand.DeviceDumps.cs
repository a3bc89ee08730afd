using System.Buffers.Binary;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Dumps.Notes;

namespace Crashdive.Commands.SystemState;

public sealed partial class DevCommand
{
    // include/uapi/linux/vmcore.h: device dumps are ELF notes named "LINUX" of type NT_VMCOREDD whose descriptor starts
    // with the dump's name in 44 bytes; the note header (12 bytes and the 8-byte name) and that name make the 64-byte
    // struct vmcoredd_header in front of the data.
    private const uint NtVmcoredd = 0x700;
    private const int NameBytes = 44;
    private const int HeaderBytes = 12 + 8 + NameBytes;

    private static List<ElfNote> DeviceDumps(CommandContext context)
    {
        var list = new List<ElfNote>();
        foreach (var n in context.Kernel.Dump.Notes.All)
        {
            if (n.Type == NtVmcoredd && n.Name == "LINUX" && n.Desc.Length >= NameBytes)
                list.Add(n);
        }
        if (list.Count == 0)
            throw new CommandException("no device dumps found in this dumpfile");
        return list;
    }

    private static string DumpName(ElfNote n)
    {
        int end = Array.IndexOf(n.Desc, (byte)0, 0, NameBytes);
        return Encoding.ASCII.GetString(n.Desc, 0, end < 0 ? NameBytes : end);
    }

    // crash's kdump_device_dump_info: index, the file offset of the data, its size, the device's name
    private static void ListDeviceDumps(CommandContext context)
    {
        var dumps = DeviceDumps(context);
        var o = new StringBuilder("INDEX  ").Append(CrashText.LJust("OFFSET", 16)).Append("   ").Append(CrashText.LJust("SIZE", 16)).Append(" NAME\n");
        for (int i = 0; i < dumps.Count; i++)
        {
            long offset = dumps[i].FileOffset + HeaderBytes;
            o.Append(CrashText.Center(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 5)).Append("  0x")
                .Append(CrashText.LJust(offset.ToString("x"), 16)).Append(' ')
                .Append(CrashText.LJust((dumps[i].Desc.Length - NameBytes).ToString(System.Globalization.CultureInfo.InvariantCulture), 16)).Append(' ')
                .Append(DumpName(dumps[i])).Append('\n');
        }
        context.Out.Write(o.ToString());
    }

    // crash's devdump_extract: the device's name, then its data to FILE, or shown as 64-bit words at their file offsets
    private static void ExtractDeviceDump(CommandContext context, int index, string? file)
    {
        var dumps = DeviceDumps(context);
        if (index < 0 || index >= dumps.Count)
            throw new CommandException($"no device dump found at index: {index}");
        var note = dumps[index];
        ReadOnlySpan<byte> data = note.Desc.AsSpan(NameBytes);
        context.Out.Write($"DEVICE: {DumpName(note)}\n");
        if (file != null)
        {
            try
            {
                File.WriteAllBytes(file, data.ToArray());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandException($"cannot open output file: {file}");
            }
            return;
        }
        long offset = note.FileOffset + HeaderBytes;
        var o = new StringBuilder();
        Span<byte> word = stackalloc byte[8];
        for (int i = 0; i < data.Length; i += 8)
        {
            if (i % 16 == 0)
                o.Append((offset + i).ToString("x16")).Append(": ");
            word.Clear();
            data.Slice(i, Math.Min(8, data.Length - i)).CopyTo(word);
            o.Append(' ').Append(BinaryPrimitives.ReadUInt64LittleEndian(word).ToString("x16"));
            if (i % 16 == 8 || i + 8 >= data.Length)
                o.Append(" \n");
        }
        context.Out.Write(o.ToString());
    }
}
