namespace Crashdive.Commands.Backtrace;

/// <summary>How <c>bt</c> prints one task's trace.</summary>
internal sealed class BtOptions
{
    public bool Full { get; set; }

    /// <summary>-F: stack words shown as symbols and slab caches; -FF: slab objects with their address.</summary>
    public int SymbolicLevel { get; set; }

    public bool Symbolic => SymbolicLevel > 0;
    public bool Lines { get; set; }
    public bool SymbolOffset { get; set; }
    public bool Hex { get; set; }
    public bool TextSymbols { get; set; }
    public bool FromBottom { get; set; }
    public bool Raw { get; set; }
    public string? Reference { get; set; }

    /// <summary>-e: search the stack for exception frames instead of unwinding.</summary>
    public bool ExceptionSearch { get; set; }

    /// <summary>-o (or the -O default): crash's old method, every text address on the stack from the first frame up.</summary>
    public bool OldMethod { get; set; }

    /// <summary>-n idle: only the header for an idle task stopped by the crash NMI.</summary>
    public bool SkipIdle { get; set; }

    /// <summary>-I: the instruction address to start from.</summary>
    public ulong? StartIp { get; set; }

    /// <summary>-S: the stack address to start from.</summary>
    public ulong? StartSp { get; set; }
}
