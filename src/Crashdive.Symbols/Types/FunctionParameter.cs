namespace Crashdive.Symbols.Types;

/// <summary>One parameter of a function type.</summary>
public sealed class FunctionParameter
{
    private readonly TypeLink _type;

    internal FunctionParameter(string? name, TypeLink type)
    {
        Name = name;
        _type = type;
    }

    /// <summary>The parameter's name, or null (prototypes in function pointer types usually have none).</summary>
    public string? Name { get; }

    /// <summary>The parameter's type.</summary>
    public CType Type => _type.Value;
}
