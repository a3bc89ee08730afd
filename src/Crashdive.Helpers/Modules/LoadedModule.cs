using Crashdive.Kernel;

namespace Crashdive.Helpers.Modules;

/// <summary>
/// One loaded module as crash's <c>mod</c> shows it.
/// </summary>
/// <param name="Object">The <c>struct module</c>.</param>
/// <param name="Name">Its name (<c>mod-&gt;name</c>).</param>
/// <param name="Base">Start of its core text: <c>mem[MOD_TEXT].base</c> (6.4+) or <c>core_layout.base</c>.</param>
/// <param name="Size">Size of its core memory: the sum of the core <c>mem[]</c> regions (6.4+) or <c>core_layout.size</c>.</param>
/// <param name="HasKallsyms">True when the module carries its own symbol table in memory (CONFIG_KALLSYMS).</param>
public sealed record LoadedModule(KObject Object, string Name, ulong Base, ulong Size, bool HasKallsyms)
{
    /// <summary>Address of the <c>struct module</c>.</summary>
    public ulong Address => Object.Address;

    /// <summary>True when <paramref name="address"/> falls in the module's core memory.</summary>
    public bool Contains(ulong address) => address >= Base && address - Base < Size;
}
