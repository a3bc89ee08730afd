namespace Crashdive.Symbols.Types;

/// <summary>A function type (the target of a function pointer, or the type of a function).</summary>
public sealed class FunctionType : CType
{
    private readonly TypeLink _return;
    private readonly Func<FunctionParameterList> _readParameters;
    private FunctionParameterList? _parameters;

    internal FunctionType(ulong? dieKey, string? name, TypeLink returnType, bool prototyped, Func<FunctionParameterList> readParameters)
        : base(TypeKind.Function, dieKey)
    {
        Name = name;
        _return = returnType;
        IsPrototyped = prototyped;
        _readParameters = readParameters;
    }

    /// <summary>The function's name when built from a DW_TAG_subprogram; null for function types.</summary>
    public override string? Name { get; }

    /// <summary>The return type (void for procedures).</summary>
    public CType ReturnType => _return.Value;

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<FunctionParameter> Parameters => List.Parameters;

    /// <summary>True when the parameter list ends with <c>...</c>.</summary>
    public bool IsVariadic => List.IsVariadic;

    /// <summary>True for prototyped (ANSI) declarations.</summary>
    public bool IsPrototyped { get; }

    private FunctionParameterList List => _parameters ??= _readParameters();

    internal override ulong? ComputeSize(int depth) => null;
}
