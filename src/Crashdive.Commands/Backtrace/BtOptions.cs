namespace Crashdive.Commands.Backtrace;

/// <summary>How <c>bt</c> prints one task's trace.</summary>
internal sealed class BtOptions
{
    public bool Full { get; set; }
    public bool Symbolic { get; set; }
    public bool Lines { get; set; }
    public bool SymbolOffset { get; set; }
    public bool Hex { get; set; }
    public bool TextSymbols { get; set; }
    public bool FromBottom { get; set; }
    public bool Raw { get; set; }
    public string? Reference { get; set; }
}
