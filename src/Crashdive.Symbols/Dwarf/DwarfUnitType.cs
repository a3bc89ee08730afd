namespace Crashdive.Symbols.Dwarf;

/// <summary>DWARF 5 unit header types (DW_UT_*). DWARF 2-4 units are given the type their header implies.</summary>
public enum DwarfUnitType : byte
{
    /// <summary>DW_UT_compile: a full compilation unit.</summary>
    Compile = 1,
    /// <summary>DW_UT_type: a type unit (also DWARF 4 .debug_types units).</summary>
    Type = 2,
    /// <summary>DW_UT_partial: a partial unit (dwz), imported by others.</summary>
    Partial = 3,
    /// <summary>DW_UT_skeleton: the stub of a split (.dwo) unit.</summary>
    Skeleton = 4,
    /// <summary>DW_UT_split_compile.</summary>
    SplitCompile = 5,
    /// <summary>DW_UT_split_type.</summary>
    SplitType = 6,
}
