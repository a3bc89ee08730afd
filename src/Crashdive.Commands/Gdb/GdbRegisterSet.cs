using System.Globalization;
using System.Text;
using Crashdive.Commands.Printing;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// The x86-64 registers of a gdb frame as gdb's <c>info registers</c> prints them: the name, the raw value in
/// hexadecimal at column 15, and at column 35 the value in the register's natural type (signed decimal for the
/// integer registers, an address for rbp and rsp, an address with its symbol for rip, the set flags for
/// eflags); a register the frame does not know shows <c>&lt;unavailable&gt;</c>. crash 9 gives gdb no eflags
/// and segment registers, and fs_base and gs_base only from a dump's note.
/// </summary>
public sealed class GdbRegisterSet
{
    /// <summary>gdb's general registers of x86-64, in its order.</summary>
    public static readonly string[] General =
    [
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
        "rip", "eflags", "cs", "ss", "ds", "es", "fs", "gs", "fs_base", "gs_base",
    ];

    private static readonly string[] EflagsNames =
    [
        "CF", "", "PF", "", "AF", "", "ZF", "SF", "TF", "IF", "DF", "OF", "", "", "NT", "", "RF", "VM", "AC", "VIF", "VIP", "ID",
    ];

    private readonly GdbFrame _frame;
    private readonly GdbSymbols _symbols;

    private GdbRegisterSet(GdbFrame frame, GdbSymbols symbols)
    {
        _frame = frame;
        _symbols = symbols;
    }

    /// <summary>The registers of <paramref name="frame"/>.</summary>
    public static GdbRegisterSet Of(KernelProgram kernel, GdbFrame frame) => new(frame, GdbSymbols.Of(kernel));

    /// <summary>The value of register <paramref name="name"/> (gdb's names, with pc, sp for rip, rsp), or null when the frame does not know it.</summary>
    public ulong? Value(string name)
    {
        FrameRegisters r = _frame.Registers;
        int dwarf = DwarfNumber(name);
        if (dwarf >= 0)
            return r.TryGet(dwarf, out ulong v) ? v : null;
        return name switch
        {
            "fs_base" => _frame.FsBase,
            "gs_base" => _frame.GsBase,
            _ => null,
        };
    }

    /// <summary>True when <paramref name="name"/> is a register gdb knows here.</summary>
    public static bool IsRegister(string name) => Array.IndexOf(General, name) >= 0 || name is "pc" or "sp";

    /// <summary>Appends <paramref name="name"/>'s line; false when there is no such register.</summary>
    public bool AppendLine(StringBuilder sb, string name)
    {
        if (!IsRegister(name))
            return false;
        var line = new StringBuilder(64).Append(name);
        PadTo(line, 15);
        if (Value(name) is not ulong v)
        {
            line.Append("<unavailable>");
            sb.Append(line).Append('\n');
            return true;
        }
        bool wide = name is not ("eflags" or "cs" or "ss" or "ds" or "es" or "fs" or "gs");
        ulong raw = wide ? v : v & 0xffffffff;
        line.Append("0x").Append(raw.ToString("x", CultureInfo.InvariantCulture));
        PadTo(line, 35);
        switch (name)
        {
            case "rip" or "pc":
                line.Append("0x").Append(raw.ToString("x", CultureInfo.InvariantCulture));
                if (_symbols.Annotate(raw) is string symbol)
                    line.Append(' ').Append(symbol);
                break;
            case "rbp" or "rsp" or "sp":
                line.Append("0x").Append(raw.ToString("x", CultureInfo.InvariantCulture));
                break;
            case "eflags":
                line.Append('[');
                for (int bit = 0; bit < EflagsNames.Length; bit++)
                {
                    if (EflagsNames[bit].Length > 0 && (raw & (1UL << bit)) != 0)
                        line.Append(' ').Append(EflagsNames[bit]);
                }
                line.Append(" ]");
                break;
            case "cs" or "ss" or "ds" or "es" or "fs" or "gs":
                line.Append(((int)(uint)raw).ToString(CultureInfo.InvariantCulture));
                break;
            default:
                line.Append(((long)raw).ToString(CultureInfo.InvariantCulture));
                break;
        }
        sb.Append(line).Append('\n');
        return true;
    }

    /// <summary>gdb's pad_to_column: at least one space, then spaces up to <paramref name="column"/>.</summary>
    private static void PadTo(StringBuilder line, int column)
    {
        line.Append(' ');
        if (line.Length < column)
            line.Append(' ', column - line.Length);
    }

    /// <summary>gdb's name of DWARF register <paramref name="dwarf"/> (0-16).</summary>
    public static string GdbName(int dwarf) => dwarf switch
    {
        0 => "rax", 1 => "rdx", 2 => "rcx", 3 => "rbx", 4 => "rsi", 5 => "rdi", 6 => "rbp", 7 => "rsp",
        >= 8 and <= 15 => "r" + dwarf,
        _ => "rip",
    };

    /// <summary>The DWARF number of a general register (rax 0, rdx 1, rcx 2, rbx 3, rsi 4, rdi 5, rbp 6, rsp 7, r8-r15, rip 16), or -1.</summary>
    public static int DwarfNumber(string name) => name switch
    {
        "rax" => 0, "rdx" => 1, "rcx" => 2, "rbx" => 3, "rsi" => 4, "rdi" => 5, "rbp" => 6, "rsp" or "sp" => 7,
        "r8" => 8, "r9" => 9, "r10" => 10, "r11" => 11, "r12" => 12, "r13" => 13, "r14" => 14, "r15" => 15,
        "rip" or "pc" => 16,
        _ => -1,
    };
}
