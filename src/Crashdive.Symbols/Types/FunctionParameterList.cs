namespace Crashdive.Symbols.Types;

/// <summary>The parameters of a function type, read together with whether it is variadic.</summary>
internal sealed record FunctionParameterList(IReadOnlyList<FunctionParameter> Parameters, bool IsVariadic);
