namespace Crashdive.Symbols.Elf;

public sealed partial class ElfImage
{
    private ElfSymbolTable? _symbols;

    /// <summary>The symbol table (.symtab, else .dynsym; empty when neither), read on first use.</summary>
    public ElfSymbolTable Symbols
    {
        get
        {
            ElfSymbolTable? t = Volatile.Read(ref _symbols);
            if (t == null)
            {
                t = ElfSymbolTable.Read(this);
                Interlocked.CompareExchange(ref _symbols, t, null);
                t = _symbols!;
            }
            return t;
        }
    }
}
