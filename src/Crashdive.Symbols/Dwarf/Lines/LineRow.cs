namespace Crashdive.Symbols.Dwarf.Lines;

/// <summary>One row of a line table (DWARF 5 section 6.2.2); <see cref="File"/> indexes the table's file list.</summary>
public readonly record struct LineRow(ulong Address, int File, int Line, int Column, bool IsStatement, bool EndSequence);
