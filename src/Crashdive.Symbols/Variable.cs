using Crashdive.Symbols.Types;

namespace Crashdive.Symbols;

/// <summary>
/// A global or static variable: its type from DWARF and its link-time address (unrelocated: KASLR
/// is applied by the memory layer). For per-CPU variables the address is the offset in the per-CPU
/// area (add a CPU's __per_cpu_offset).
/// </summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Type">Its type.</param>
/// <param name="Address">Its address, or null when neither DWARF nor the symbol table gives one (optimised out).</param>
/// <param name="IsPerCpu">True for DEFINE_PER_CPU variables (in .data..percpu).</param>
/// <param name="DieKey">The DIE the type came from.</param>
/// <param name="AddressFromSymbolTable">True when DWARF had no location and the ELF symbol gave the address (<c>jiffies</c>, which the linker script aliases to <c>jiffies_64</c>).</param>
public sealed record Variable(string Name, CType Type, ulong? Address, bool IsPerCpu, ulong DieKey, bool AddressFromSymbolTable);
