namespace Crashdive.Dumps.Notes;

/// <summary>
/// The registers a dump saved for one CPU: from an NT_PRSTATUS note (kdump, makedumpfile,
/// QEMU) or from QEMU's own CPU-state note. Names are the x86-64 <c>user_regs_struct</c>
/// names; <see cref="Get"/> returns null for a register this source did not save.
/// </summary>
public sealed class CpuRegisters
{
    /// <summary>Order of <c>elf_prstatus.pr_reg</c> on x86-64 (<c>struct user_regs_struct</c>).</summary>
    public static readonly string[] PrstatusOrder =
    [
        "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx",
        "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base",
        "ds", "es", "fs", "gs",
    ];

    private readonly Dictionary<string, ulong> _values;

    /// <summary>Creates a register set.</summary>
    public CpuRegisters(int index, string source, int pid, IReadOnlyList<KeyValuePair<string, ulong>> values)
    {
        Index = index;
        Source = source;
        Pid = pid;
        Values = values;
        _values = new Dictionary<string, ulong>(values.Count);
        foreach (var kv in values)
            _values[kv.Key] = kv.Value;
    }

    /// <summary>Position of this note among the notes of its kind (the CPU number for kdump).</summary>
    public int Index { get; }

    /// <summary>Where the registers came from: "PRSTATUS" or "QEMU".</summary>
    public string Source { get; }

    /// <summary>pr_pid of the note (the task running on that CPU), or -1 when the source has none.</summary>
    public int Pid { get; }

    /// <summary>All registers in the source's order.</summary>
    public IReadOnlyList<KeyValuePair<string, ulong>> Values { get; }

    /// <summary>The register named <paramref name="name"/>, or null.</summary>
    public ulong? Get(string name) => _values.TryGetValue(name, out ulong v) ? v : null;
}
