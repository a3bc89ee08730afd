using System.Globalization;
using System.Text;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary>crash's internal variables: <c>set NAME [VALUE]</c> and <c>set -v</c>, with crash's wording (tools.c cmd_set, show_options).</summary>
public sealed partial class SetCommand
{
    private static readonly string[] Variables =
    [
        "debug", "hash", "unwind", "refresh", "gdb", "scroll", "silent", "console", "core", "radix", "hex", "dec",
        "edit", "vi", "emacs", "print_max", "scope", "null-stop", "print_array", "namelist", "data_debug",
        "zero_excluded", "offline", "redzone", "error",
    ];

    /// <summary>True when <paramref name="word"/> names one of crash's internal variables.</summary>
    public static bool IsVariable(string word) => Array.IndexOf(Variables, word) >= 0;

    /// <summary>crash's <c>show_options()</c>: every variable, right-aligned names.</summary>
    public static string ShowOptions(KernelProgram kernel)
    {
        SessionSettings s = SessionSettings.Of(kernel);
        var sb = new StringBuilder(1024);
        sb.Append("        scroll: ").Append(OnOff(s.Scroll)).Append(" (").Append(s.Pager).Append(")\n");
        sb.Append("         radix: ").Append(s.Radix).Append(s.Radix == 16 ? " (hexadecimal)\n" : " (decimal)\n");
        sb.Append("       refresh: ").Append(OnOff(s.Refresh)).Append('\n');
        sb.Append("     print_max: ").Append(s.PrintMax).Append('\n');
        sb.Append("   print_array: ").Append(OnOff(s.PrintArray)).Append('\n');
        sb.Append("       console: (not assigned)\n");
        sb.Append("         debug: ").Append(s.Debug).Append('\n');
        sb.Append("          core: ").Append(OnOff(s.Core)).Append('\n');
        sb.Append("          hash: ").Append(OnOff(s.Hash)).Append('\n');
        sb.Append("        silent: ").Append(OnOff(s.Silent)).Append('\n');
        sb.Append("          edit: ").Append(s.Edit).Append('\n');
        sb.Append("      namelist: ").Append(s.Namelist).Append('\n');
        sb.Append("      dumpfile: ").Append(s.Dumpfile).Append('\n');
        sb.Append("        unwind: ").Append(OnOff(s.Unwind)).Append('\n');
        sb.Append(" zero_excluded: ").Append(OnOff(s.ZeroExcluded)).Append('\n');
        sb.Append("     null-stop: ").Append(OnOff(s.NullStop)).Append('\n');
        sb.Append("           gdb: off\n");
        sb.Append("         scope: 0 (not set)\n");
        sb.Append("       offline: ").Append(s.OfflineHide ? "hide" : "show").Append('\n');
        sb.Append("       redzone: ").Append(OnOff(s.Redzone)).Append('\n');
        sb.Append("         error: ").Append(s.Error).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// <c>set NAME [VALUE]</c> for the variable at <paramref name="words"/>[<paramref name="i"/>]: sets it when a
    /// value follows, then prints it as crash does. A value the variable does not take fails with crash's
    /// <c>invalid command: set NAME VALUE</c>.
    /// </summary>
    private static void Variable(CommandContext context, IReadOnlyList<string> words, int i)
    {
        SessionSettings s = SessionSettings.Of(context.Kernel);
        TextWriter output = context.Out;
        string name = words[i];
        string? value = i + 1 < words.Count ? words[i + 1] : null;
        string Invalid() => "invalid command: set " + string.Join(' ', words) + " ";
        bool Flag(bool current) => value == null ? current : ParseOnOff(value) ?? throw new CommandException(Invalid());
        switch (name)
        {
            case "debug":
                if (value != null)
                    s.Debug = value == "on" ? 1 : value == "off" ? 0 : ParseNumber(value) is ulong n ? (long)n : throw new CommandException(Invalid());
                output.Write($"debug: {s.Debug}\n");
                return;
            case "hash":
                s.Hash = Flag(s.Hash);
                output.Write($"hash: {OnOff(s.Hash)}\n");
                return;
            case "unwind":
                // crash turns DWARF unwinding on only where it is capable; crashdive's bt unwinds with ORC
                Flag(s.Unwind);
                output.Write($"unwind: {OnOff(s.Unwind)}\n");
                return;
            case "refresh":
                s.Refresh = Flag(s.Refresh);
                output.Write($"refresh: {OnOff(s.Refresh)}\n");
                return;
            case "gdb":
                if (Flag(false))
                    throw new CommandException("gdb mode is not available: crashdive has no embedded gdb");
                output.Write("gdb: off\n");
                return;
            case "scroll":
                if (value != null && ParseOnOff(value) is null)
                {
                    if (value is "less" or "more" or "CRASHPAGER")
                        throw new CommandException($"scroll {value}: the pager is fixed ({s.Pager}): set $CRASHPAGER or $PAGER before starting");
                    throw new CommandException(Invalid());
                }
                s.Scroll = Flag(s.Scroll);
                output.Write($"scroll: {OnOff(s.Scroll)} ({s.Pager})\n");
                return;
            case "silent":
                if (value != null)
                {
                    s.Silent = Flag(s.Silent);
                    if (s.Silent)
                        s.Scroll = false;
                }
                if (!s.Silent)
                    output.Write("silent: off\n");
                return;
            case "console":
                // crash opens the device for its debug messages; crashdive has none to send
                output.Write(value == null ? "console: not set\n" : $"console: assignment to {value} failed\n");
                return;
            case "core":
                s.Core = Flag(s.Core);
                output.Write(s.Core ? "core: on (drop core on error message)\n" : "core: off (do NOT drop core on error message)\n");
                return;
            case "radix":
                if (value != null)
                {
                    if (value == "10" || value.StartsWith("dec", StringComparison.Ordinal) || value.StartsWith("ten", StringComparison.Ordinal))
                        s.Radix = 10;
                    else if (value == "16" || value.StartsWith("hex", StringComparison.Ordinal) || value.StartsWith("six", StringComparison.Ordinal))
                        s.Radix = 16;
                    else
                        throw new CommandException(Invalid());
                }
                output.Write(s.Radix == 16 ? "output radix: 16 (hex)\n" : "output radix: 10 (decimal)\n");
                return;
            case "hex":
                s.Radix = 16;
                output.Write("output radix: 16 (hex)\n");
                return;
            case "dec":
                s.Radix = 10;
                output.Write("output radix: 10 (decimal)\n");
                return;
            case "edit":
                if (value != null)
                    throw new CommandException("cannot change editing mode during runtime");
                output.Write($"edit: {s.Edit}\n");
                return;
            case "vi":
                throw new CommandException("cannot change editing mode during runtime");
            case "emacs":
                throw new CommandException($"cannot change {s.Edit} editing mode during runtime");
            case "print_max":
                if (value != null)
                {
                    if (ParseNumber(value) is not ulong max || max > int.MaxValue)
                        throw new CommandException(Invalid());
                    s.PrintMax = (int)max;
                }
                output.Write($"print_max: {s.PrintMax}\n");
                return;
            case "scope":
                if (value != null)
                    throw new CommandException("scope: not supported: crashdive looks types up in the whole kernel and its modules");
                output.Write("scope: 0 (not set)\n");
                return;
            case "null-stop":
                s.NullStop = Flag(s.NullStop);
                output.Write($"null-stop: {OnOff(s.NullStop)}\n");
                return;
            case "print_array":
                s.PrintArray = Flag(s.PrintArray);
                output.Write($"print_array: {OnOff(s.PrintArray)}\n");
                return;
            case "namelist":
                output.Write($"namelist: {s.Namelist}\n");
                return;
            case "data_debug":
                return;
            case "zero_excluded":
                s.ZeroExcluded = Flag(s.ZeroExcluded);
                output.Write($"zero_excluded: {OnOff(s.ZeroExcluded)}\n");
                return;
            case "offline":
                if (value != null)
                    s.OfflineHide = value == "hide" || (value == "show" ? false : throw new CommandException(Invalid()));
                output.Write($"      offline: {(s.OfflineHide ? "hide" : "show")}\n");
                return;
            case "redzone":
                s.Redzone = Flag(s.Redzone);
                output.Write($"redzone: {OnOff(s.Redzone)}\n");
                return;
            case "error":
                if (value != null)
                {
                    if (value is not ("default" or "redirect"))
                        throw new CommandException($"error {value}: only \"default\" and \"redirect\" are supported");
                    s.Error = value;
                }
                output.Write($"error: {s.Error}\n");
                return;
        }
    }

    private static string OnOff(bool on) => on ? "on" : "off";

    /// <summary>crash's on/off/number setting: <c>on</c>, <c>off</c>, or a number (non-zero is on); null when none of them.</summary>
    private static bool? ParseOnOff(string value) =>
        value == "on" ? true : value == "off" ? false : ParseNumber(value) is ulong n ? n != 0 : null;

    /// <summary>crash's <c>IS_A_NUMBER</c> then <c>stol</c>: decimal digits as decimal, else hex (with or without 0x).</summary>
    private static ulong? ParseNumber(string value)
    {
        if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong d))
            return d;
        string h = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        return h.Length > 0 && ulong.TryParse(h, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong x) ? x : null;
    }
}
