using Crashdive.Commands.Printing;
using Crashdive.Kernel;

namespace Crashdive.Commands;

/// <summary>
/// crash's internal variables (<c>set radix 16</c>, <c>set scroll off</c>, <c>set -v</c>), one set per
/// kernel so that the prompt, every command and scripts share them: the output radix and gdb's print
/// settings that <c>p</c>, <c>struct</c>, <c>task</c>, <c>vm -m</c>, <c>list -s</c> and <c>net -S</c>
/// follow, the pager, and the settings crash keeps for compatibility. Defaults are crash 8.0.2's.
/// </summary>
public sealed class SessionSettings
{
    /// <summary>The settings of <paramref name="kernel"/>'s session.</summary>
    public static SessionSettings Of(KernelProgram kernel) => kernel.Cached(static k => new SessionSettings(k));

    private SessionSettings(KernelProgram kernel)
    {
        Namelist = kernel.Vmlinux?.Path ?? "(none)";
        Dumpfile = kernel.Dump.Path;
    }

    /// <summary>Output radix, 10 or 16: what <c>p</c> and <c>struct</c> print without <c>-x</c>/<c>-d</c>.</summary>
    public int Radix { get; set; } = 10;

    /// <summary>gdb's <c>print elements</c>: most array elements or string characters printed (crash: 256).</summary>
    public int PrintMax { get; set; } = 256;

    /// <summary>gdb's <c>print null-stop</c>: char arrays end at their first NUL.</summary>
    public bool NullStop { get; set; }

    /// <summary>gdb's <c>print array</c> (pretty arrays); kept and shown, crashdive prints arrays on one line.</summary>
    public bool PrintArray { get; set; }

    /// <summary>Page long output at an interactive terminal.</summary>
    public bool Scroll { get; set; }

    /// <summary>What pages output, as <c>set scroll</c> names it in parentheses (<c>none</c> when nothing does).</summary>
    public string Pager { get; set; } = "none";

    /// <summary>crash's <c>-s</c>: no banner, no prompt echo in batch mode; turning it on turns scrolling off.</summary>
    public bool Silent { get; set; }

    /// <summary>crash's debug level (kept and shown).</summary>
    public long Debug { get; set; }

    /// <summary>crash's task-list refresh (always on: the dump does not change).</summary>
    public bool Refresh { get; set; } = true;

    /// <summary>crash's list verification by hashing (kept and shown; our walks always detect cycles).</summary>
    public bool Hash { get; set; } = true;

    /// <summary>crash's drop-core-on-error (kept and shown).</summary>
    public bool Core { get; set; }

    /// <summary>crash's DWARF CFI unwinder switch on x86-64 (off: crashdive's bt unwinds with ORC).</summary>
    public bool Unwind { get; set; }

    /// <summary>Excluded pages read as zeros instead of failing (kept and shown).</summary>
    public bool ZeroExcluded { get; set; }

    /// <summary>Hide offline CPUs in per-CPU output.</summary>
    public bool OfflineHide { get; set; }

    /// <summary>Slab red zones shown by kmem (kept and shown).</summary>
    public bool Redzone { get; set; } = true;

    /// <summary>Line editing mode, fixed at start (<c>vi</c>).</summary>
    public string Edit { get; set; } = "vi";

    /// <summary>Where error messages go: <c>default</c>, <c>redirect</c> or a file name.</summary>
    public string Error { get; set; } = "default";

    /// <summary>The kernel file the session opened.</summary>
    public string Namelist { get; set; }

    /// <summary>The dump file the session opened.</summary>
    public string Dumpfile { get; set; }

    /// <summary>
    /// The print options for a command's own radix option: <paramref name="radix"/> (10 or 16) when it
    /// was given, else the session's radix; print_max and null-stop always from the session.
    /// </summary>
    public FormatOptions Format(int radix = 0) =>
        new(radix == 0 ? Radix : radix, PrintMax, NullStop: NullStop);
}
