namespace Crashdive.Kernel.Expressions;

/// <summary>
/// A name: a variable, function, enumeration constant or kallsyms symbol. <see cref="Cpu"/> is
/// crash's per-cpu suffix (<c>runqueues:1</c>): that CPU's instance of a per-cpu variable.
/// </summary>
public sealed record NameNode(string Name, int? Cpu = null) : ExpressionNode;
