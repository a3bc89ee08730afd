namespace Crashdive.Kernel;

/// <summary>One kernel symbol: its name, nm-style type letter (<c>T</c>, <c>d</c>, <c>A</c>...) and run-time address.</summary>
public readonly record struct KernelSymbol(string Name, char Type, ulong Address);
