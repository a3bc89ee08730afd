using System.Buffers.Binary;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Commands.Symbols;
using Crashdive.Kernel;

namespace Crashdive.Commands.Memory;

/// <summary>
/// The work of <c>rd</c> (crash's <c>display_memory</c>): items per line by width, the address column,
/// the ASCII column, symbols, decimal forms, and stopping with crash's message at memory the dump
/// does not hold. Other commands that dump memory (<c>struct -r</c>, <c>bt -r</c>) can reuse it.
/// </summary>
public static class MemoryDisplay
{
    private const int AddressWidth = 16;
    private const int AsciiCharsPerLine = 60;

    /// <summary>Prints <paramref name="request"/>'s items; <paramref name="symbols"/> is needed for <see cref="RdFormat.Symbolic"/>.</summary>
    public static void Show(CommandContext context, RdRequest request, Kallsyms? symbols)
    {
        if (request.Count <= 0)
            throw new CommandException($"invalid count request: {request.Count}");
        var output = context.Out;
        var kernel = context.Kernel;
        int size = request.ItemSize;
        int perLine = request.Display switch
        {
            RdDisplay.Bits8 => 16,
            RdDisplay.Bits16 => 8,
            RdDisplay.Bits32 => 4,
            RdDisplay.Bits64 => 2,
            _ => AsciiCharsPerLine,
        };
        int asciiStart = AddressWidth + request.Display switch
        {
            RdDisplay.Bits8 => 51,
            RdDisplay.Bits16 => 43,
            RdDisplay.Bits32 => 39,
            _ => 37,
        };
        var format = request.Format;
        bool hex = (format & RdFormat.Hexadecimal) != 0;
        bool symbolic = hex && (format & RdFormat.Symbolic) != 0 && request.Display == RdDisplay.Bits64 && symbols != null;
        bool netEndian = (format & RdFormat.NetEndian) != 0;
        var line = new StringBuilder(128);
        var hexChars = new StringBuilder(32);
        Span<byte> item = stackalloc byte[8];
        ulong addr = request.Address;
        long lost = 0;
        int lineLength = 0, asciiRun = 0;
        bool displayed = false;

        for (long i = 0; i < request.Count; i++)
        {
            var bytes = item[..size];
            if (kernel.ReadMemory(addr, request.Memory, bytes, out var fault) != size)
            {
                output.Write(line);
                line.Clear();
                if (request.Memory != MemoryType.DumpFile)
                    throw new CommandException(fault.Describe(request.ReadType));
                // crash reports an unreadable file offset and goes on with the next item
                output.Write($"rd: {fault.Describe(request.ReadType)}\n");
                addr = unchecked(addr + (ulong)size);
                lost++;
                continue;
            }

            if (request.Display != RdDisplay.Ascii && (i - lost) % perLine == 0)
            {
                if (i - lost != 0)
                {
                    if ((format & RdFormat.AsciiEndline) != 0)
                        line.Append("  ").Append(hexChars);
                    line.Append('\n');
                    output.Write(line);
                    line.Clear();
                }
                line.Append(CrashText.RJust(addr.ToString("x"), AddressWidth)).Append(":  ");
                hexChars.Clear();
                lineLength = AddressWidth + 3;
            }

            switch (request.Display)
            {
                case RdDisplay.Bits64:
                {
                    ulong v = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                    if (symbolic && SymbolDisplay.NameFor(symbols!, v) is string name)
                    {
                        line.Append(name.PadRight(16)).Append(' ');
                        lineLength += name.Length + 1;
                    }
                    else if (hex)
                    {
                        line.Append(v.ToString("x16")).Append(' ');
                        lineLength += 17;
                    }
                    else if ((format & RdFormat.Decimal) != 0)
                        line.Append(((long)v).ToString().PadLeft(15)).Append(' ');
                    else
                        line.Append(v.ToString().PadLeft(20)).Append(' ');
                    break;
                }
                case RdDisplay.Bits32:
                {
                    uint v = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                    if (netEndian)
                    {
                        v = BinaryPrimitives.ReverseEndianness(v);
                        BinaryPrimitives.WriteUInt32LittleEndian(bytes, v); // the ASCII column shows the swapped bytes too
                    }
                    if (hex)
                    {
                        line.Append(v.ToString("x8")).Append(' ');
                        lineLength += 9;
                    }
                    else if ((format & RdFormat.Decimal) != 0)
                        line.Append(((int)v).ToString().PadLeft(12)).Append(' ');
                    else
                        line.Append(v.ToString().PadLeft(12)).Append(' ');
                    break;
                }
                case RdDisplay.Bits16:
                {
                    ushort v = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
                    if (netEndian)
                    {
                        v = BinaryPrimitives.ReverseEndianness(v);
                        BinaryPrimitives.WriteUInt16LittleEndian(bytes, v);
                    }
                    if (hex)
                    {
                        line.Append(v.ToString("x4")).Append(' ');
                        lineLength += 5;
                    }
                    else // crash prints the 16-bit value promoted to int: never negative, even with -d
                        line.Append(v.ToString().PadLeft(5)).Append(' ');
                    break;
                }
                case RdDisplay.Bits8:
                {
                    byte v = bytes[0];
                    if (hex)
                    {
                        line.Append(v.ToString("x2")).Append(' ');
                        lineLength += 3;
                    }
                    else
                        line.Append(v.ToString().PadLeft(3)).Append(' ');
                    break;
                }
                case RdDisplay.Ascii:
                {
                    byte c = bytes[0];
                    if (CrashText.IsPrint(c))
                    {
                        if (asciiRun % perLine == 0)
                        {
                            if (displayed && i != 0)
                                line.Append('\n');
                            line.Append(CrashText.RJust(addr.ToString("x"), AddressWidth)).Append(":  ");
                            output.Write(line);
                            line.Clear();
                        }
                        output.Write((char)c);
                        displayed = true;
                        asciiRun++;
                    }
                    else
                    {
                        // Without a count crash stops at the string's end, and prints no newline there.
                        if (request.Count == RdRequest.AsciiUnlimited)
                        {
                            output.Write(line);
                            return;
                        }
                        asciiRun = 0;
                    }
                    break;
                }
            }

            if (hex && request.Display != RdDisplay.Ascii)
            {
                foreach (byte b in bytes)
                    hexChars.Append(CrashText.IsPrint(b) ? (char)b : '.');
            }
            addr = unchecked(addr + (ulong)size);
        }

        if ((format & RdFormat.AsciiEndline) != 0 && hexChars.Length > 0)
        {
            line.Append(' ', Math.Max(0, asciiStart - lineLength));
            line.Append("  ").Append(hexChars);
        }
        if (lost != request.Count)
            line.Append('\n');
        output.Write(line);
    }

    /// <summary>
    /// <c>rd -r FILE</c>: copies <see cref="RdRequest.Count"/> bytes to the file, then says how many.
    /// The file is created or overwritten, as crash does, except the dump itself, which is never written.
    /// </summary>
    public static void WriteRaw(CommandContext context, RdRequest request)
    {
        if (request.Count <= 0)
            throw new CommandException($"invalid count request: {request.Count}");
        string path = request.OutputFile!;
        if (Path.GetFullPath(path) == Path.GetFullPath(context.Kernel.Dump.Path))
            throw new CommandException($"cannot open output file: {path}: it is the dump file, which is never written");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Create, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandException($"cannot open output file: {path}");
        }
        using (file)
        {
            var buffer = new byte[64 * 1024];
            long written = 0;
            while (written < request.Count)
            {
                int n = (int)Math.Min(buffer.Length, request.Count - written);
                ulong at = unchecked(request.Address + (ulong)written);
                if (context.Kernel.ReadMemory(at, request.Memory, buffer.AsSpan(0, n), out var fault) != n)
                    throw new CommandException(fault.Describe(request.ReadType));
                file.Write(buffer, 0, n);
                written += n;
            }
        }
        context.Out.Write($"{request.Count} bytes copied from 0x{request.Address:x} to {path}\n");
    }
}
